//! The facts import reads in the opening pages of real conventions and
//! avenants between collectivités (`tests/fixtures/front-matters/`, each
//! with its source on its first line): for each text, the facts a reader
//! writes down from reading it — title, kind, the avenant's number, and per
//! party its name as written, gender, representative, signatory, designation,
//! whether it deliberates and its deliberation (organ, number, date).
//!
//! Recall = facts import records right / facts the reader writes down.
//! Invented = facts import records that the reader did not write: a party
//! that is not one (a heading, a stamp, a formula), a value where the text
//! states none (a placeholder « n° ………… » taken as a number), a wrong value.
//! The expectations were written by reading the texts, never from the
//! import's output. Field notation: "" = the text states nothing (import must
//! record nothing), "?" = not judged (the text leaves it open to reading).

use crate::common::*;
use clausier::source::{Genre, Manifest, Party};
use std::path::Path;

/// One party as the reader writes it down.
struct P {
    nom: &'static str,
    /// 'f', 'm', or '?'.
    genre: char,
    representant: &'static str,
    signataire: &'static str,
    qualite: &'static str,
    designation: &'static str,
    /// 'o' (deliberates), 'n' (does not), '?'.
    delibere: char,
    organe: &'static str,
    numero: &'static str,
    date: &'static str,
}

/// One text as the reader writes it down.
struct T {
    file: &'static str,
    /// « convention », « avenant ».
    kind: &'static str,
    /// The text's own number (« 5 » for « AVENANT N°5 »), "" when it states none.
    numero: &'static str,
    /// Fragments the title holds, in reading; empty: the opening states no title.
    title: &'static [&'static str],
    /// What is not the title: stamps, running headers, the parties.
    not_title: &'static [&'static str],
    parties: Vec<P>,
}

#[allow(clippy::too_many_arguments)]
fn p(
    nom: &'static str,
    genre: char,
    representant: &'static str,
    signataire: &'static str,
    qualite: &'static str,
    designation: &'static str,
    delibere: char,
    (organe, numero, date): (&'static str, &'static str, &'static str),
) -> P {
    P { nom, genre, representant, signataire, qualite, designation, delibere, organe, numero, date }
}

const NO_DELIB: (&str, &str, &str) = ("", "", "");

/// The texts and what a reader writes down from each, in groups of a
/// few (a table too long to read as one function).
fn texts() -> Vec<T> {
    [texts_1(), texts_2(), texts_3(), texts_4()].into_iter().flatten().collect()
}

fn texts_1() -> Vec<T> {
    vec![
        T {
            file: "01-rouen-caf-centre-social.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION CENTRE SOCIAL SAINT VIVIEN"],
            not_title: &["Entre"],
            parties: vec![
                p("La Ville de Rouen", 'f', "Madame Caroline Dutarte, Adjointe au Maire", "Caroline Dutarte", "Adjointe au Maire", "la Ville", 'o', ("", "", "2009-01-23")),
                p("La Caisse d’allocations familiales de Rouen", 'f', "Monsieur André REY", "André REY", "", "la Caf", 'n', NO_DELIB),
            ],
        },
        T {
            file: "02-nantes-dschang-pays-de-la-loire-cameroun.md",
            kind: "convention",
            numero: "",
            title: &["Coopération Nantes-Dschang Convention 2008 Développement culturel et touristique Route des Chefferies"],
            not_title: &["-1-", "Entre"],
            parties: vec![
                p("La Ville de Nantes", 'f', "Jean-Philippe Magnen, Adjoint au Maire", "Jean-Philippe Magnen", "Adjoint au Maire", "la Ville de Nantes", 'o', ("Conseil Municipal", "", "2008-12-05")),
                p("la Ville de Dschang", 'f', "M. Bernard Momo, Maire", "Bernard Momo", "Maire", "la Ville de Dschang", '?', NO_DELIB),
                p("L’Association «Pays de la Loire Cameroun»", 'f', "M. Patrick Bachelier, Président de l’Association", "Patrick Bachelier", "Président de l’Association", "l’Association", 'n', NO_DELIB),
            ],
        },
        T {
            file: "03-haut-rhin-lpo-alsace.md",
            kind: "convention",
            numero: "",
            title: &["Convention annuelle 2019 relative au soutien départemental apporté à l’association Ligue pour la Protection des Oiseaux-LPO Alsace"],
            not_title: &["DEVI", "1/6", "Vu les articles"],
            parties: vec![p("Le Département du Haut-Rhin", 'm', "la Présidente du Conseil départemental", "", "Présidente du Conseil départemental", "le Département", 'o', ("Commission Permanente", "", ""))],
        },
        T {
            file: "04-pyrenees-orientales-cos.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION"],
            not_title: &["ENTRE", "Président"],
            parties: vec![
                p("le Département", 'm', "Le Président du Conseil Général des Pyrénées-Orientales", "", "Président du Conseil Général des Pyrénées-Orientales", "", 'o', ("", "", "2007-11-19")),
                p("le Comité des Œuvres Sociales, Culturelles, Ludiques et Sportives du Conseil Général des Pyrénées Orientales", '?', "Le Président M Alain COSTA", "Alain COSTA", "Président", "l’association", '?', NO_DELIB),
            ],
        },
        T {
            file: "05-thouars-region-nouvelle-aquitaine.md",
            kind: "convention",
            numero: "",
            title: &[],
            not_title: &[],
            parties: vec![
                p("La Région Nouvelle-Aquitaine", 'f', "son Président, M. Alain ROUSSET", "Alain ROUSSET", "Président", "", 'o', ("Commission Permanente du Conseil régional de Nouvelle-Aquitaine", "2019.1230.CP", "2019-07-08")),
                p("La Communauté de communes du Thouarsais", 'f', "M. Bernard PAINEAU, Président ou M. Jean GIRET, Vice-Président chargé de la Commission Culture", "Bernard PAINEAU", "Président", "", 'o', ("", "", "2018-09-11")),
                p("La Ville de Thouars", 'f', "M. Patrice PINEAU, en sa qualité de Maire en exercice", "Patrice PINEAU", "Maire", "", 'o', ("conseil municipal", "", "2019-01-15")),
            ],
        },
        T {
            file: "06-stif-cachan-transports-scolaires.md",
            kind: "convention",
            numero: "",
            title: &["Convention de délégation de compétence en matière de transports scolaires des élèves handicapés"],
            not_title: &["Accusé", "préfecture", "2015"],
            parties: vec![
                p("Le SYNDICAT DES TRANSPORTS D'ILE-DE-FRANCE", 'm', "sa directrice générale, Madame Sophie MOUGARD", "Sophie MOUGARD", "directrice générale", "le « STIF »", 'o', ("", "", "2015-07-08")),
                p("La Commune de Cachan", 'f', "M. Jean-Yves LE BOUILLONNEC (maire)", "Jean-Yves LE BOUILLONNEC", "maire", "L’autorité organisatrice de proximité", 'o', ("conseil municipal", "", "")),
            ],
        },
        T {
            file: "07-pontivy-communaute-servitude.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE SERVITUDE", "POUR LE PASSAGE DE CANALISATIONS PUBLIQUES D’EAU POTABLE EN TERRAIN PRIVE"],
            not_title: &["Accusé", "Réception", "056-245614433", "Publication"],
            parties: vec![
                p("PONTIVY COMMUNAUTE", '?', "Monsieur Jean Pierre Le Roch, Président", "Jean Pierre Le Roch", "Président", "", 'o', ("bureau communautaire", "", "")),
                p("?", '?', "", "", "", "le propriétaire", 'n', NO_DELIB),
            ],
        },
        T {
            file: "08-belleville-sur-meuse-verger.md",
            kind: "convention",
            numero: "",
            title: &["LA CONVENTION"],
            not_title: &["Entre"],
            parties: vec![
                p("La commune de BELLEVILLE SUR MEUSE", 'f', "son maire, Monsieur Yves Peltier, en exercice", "Yves Peltier", "maire", "", 'o', ("conseil municipal", "", "2004-06-30")),
                p("L'association BELLEVILLE NATURE ENVIRONNEMENT", 'f', "son président, Monsieur Guy Durey, en exercice", "Guy Durey", "président", "", 'n', NO_DELIB),
            ],
        },
    ]
}

fn texts_2() -> Vec<T> {
    vec![
        T {
            file: "09-vaucluse-ens-calavon.md",
            kind: "convention",
            numero: "",
            title: &["Convention pour l’intégration du site « Les zones humides du Calavon (Le Plan, La Virginière, la Bégude, Ponty, Les Tours) » dans le réseau des Espaces naturels sensibles du Département de Vaucluse"],
            not_title: &["Envoyé", "préfecture", "ENTRE", "est conclue"],
            parties: vec![
                p("Le Département de Vaucluse", 'm', "Monsieur Maurice CHABERT, Président du Conseil départemental", "Maurice CHABERT", "Président du Conseil départemental", "LE DÉPARTEMENT", 'o', ("Assemblée départementale", "", "")),
                p("Le Parc Naturel régional du Luberon", 'm', "Madame Dominique SANTONI, Présidente", "Dominique SANTONI", "Présidente", "LE PARC DU LUBERON", 'o', ("Bureau syndical", "", "")),
                p("La Commune de OPPEDE", 'f', "Monsieur Alain DEILLE, Maire", "Alain DEILLE", "Maire", "LA COMMUNE D’OPPEDE", 'o', ("Conseil municipal", "", "")),
                p("La Commune de GOULT", 'f', "Monsieur Didier PERELLO, Maire", "Didier PERELLO", "Maire", "LA COMMUNE DE GOULT", 'o', ("Conseil municipal", "", "")),
            ],
        },
        T {
            file: "10-zac-lenfant-avenant-2.md",
            kind: "avenant",
            numero: "2",
            title: &["AVENANT 2 A LA CONCESSION D’AMENAGEMENT POUR LA REALISATION DE LA ZAC DU QUARTIER DE LENFANT D’AIX EN PROVENCE"],
            not_title: &["Page", "Reçu", "SOMMAIRE", "ENTRE"],
            parties: vec![
                p("La Métropole d’Aix-Marseille-Provence", 'f', "sa Présidente en exercice ou son Représentant par délégation", "", "Présidente", "la \"Métropole d’Aix-Marseille-Provence\"", 'o', NO_DELIB),
                p("La Société Publique Locale d’Aménagement \"Pays d’Aix Territoires\"", 'f', "Monsieur Gérard BRAMOULLÉ, son Président Directeur Général", "Gérard BRAMOULLÉ", "Président Directeur Général", "La SPLA", '?', ("Conseil d’Administration", "", "2020-09-10")),
            ],
        },
        T {
            file: "11-mandat-step-la-ciotat-avenant-5.md",
            kind: "avenant",
            numero: "5",
            title: &["CONVENTION DE MANDAT", "RELATIVE AUX MISSIONS CONFIÉES A MARSEILLE AMENAGEMENT POUR L'EXTENSION ET LA MISE EN CONFORMITE DE LA STATION D'EPURATION DE LA CIOTAT - CEYRESTE", "AVENANT N°5"],
            not_title: &["ENTRE", "URBAINE"],
            parties: vec![
                p("La COMMUNAUTE URBAINE MARSEILLE PROVENCE METROPOLE", 'f', "son président, M. Eugène CASELLI", "Eugène CASELLI", "président", "le Maître d'ouvrage", 'o', NO_DELIB),
                p("MARSEILLE AMÉNAGEMENT", 'f', "Monsieur Charles BOUMENDIL, Directeur Général", "Charles BOUMENDIL", "Directeur Général", "le Mandataire", '?', ("Conseil d'Administration de la Société", "", "2003-11-17")),
            ],
        },
        T {
            file: "12-grandangouleme-ads-avenant-adhesion.md",
            kind: "avenant",
            numero: "",
            title: &["Avenant d adhésion à la convention réglant les effets de l adhésion au service commun d'agglomération pour l'instruction du droit des sols"],
            not_title: &["PROJET", "Entre"],
            parties: vec![
                p("La communauté d'agglomération du GrandAngoulême", 'f', "son Président en exercice", "", "Président", "la Communauté", 'o', ("conseil communautaire", "", "?")),
                p("La Commune Angoulême", 'f', "Xavier BONNEFONT, Maire", "Xavier BONNEFONT", "Maire", "la Commune", 'o', ("?", "", "2017-02-14")),
            ],
        },
        T {
            file: "13-unedic-convention-2009.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DU 19 FÉVRIER 2009 RELATIVE À L’INDEMNISATION DU CHÔMAGE"],
            not_title: &["Article", "MEDEF"],
            parties: [
                ("Le Mouvement des entreprises de France (MEDEF)", 'm'),
                ("La Confédération générale des petites et moyennes entreprises (CGPME)", 'f'),
                ("L’Union professionnelle artisanale (UPA)", 'f'),
                ("La Confédération française démocratique du travail (CFDT)", 'f'),
                ("La Confédération française des travailleurs chrétiens (CFTC)", 'f'),
                ("La Confédération française de l’encadrement-CGC (CFE-CGC)", 'f'),
                ("La Confédération générale du travail-Force ouvrière (CGT-FO)", 'f'),
                ("La Confédération générale du travail (CGT)", 'f'),
            ]
            .into_iter()
            .map(|(nom, g)| p(nom, g, "", "", "", "", 'n', NO_DELIB))
            .collect(),
        },
        T {
            file: "14-transporteurs-sanitaires-avenant-6.md",
            kind: "avenant",
            numero: "6",
            title: &["AVENANT N° 6 À LA CONVENTION NATIONALE DES TRANSPORTEURS SANITAIRES PRIVÉS"],
            not_title: &["Entre", "Article"],
            parties: vec![
                p("L'Union nationale des caisses d'assurance maladie (UNCAM)", 'f', "M. Frédéric van Roekeghem, son directeur général", "Frédéric van Roekeghem", "directeur général", "", 'n', NO_DELIB),
                p("La Chambre nationale des services d'ambulances", 'f', "M. Bernard Boccard, son président", "Bernard Boccard", "président", "", 'n', NO_DELIB),
                p("La Fédération nationale des transporteurs sanitaires", 'f', "M. Thierry Schifano, son président", "Thierry Schifano", "président", "", 'n', NO_DELIB),
                p("La Fédération nationale des ambulanciers privés", 'f', "M. Bernard Pelletier, son président", "Bernard Pelletier", "président", "", 'n', NO_DELIB),
                p("La Fédération nationale des artisans ambulanciers", 'f', "M. Jean-Claude Maksymiuk, son président", "Jean-Claude Maksymiuk", "président", "", 'n', NO_DELIB),
            ],
        },
    ]
}

fn texts_3() -> Vec<T> {
    vec![
        T {
            file: "15-orthoptistes-avenant-8.md",
            kind: "avenant",
            numero: "8",
            title: &["AVENANT N° 8 À LA CONVENTION NATIONALE DESTINÉE À ORGANISER LES RAPPORTS ENTRE LES ORTHOPTISTES ET L'ASSURANCE MALADIE"],
            not_title: &["Union nationale", "Syndicat"],
            parties: vec![
                p("L'Union nationale des caisses d'assurance maladie", 'f', "Frédéric Van Roekeghem, directeur général", "Frédéric Van Roekeghem", "directeur général", "", 'n', NO_DELIB),
                p("Le Syndicat national autonome des orthoptistes", 'm', "Laurent Milstayn, président", "Laurent Milstayn", "président", "", 'n', NO_DELIB),
                p("Le Syndicat des orthoptistes de France", 'm', "Nicole Jeanrot, présidente", "Nicole Jeanrot", "présidente", "", 'n', NO_DELIB),
            ],
        },
        T {
            file: "16-apilos-residence-sociale-docx.md",
            kind: "convention",
            numero: "94.D.26.0001",
            title: &["Convention n° 94.D.26.0001"],
            not_title: &["Entre les soussignés", "ministre"],
            parties: vec![
                p("l'ETAT", 'm', "le préfet", "", "préfet", "", 'n', NO_DELIB),
                p("SOCIÉTÉ D'ÉCONOMIE MIXTE DÉNOMMÉE ADOMA", 'f', "Madame Myriam BERGHOUT, Directrice Interrégionale Ile de France", "Myriam BERGHOUT", "Directrice Interrégionale Ile de France", "le propriétaire", '?', ("Conseil d’Administration", "", "2022-09-01")),
                p("?", '?', "", "", "", "le gestionnaire", '?', ("conseil d'administration", "", "")),
            ],
        },
        T {
            file: "17-petit-quevilly-groupement-commandes.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION CONSTITUTIVE D’UN GROUPEMENT DE COMMANDE"],
            not_title: &["Entre La commune", "représentée"],
            parties: [
                ("La commune de Petit Quevilly", "Frédéric Sanchez"),
                ("La commune de Darnétal", "Christian Lecerf"),
                ("La commune de Petit-Couronne", "Dominique Randon"),
                ("La commune de Saint-Pierre-lès-Elbeuf", "Patrice Desanglois"),
                ("La commune de Rouen", "Yvon Robert"),
                ("La commune du Trait", "Jean-Marie Aline"),
            ]
            .into_iter()
            .map(|(nom, who)| {
                let rep: &'static str = Box::leak(format!("son Maire, Monsieur {}", who).into_boxed_str());
                p(nom, 'f', rep, who, "Maire", "", 'o', ("Conseil Municipal", "", ""))
            })
            .chain([
                p("Le CCAS d'Elbeuf-sur-Seine", 'm', "son Président, Monsieur Djoudé Merabet", "Djoudé Merabet", "Président", "", 'o', NO_DELIB),
                p("Le CCAS du Trait", 'm', "son Vice-président, Madame Martine Langlois", "Martine Langlois", "Vice-président", "", 'o', NO_DELIB),
                p("Le CCAS de Saint-Pierre-lès-Elbeuf", 'm', "son Vice-Président, Madame Louisa Belaggoune", "Louisa Belaggoune", "Vice-Président", "", 'o', NO_DELIB),
                p("Le CCAS de Rouen", 'm', "sa Vice-Présidente, Madame Caroline Dutarte", "Caroline Dutarte", "Vice-Présidente", "", 'o', NO_DELIB),
            ])
            .collect(),
        },
        T {
            file: "18-vallee-du-garon-groupements-commande.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION CONSTITUTIVE DE GROUPEMENTS DE COMMANDE RELATIFS A DIVERSES FAMILLES D'ACHAT"],
            not_title: &["(1)", "Entre"],
            parties: vec![
                p("La Communauté de Communes de la Vallée du Garon", 'f', "sa Présidente en exercice, Madame Françoise GAUQUELIN", "Françoise GAUQUELIN", "Présidente", "la CCVG", 'o', ("Conseil Communautaire", "", "")),
                p("La Ville de Brignais", 'f', "son maire en exercice, Monsieur Serge BERARD", "Serge BERARD", "maire", "Brignais", 'o', ("Conseil Municipal", "", "")),
                p("Le CCAS de Brignais", 'm', "son Président en exercice, Monsieur Serge BERARD", "Serge BERARD", "Président", "le CCAS de Brignais", 'o', ("Conseil d'Administration", "", "")),
                p("La Ville de Chaponost", 'f', "son maire en exercice, Monsieur Damien COMBET", "Damien COMBET", "maire", "Chaponost", 'o', ("Conseil Municipal", "", "")),
                p("Le CCAS de Chaponost", 'm', "son Président en exercice, Monsieur Damien COMBET", "Damien COMBET", "Président", "le CCAS de Chaponost", 'o', ("Conseil d'Administration", "", "")),
                p("La Ville de Millery", 'f', "son maire en exercice, Madame Françoise GAUQUELIN", "Françoise GAUQUELIN", "maire", "Millery", 'o', ("Conseil Municipal", "", "")),
                p("La Ville de Vourles", 'f', "son maire en exercice, Madame Catherine STARON", "Catherine STARON", "maire", "Vourles", 'o', ("Conseil Municipal", "", "")),
            ],
        },
        // Held out: the four texts below were added after the rules were
        // written, their expectations written before import first read them.
        T {
            file: "19-bas-rhin-sommerau-musee.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION PARTENARIALE DANS LE CADRE DU CONTRAT DÉPARTEMENTAL DE DÉVELOPPEMENT TERRITORIAL ET HUMAIN DU TERRITOIRE D’ACTION OUEST"],
            not_title: &["ENTRE", "représenté"],
            parties: vec![
                p("Le Département du Bas-Rhin", 'm', "son Président, Monsieur Frédéric BIERRY", "Frédéric BIERRY", "Président", "le Département", 'o', ("Commission Permanente du Conseil départemental du Bas-Rhin", "CP/2019/031", "2019-12-02")),
                p("L’Association Socio-Culturelle d'Allenwiller", 'f', "son Président, Monsieur Jean-Jacques SCHNEIDER", "Jean-Jacques SCHNEIDER", "Président", "l’ASCA", '?', ("comité", "", "")),
                p("La Commune de Sommerau", 'f', "son Maire, Monsieur Roger MULLER", "Roger MULLER", "Maire", "la Commune", 'o', ("Conseil municipal", "", "")),
                p("La Communauté de Communes du Pays de", 'f', "son Président, Monsieur Dominique MULLER", "Dominique MULLER", "Président", "la Communauté de Communes", 'o', ("Conseil communautaire", "", "")),
            ],
        },
    ]
}

fn texts_4() -> Vec<T> {
    vec![
        T {
            file: "20-hauts-de-seine-fontenay-contrat.md",
            kind: "contrat",
            numero: "",
            title: &["CONTRAT DE DEVELOPPEMENT DEPARTEMENT - VILLE COMMUNE DE FONTENAY-AUX-ROSES"],
            not_title: &["Entre"],
            parties: vec![
                p("Le Département des Hauts-de-Seine", 'm', "Monsieur le Président du Conseil général", "", "Président du Conseil général", "le «Département»", 'o', ("Commission permanente", "", "2013-07-08")),
                p("La Commune de Fontenay-aux-Roses", 'f', "M. Pascal Buchet, en qualité de Maire", "Pascal Buchet", "Maire", "la Commune", 'o', NO_DELIB),
            ],
        },
        T {
            file: "21-deux-sevres-thouarsais-tyndo.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE PARTENARIAT ENTRE LE DEPARTEMENT DES DEUX-SEVRES ET LA COMMUNAUTE DE COMMUNES DU THOUARSAIS CONCERNANT LA REHABILITATION DE L'HOTEL TYNDO A THOUARS EN CONSERVATOIRE A RAYONNEMENT INTERCOMMUNAL"],
            not_title: &["PROJET", "ANNEXE 7", "représenté"],
            parties: vec![
                p("Le Département des Deux-Sèvres", 'm', "M. Eric GAUTIER, Président du Conseil général", "Eric GAUTIER", "Président du Conseil général", "", 'o', ("Commission permanente", "", "2013-03-04")),
                p("La Communauté de communes du Thouarsais", 'f', "M. Patrice PINEAU, Président", "Patrice PINEAU", "Président", "", 'o', ("Conseil communautaire", "", "2012-05-15")),
            ],
        },
        T {
            file: "22-angouleme-segou-cooperation.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION PORTANT ACCORDS DE COOPERATION DECENTRALISEE ENTRE ANGOULEME (FRANCE) et SEGOU (REPUBLIQUE DU MALI)"],
            not_title: &["Vu", "soussignés"],
            parties: vec![
                p("LA VILLE D'ANGOULEME", 'f', "son Xxxxx, Monsieur Xxxxxx XXXXXXXXX", "?", "?", "", 'o', ("Conseil Municipal", "", "2015-12-14")),
                p("LA VILLE DE SEGOU", 'f', "son Xxxxx, Monsieur Xxxxxxx X.XXXXXX", "?", "?", "", '?', NO_DELIB),
                p("L’AGGLOMERATION DU GRAND ANGOULEME", 'f', "son Président, Monsieur Xxxx-Xxxxxxxx XXXXX", "?", "Président", "", 'o', ("Conseil Communautaire", "", "")),
                p("L'ASSOCIATION COMITE DES JUMELAGES ANGOULEME – VILLES ETRANGERES", 'f', "sa présidente, Madame Xxxxxxxxx XXXXXX", "?", "présidente", "", 'n', NO_DELIB),
            ],
        },
    ]
}

/// Held out: six texts found after the rules were written (issue 17's
/// honest measure), their expectations written by reading them before
/// import first read them. Measured apart, in
/// `import_reads_held_out_front_matters`, so that their first figure is
/// recorded even when it is below the threshold.
fn texts_5() -> Vec<T> {
    vec![
        T {
            file: "23-saint-etienne-de-montluc-coeur-estuaire-groupement.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE GROUPEMENT DE COMMANDES ENTRE LA VILLE DE SAINT ETIENNE DE MONTLUC ET LA COMMUNAUTE DE COMMUNES CŒUR D’ESTUAIRE"],
            not_title: &["représentée", "Page"],
            parties: vec![
                // Two deliberations (17 avril and 26 juin 2014): which date is open.
                p("La Ville de SAINT ETIENNE DE MONTLUC", 'f', "Monsieur Rémy NICOLEAU, Maire", "Rémy NICOLEAU", "Maire", "la Ville de Saint Etienne de Montluc", 'o', ("Conseil Municipal", "", "?")),
                p("La Communauté de Communes Cœur d’Estuaire", 'f', "Monsieur Joël GEFFROY, Président", "Joël GEFFROY", "Président", "Cœur d’Estuaire", 'o', ("Conseil Communautaire", "", "2014-04-22")),
            ],
        },
        T {
            file: "24-ile-de-france-association-brie-deux-morin.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION"],
            not_title: &["Affectations", "Entre"],
            parties: vec![
                // « délibération N° CP d’attribution [XXXXX] »: the number is a blank, the organ only hinted (CP).
                p("La Région Ile de France", 'f', "son Président, Monsieur Jean-Paul HUCHON", "Jean-Paul HUCHON", "Président", "la Région", 'o', ("?", "", "2010-11-17")),
                p("l’Association des élus pour l’élaboration du projet de charte du Parc de la Brie et des deux Morin", 'f', "M. Jean-Louis VAUDESCAL", "Jean-Louis VAUDESCAL", "", "le bénéficiaire", 'n', NO_DELIB),
            ],
        },
        T {
            file: "25-deux-sevres-maison-familiale-rurale-coulon.md",
            kind: "convention",
            // « N° Ordre : RCP19436 »: the Département's order number, open to reading.
            numero: "?",
            title: &["CONVENTION RELATIVE A LA PARTICIPATION DU DEPARTEMENT DES DEUX-SEVRES AUX INVESTISSEMENTS REALISES A LA MAISON FAMILIALE RURALE DE COULON"],
            not_title: &["PROJET", "ANNEXE 2", "ENTRE", "représenté"],
            parties: vec![
                p("Le Département des Deux-Sèvres", 'm', "M. Eric GAUTIER, Président du Conseil général", "Eric GAUTIER", "Président du Conseil général", "", 'o', ("Commission permanente", "", "2010-11-19")),
                p("La Fédération départementale des maisons familiales rurales et instituts ruraux d'éducation et d'orientation des Deux-Sèvres", 'f', "sa Présidente, Mme Micheline GUERIN", "Micheline GUERIN", "Présidente", "", 'n', NO_DELIB),
                p("La Maison familiale rurale de Coulon", 'f', "son Président M. Jean-Claude LARGEAUD", "Jean-Claude LARGEAUD", "Président", "", 'n', NO_DELIB),
            ],
        },
        T {
            file: "26-saint-germain-en-laye-maison-des-associations.md",
            kind: "convention",
            numero: "",
            title: &["Convention d’objectifs et de moyens"],
            not_title: &["Page", "soussignés"],
            parties: vec![
                p("La Ville de Saint-Germain-en-Laye", 'f', "son Maire en activité, Monsieur le Maire Arnaud PERICARD", "Arnaud PERICARD", "Maire", "la Ville", 'o', ("conseil municipal de Saint-Germain-en-Laye", "", "2017-06-07")),
                // « l’Association ou le MAS »: one quotation holding two names, open to reading.
                p("L'Association «MAISON DES ASSOCIATIONS SAINT-GERMANOISES»", 'f', "Madame Violaine BOISSERIE, Présidente de l’Associations", "Violaine BOISSERIE", "Présidente de l’Associations", "?", '?', ("Conseil d’Administration", "", "2017-03-21")),
            ],
        },
        T {
            file: "27-cher-gip-recia-colleges.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION RELATIVE A LA TELE-GESTION ET A LA MAINTENANCE DES SYSTEMES D’INFORMATION DES COLLEGES"],
            not_title: &["Entre", "Département"],
            parties: vec![
                // « n° AD /2023 »: a number with a gap, open to reading.
                p("Le Département du Cher", 'm', "le Président du Conseil Départemental du Cher, Monsieur Xxxxxxx Xxxxxx", "?", "Président du Conseil Départemental du Cher", "le Département", 'o', ("Assemblée du Conseil Départemental", "?", "2023-12-04")),
                p("Le GIP Recia", 'm', "son Directeur en exercice, Monsieur Xxxxxxx XXXXX", "?", "Directeur", "Le GIP Recia", '?', NO_DELIB),
            ],
        },
        T {
            file: "28-paris-association-le-petit-ney.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION PLURI ANNUELLE DE CO-FINANCEMENT D’UN POSTE ADULTES RELAIS"],
            not_title: &["représentée", "Préambule"],
            parties: vec![
                // « du mois de mars 2022 »: no day, open to reading.
                p("La Ville de Paris", 'f', "la Maire de Paris", "", "Maire de Paris", "la Ville de Paris", 'o', ("Conseil de Paris", "", "?")),
                p("L’association LE PETIT NEY", 'f', "Monsieur Régis GRATEAU agissant en qualité de Président de l'association", "Régis GRATEAU", "Président de l'association", "l’association", 'n', NO_DELIB),
            ],
        },
    ]
}

/// Held out, third set: eleven texts found after the rules were written
/// (shapes the 28 above lack: a CIAS and a mise à disposition de services,
/// a Caf's convention territoriale globale in a dashed list, avenants to
/// délégations de service public with two designations, a page run into one
/// line, a mandat de maîtrise d'ouvrage, « D'une part la COMMUNAUTE … »,
/// EPCI listed under a heading), their facts written by reading them before
/// import first read them.
fn texts_6() -> Vec<T> {
    [texts_6a(), texts_6b()].into_iter().flatten().collect()
}

fn texts_6a() -> Vec<T> {
    vec![
        T {
            file: "29-tenareze-cias-mise-a-disposition-services.md",
            kind: "convention",
            numero: "",
            title: &["Convention de mise à disposition de services entre la Communauté de Communes de la Ténarèze et le Centre Intercommunal d’Action Sociale"],
            not_title: &["sise", "Représentée"],
            parties: vec![
                // Masked names (« Xxx »): who signs is open.
                p("La Communauté de Communes de la Ténarèze", 'f', "Xxx Xxxxxxxx XXXXXXX, Xxxx-Xxxxxxxxxx xx xx Xxxxxxxxxx xx Xxxxxxxx xx xx Xxxxxxxx", "?", "?", "la communauté", 'o', ("conseil communautaire", "", "")),
                p("Le Centre Intercommunale d’Action Sociale", 'm', "M. Xxxxxx XXXXXX, Président", "?", "Président", "le CIAS", 'o', ("conseil d’administration", "", "")),
            ],
        },
        T {
            file: "30-correze-caf-convention-territoriale-globale.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION TERRITORIALE GLOBALE"],
            not_title: &["Ayen", "Saint-Viance", "Entre"],
            parties: vec![
                // Two who sign for the Caf (its president and its director): open.
                p("La Caisse des Allocations familiales de la Corrèze", 'f', "?", "?", "?", "la Caf", 'n', NO_DELIB),
                p("La Communauté d’Agglomération du Bassin de Brive", 'f', "son Président, M. Frédéric SOULIER", "Frédéric SOULIER", "Président", "la CABB", 'o', ("Conseil communautaire", "", "")),
                p("Le SIVOM d’Ayen", 'm', "sa Présidente, Mme Hélène LACROIX", "Hélène LACROIX", "Présidente", "le SIVOM D’Ayen", 'o', ("Comité syndical", "", "")),
                p("La Commune de Brive", 'f', "la Première Adjointe au Maire, Mme Valérie TAURISSON", "Valérie TAURISSON", "Première Adjointe au Maire", "la Commune de Brive", 'o', ("Conseil municipal", "", "")),
                p("La Commune de Dampniat", 'f', "son Maire, M. Jean-Pierre BERNARDIE", "Jean-Pierre BERNARDIE", "Maire", "la Commune de Dampniat", 'o', ("Conseil municipal", "", "")),
                // « La Commune de , »: the extraction lost the name; its designation names it.
                p("?", 'f', "son Maire, M. Yves LAPORTE", "Yves LAPORTE", "Maire", "la Commune de Donzenac", 'o', ("Conseil municipal", "", "")),
                p("La Commune de La Chapelle Aux Brocs", 'f', "son Maire, M. Michel BERIL", "Michel BERIL", "Maire", "la Commune de La Chapelle Aux Brocs", 'o', ("Conseil municipal", "", "")),
            ],
        },
        T {
            file: "31-grenoble-aquapole-avenant-10.md",
            kind: "avenant",
            numero: "10",
            title: &["AVENANT N° 10 À LA CONVENTION", "EN DATE DU 26 AVRIL 1985"],
            not_title: &["Délégant", "Soussignés", "siège"],
            parties: vec![
                // Two designations each (« "la COMMUNAUTÉ DE COMMUNES" ou "le délégant" »): open.
                p("La COMMUNAUTÉ DE COMMUNES DE L'AGGLOMÉRATION GRENOBLOISE", 'f', "son Président", "", "Président", "?", 'o', ("Conseil communautaire", "", "1996-05-31")),
                p("La SOCIÉTÉ DAUPHINOISE D'ASSAINISSEMENT", 'f', "l'un de ses gérants en exercice", "", "?", "?", 'n', NO_DELIB),
            ],
        },
        T {
            file: "32-aix-marseille-assainissement-avenant-5.md",
            kind: "avenant",
            numero: "5",
            title: &["AVENANT N°5 AU CONTRAT DE DELEGATION DU SERVICE PUBLIC POUR LA GESTION DU SERVICE DE", "L’ASSAINISSEMENT COLLECTIF"],
            not_title: &["ENTRE", "Métropole"],
            parties: vec![
                p("La Métropole AIX-MARSEILLE-PROVENCE", 'f', "sa Présidente en exercice, Madame Martine VASSAL", "Martine VASSAL", "Présidente", "LA COLLECTIVITE", 'o', ("Conseil de la Métropole", "", "")),
                p("La Société AGGLOPOLE-PROVENCE-ASSAINISSEMENT", 'f', "Monsieur Vincent PEGOUD, Président", "Vincent PEGOUD", "Président", "LE DELEGATAIRE", 'n', NO_DELIB),
            ],
        },
        T {
            file: "33-saint-die-des-vosges-affermage-avenant-7.md",
            kind: "avenant",
            numero: "7",
            title: &["AVENANT N 7 AU CAHIER DES CHARGES POUR L EXPLOITATION PAR AFFERMAGE DU SERVICE PUBLIC DE L ASSAINISSEMENT"],
            not_title: &["1/19", "soussignées", "représentée"],
            parties: vec![
                // « par une délibération en date du, »: a blank date.
                p("La Commune de Saint-Dié-des-Vosges", 'f', "Monsieur Christian PIERRET, son Maire", "Christian PIERRET", "Maire", "la Collectivité", 'o', ("Conseil Municipal", "", "")),
                p("La Société LYONNAISE DES EAUX France", 'f', "Monsieur Daniel KARCHER, Directeur de l Entreprise Régionale Grand-Est", "Daniel KARCHER", "Directeur de l Entreprise Régionale Grand-Est", "le Fermier", 'n', NO_DELIB),
            ],
        },
        T {
            file: "34-tenareze-sibv-oga-mandat-maitrise-ouvrage.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE MANDAT DE MAITRISE D’OUVRAGE", "ENTRE LA COMMUNAUTE DE COMMUNES DE LA TENAREZE ET LE SYNDICAT INTERCOMMUNAL DE BASSIN VERSANT OSSE-GUIROUE-AUZOUE RELATIVE AUX TRAVAUX SUR L’OSSE ET LE PONT D’ARTIGUES"],
            not_title: &["SOUSSIGNES", "représentée"],
            parties: vec![
                // Masked names; an acronym in brackets, no « ci-après »: designation open.
                p("La Communauté de Communes de la Ténarèze (CCT)", 'f', "Monsieur Xxxxxx XXXXXX, Président", "?", "Président", "?", 'o', ("Conseil Communautaire", "", "2015-06-02")),
                p("Le syndicat intercommunal de bassin versant Osse-Guiroue-Auzoue (SIBV OGA)", 'm', "Monsieur Xxxxxx XXXXXX, Président", "?", "Président", "?", 'o', ("Conseil d’Administration", "", "")),
            ],
        },
    ]
}

fn texts_6b() -> Vec<T> {
    vec![
        T {
            file: "35-aix-marseille-assainissement-ouest-avenant-3.md",
            kind: "avenant",
            numero: "3",
            title: &["AVENANT N° 3", "AU CONTRAT DE DELEGATION", "DU SERVICE PUBLIC D'ASSAINISSEMENT"],
            not_title: &["Entre", "Délégant"],
            parties: vec![
                // « « AMP » ou « la Métropole » », « « SAOM » ou « le délégataire » »: open.
                p("La MÉTROPOLE AIX MARSEILLE PROVENCE", 'f', "son Président Monsieur Jean-Claude GAUDIN", "Jean-Claude GAUDIN", "Président", "?", 'o', ("Conseil de Métropole", "", "2017-12-14")),
                p("La Société d’Assainissement OUEST Métropole", 'f', "Monsieur Rémi BOURGAREL, Directeur Général de la Société des Eaux de Marseille", "Rémi BOURGAREL", "Directeur Général de la Société des Eaux de Marseille", "?", 'n', NO_DELIB),
            ],
        },
        T {
            file: "36-aix-marseille-coudoux-transfert-maitrise-ouvrage.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE TRANSFERT TEMPORAIRE DE MAÎTRISE D'OUVRAGE POUR L’OPÉRATION GENERALE DE VOIRIE ET RESEAUX DANS LE SECTEUR DARIUS MILHAUD ET POUR L'OPERATION DE RESEAUX DANS", "LE SECTEUR VAUTUBIERE A COUDOUX"],
            not_title: &["soussignées", "Pharo"],
            parties: vec![
                p("La MÉTROPOLE AIX-MARSEILLE-PROVENCE", 'f', "son Président en exercice", "", "Président", "La Métropole", 'o', NO_DELIB),
                p("La COMMUNE DE COUDOUX", 'f', "son Maire en exercice", "", "Maire", "la Commune", 'o', NO_DELIB),
            ],
        },
        T {
            file: "37-marseille-provence-metropole-france-telecom-reseaux.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION CONCERNANT LES TRAVAUX DE DEPLACEMENTS DE RESEAUX CONSECUTIFS A LA REALISATION DU PROLONGEMENT DE LA LIGNE 1 DU", "METRO DE LA TIMONE A LA FOURRAGERE"],
            not_title: &["Page", "13/04/10", "établie"],
            parties: vec![
                p("la COMMUNAUTE URBAINE MARSEILLE PROVENCE METROPOLE", 'f', "son Président, Monsieur Eugène CASELLI", "Eugène CASELLI", "Président", "Communauté Urbaine Marseille Provence Métropole", 'o', NO_DELIB),
                // « « France Télécom » … «l'Occupant» »: two designations, open.
                p("FRANCE TELECOM", 'f', "Bruno CAZALI, Directeur de l’unité de Pilotage Réseau Méditerranée", "Bruno CAZALI", "Directeur de l’unité de Pilotage Réseau Méditerranée", "?", 'n', NO_DELIB),
            ],
        },
        T {
            file: "38-ile-de-france-cpca-partenariat-2.md",
            kind: "convention",
            numero: "2",
            title: &["CONVENTION DE PARTENARIAT N°2 ENTRE LA REGION ILE DE FRANCE", "ET LA CONFERENCE PERMANENTE DES COORDINATIONS ASSOCIATIVES DE LA REGION ILE-DE-FRANCE"],
            not_title: &["RAPPORT", "50084DFA", "Dossier"],
            parties: vec![
                // « la délibération n° CP 11- »: a blank number, the organ only hinted (CP).
                p("La Région Ile-de-France", 'f', "son Président Monsieur Jean-Paul HUCHON", "Jean-Paul HUCHON", "Président", "la Région", 'o', ("?", "", "")),
                p("La Conférence permanente des coordinations associatives de la région Ile-de France (CPCA - RIF)", 'f', "son Président en exercice", "", "Président", "", 'n', NO_DELIB),
            ],
        },
        T {
            file: "39-nouvelle-aquitaine-est-creuse-contrat.md",
            kind: "contrat",
            numero: "",
            title: &["CONTRAT DE DYNAMISATION ET COHESION TERRITORIAL EST"],
            not_title: &["Région", "représentée"],
            parties: vec![
                // The Région's two « Vu » deliberations set its policy, not this contract: open.
                p("La Région Nouvelle-Aquitaine", 'f', "Monsieur Alain ROUSSET, Président du Conseil Régional de la Nouvelle-Aquitaine", "Alain ROUSSET", "Président du Conseil Régional de la Nouvelle-Aquitaine", "la Région", 'o', ("?", "", "?")),
                p("Le Territoire de projet Est Creuse", 'm', "Monsieur Vincent TURPINAT, Président du Syndicat mixte Est Creuse Développement", "Vincent TURPINAT", "Président du Syndicat mixte Est Creuse Développement", "le Syndicat Est Creuse", '?', ("?", "", "")),
                // « ci-après dénommés les EPCI »: one designation for both, open.
                p("la communauté de communes Creuse Confluence", 'f', "M. Nicolas SIMONNET, son Président", "Nicolas SIMONNET", "Président", "?", 'o', ("?", "", "")),
                p("la communauté de communes Marche et Combraille en Aquitaine", 'f', "M. Pierre DESARMENIEN, son Président", "Pierre DESARMENIEN", "Président", "?", 'o', ("?", "", "")),
            ],
        },
    ]
}

/// Held out, fourth set: twelve texts found after the rules were written
/// (shapes the 39 above lack: a service commun with a CCAS and two
/// designations each, a convention d'objectifs with a SIRET and a numbered
/// « DEL », an établissement public foncier, a société publique locale among
/// four parties after a cover block, a CCAS by its vice-présidente, a GIP, a
/// mise à disposition with a numbered deliberation, a party named inside its
/// representative's quality, avenants to a DSP with a SAEM and with a
/// société en commandite, an office de tourisme), their facts written by
/// reading them before import first read them.
fn texts_7() -> Vec<T> {
    [texts_7a(), texts_7b()].into_iter().flatten().collect()
}

fn texts_7a() -> Vec<T> {
    vec![
        T {
            file: "40-agen-pacte-administration-commune-ccas.md",
            kind: "convention",
            numero: "",
            title: &["PACTE D’ADMINISTRATION COMMUNE ENTRE LA VILLE ET L’AGGLOMERATION D’AGEN"],
            not_title: &["Date de mise à jour", "représentée", "Préambule"],
            parties: vec![
                // Two designations each (« « l’Agglomération d’Agen » ou « l’Agglomération » »): open.
                p("La COMMUNAUTE D’AGGLOMERATION D’AGEN", 'f', "son Président, Monsieur Jean DIONIS DU SEJOUR", "Jean DIONIS DU SEJOUR", "Président", "?", 'o', ("", "", "2014-12-18")),
                p("La VILLE D’AGEN", 'f', "son premier adjoint, Monsieur Pierre CHOLLET", "Pierre CHOLLET", "premier adjoint", "?", 'o', ("", "", "2014-12-15")),
                // « en date du décembre 2014 »: no day, open to reading.
                p("Le CCAS d’AGEN", 'm', "son premier Vice-Président, Madame Muriel BOULMIER", "Muriel BOULMIER", "premier Vice-Président", "?", 'o', ("", "", "?")),
            ],
        },
        T {
            file: "41-roubaix-eclipse-objectifs-moyens.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION D’OBJECTIFS ET DE MOYENS 2024 – 2025 ASSOCIATION ECLIPSE (CAVE AUX POETES) / VILLE DE ROUBAIX"],
            not_title: &["représentée", "Vu"],
            parties: vec![
                // Masked names, and the maire « ou son adjoint délégué »: who signs is open.
                p("La Ville de Roubaix", 'f', "son maire, Monsieur Xxxxxxxxx XXXXXX, ou son adjoint délégué, Monsieur Xxxxxxxx XXXXXXXX", "?", "maire", "la Ville", 'o', ("", "2024 D", "2024-04-18")),
                p("L’association L’Eclipse", 'f', "son Président Xxxxxxxx Xxxxx", "?", "Président", "l’Association", 'n', NO_DELIB),
            ],
        },
        T {
            file: "42-rouen-football-club-objectifs-pluriannuelle.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION D’OBJECTIFS PLURIANNUELLE"],
            not_title: &["STIPULATIONS", "SOUSSIGNES", "EXPOSE"],
            parties: vec![
                p("La Ville de Rouen", 'f', "Sarah BALLUET, Adjointe au Maire chargée du Sport", "Sarah BALLUET", "Adjointe au Maire chargée du Sport", "la Ville", 'o', ("Conseil Municipal", "", "2019-04-04")),
                // « en date du (à compléter par le club) »: a blank date.
                p("L’Association «Football Club de Rouen»", 'f', "Mr Fabrice TARDY, Président", "Fabrice TARDY", "Président", "l’Association", '?', ("Conseil d’Administration", "", "")),
            ],
        },
        T {
            file: "43-eguilles-epf-paca-intervention-fonciere.md",
            kind: "convention",
            numero: "",
            title: &["C ONVENTION D INTERVENTION FONCIERE SUR LE SITE DES « JALASSIERES »"],
            not_title: &["Commune d’EGUILLES", "Bouches du Rhône", "représentée", "Sommaire"],
            parties: vec![
                // « en date du ___________ », « n°_______ »: blanks.
                p("La Commune d’EGUILLES", 'f', "son Maire, Monsieur Robert DAGORNE", "Robert DAGORNE", "Maire", "la COMMUNE", 'o', ("Conseil Municipal", "", "")),
                p("La Métropole d’Aix-Marseille-Provence", 'f', "son Vice-Président, Monsieur Henri PONS", "Henri PONS", "Vice-Président", "La METROPOLE", 'o', ("Conseil Métropolitain", "", "")),
                p("L’Etablissement Public Foncier de Provence-Alpes-Côte d’Azur", 'm', "sa Directrice Générale, Madame Claude BERTOLINO", "Claude BERTOLINO", "Directrice Générale", "EPF PACA", 'o', ("Conseil d’Administration", "", "")),
            ],
        },
        T {
            file: "44-maine-et-loire-alter-public-bouchemaine.md",
            kind: "convention",
            numero: "",
            title: &["Convention Operationnelle", "Visant à fixer les conditions d’intervention d’Alter Public dans le champ de l’action foncière départementale"],
            not_title: &["Bouchemaine", "Angers", "D’une part", "Domicilié"],
            parties: vec![
                // Masked names; two or three designations each: open.
                p("Le Département de Maine-et-Loire", 'm', "sa Présidente en exercice, Madame Xxxxxxxx XXXXX", "?", "Présidente", "?", 'o', ("Commission Permanente du Conseil Départemental", "", "2024-09-19")),
                // « nommé à ces fonctions par délibération du Conseil d'Administration »: his appointment, not this convention's: open.
                p("Alter Public", 'f', "Monsieur XXXXXXXXX Xxxxxx, Directeur Général", "?", "Directeur Général", "?", '?', ("?", "", "?")),
                // « une décision de la commission permanente en date du XXXXXXXXXX »: its date masked.
                p("La Communauté Urbaine Angers Loire Métropole", 'f', "son Président en exercice, Monsieur Xxxx-Xxxx XXXXXXXX", "?", "Président", "?", 'o', ("commission permanente", "", "")),
                // « son Xxxxx en exercice »: the quality masked.
                p("La Commune de Bouchemaine", 'f', "son Xxxxx en exercice, Madame Xxxxxxxxx XXXXXXX", "?", "?", "?", 'o', ("conseil municipal", "", "2024-07-04")),
            ],
        },
        T {
            file: "45-sorinieres-ccas-mise-a-disposition-personnel.md",
            kind: "convention",
            numero: "",
            title: &["Convention de mise à disposition du personnel communal au CCAS"],
            not_title: &["Vu", "représentée"],
            parties: vec![
                p("La Mairie des Sorinières", 'f', "son Maire : Madame Xxxxxxxxxx XXXXXXX", "?", "Maire", "", 'o', NO_DELIB),
                p("Le CCAS", 'm', "sa Vice-Présidente : Madame XXXXXX Xxxxxxx", "?", "Vice-Présidente", "", 'o', NO_DELIB),
            ],
        },
    ]
}

fn texts_7b() -> Vec<T> {
    vec![
        T {
            file: "46-albigeois-gip-contrat-de-ville-mise-a-disposition.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE MISE A DISPOSITION 2020", "DE RESSOURCES ET SERVICES DE LA COMMUNAUTE D'AGGLOMERATION DE L'ALBIGEOIS POUR L’EXECUTION DES TACHES POUR LE COMPTE DU GROUPEMENT D'INTERET PUBLIC ACTION", "CONTRAT DE VILLE ALBIGEOIS"],
            not_title: &["représentée", "PREAMBULE"],
            parties: vec![
                p("La communauté d'agglomération de l'Albigeois", 'f', "madame Xxxxxxxxx XXXXXXX CHAUMEIL, présidente", "?", "présidente", "", 'o', ("conseil communautaire", "", "2020-02-11")),
                p("Le GIP Action contrat de ville Albigeois", 'm', "monsieur Xxxxxx XXXXXXXX, président", "?", "président", "", 'o', ("conseil d’administration", "", "2019-12-05")),
            ],
        },
        T {
            file: "47-batie-neuve-vallee-avance-mise-a-disposition.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE MISE A DISPOSITION DE PERSONNEL"],
            not_title: &["ENTRE", "2015-01", "Vu"],
            parties: vec![
                // A deliberation in the parties, another « autorisant … à signer » in the visas: which date is open.
                p("La commune de La Bâtie-Neuve", 'f', "son Maire", "", "Maire", "", 'o', ("conseil municipal", "", "?")),
                p("La communauté de communes de la Vallée de l’Avance", 'f', "son Président", "", "Président", "", 'o', ("conseil communautaire", "2015-4-7", "?")),
            ],
        },
        T {
            file: "48-quimper-maison-de-quartier-moulin-vert.md",
            kind: "convention",
            numero: "",
            title: &["Convention entre l’Association Xxxxxx xx xxxxxxxx xx Xxxxxx Xxxx xx xx Xxxxx xx Xxxxxxx"],
            not_title: &["PREAMBULE", "INTRODUCTION", "Monsieur"],
            parties: vec![
                // The party named inside its maire's quality; « du Conseil Municipal du »: a blank date.
                p("la Ville de Quimper", 'f', "Monsieur Xxxxx XXXXXX, sénateur-maire de la Ville de Quimper", "?", "sénateur-maire de la Ville de Quimper", "La Ville", 'o', ("Conseil Municipal", "", "")),
                p("L'Association Maison de quartier du Moulin Vert", 'f', "Monsieur Xxxxxx Xxxxxxxx, son président", "?", "président", "l’Association", '?', ("Conseil d'Administration", "", "")),
            ],
        },
        T {
            file: "49-metz-adoma-aires-accueil-avenant-1.md",
            kind: "avenant",
            numero: "1",
            title: &["AVENANT N°1", "AU CONTRAT DE DELEGATION DE SERVICE PUBLIC RELATIVE AUX AIRES D’ACCUEIL DES GENS DU VOYAGE A METZ"],
            not_title: &["ENTRE", "représentée", "PREAMBULE"],
            parties: vec![
                // « maire de Metz, Conseiller Général de la Moselle, ou son représentant »: the quality open.
                p("La Ville de Metz", 'f', "Monsieur Xxxxxxxxx XXXX, maire de Metz, Conseiller Général de la Moselle, ou son représentant", "?", "?", "La Ville de Metz", 'o', ("Conseil Municipal", "", "2012-07-05")),
                p("La S.A.E.M. ADOMA", 'f', "Monsieur Xxxxxx XXXXX, Directeur d'Établissement Nord-Est", "?", "Directeur d'Établissement Nord-Est", "le délégataire", 'n', NO_DELIB),
            ],
        },
        T {
            file: "50-eguilles-assainissement-concession-avenant-1.md",
            kind: "avenant",
            numero: "1",
            title: &["Avenant n°1", "CONTRAT DE CONCESSION DU SERVICE PUBLIC", "D’ASSAINISSEMENT COLLECTIF"],
            not_title: &["Reçu", "légalité", "ENTRE", "SOMMAIRE"],
            parties: vec![
                // « habilité … par arrêté n°20/148/CM »: an arrêté of the Présidente, no deliberation.
                p("LA MÉTROPOLE AIX-MARSEILLE-PROVENCE", 'f', "M Pascal MONTECOT, en sa qualité de vice-président délégué à la commande publique, à la transition écologique et énergétique, à l’aménagement, au SCOT et à la planification", "Pascal MONTECOT", "vice-président délégué à la commande publique, à la transition écologique et énergétique, à l’aménagement, au SCOT et à la planification", "AMP", 'o', NO_DELIB),
                p("La Société Compagnie des Eaux et de l’Ozone – Procédés MP Otto", 'f', "Monsieur Eric LAHAYE, Directeur Régional Méditerranée", "Eric LAHAYE", "Directeur Régional Méditerranée", "LE DÉLÉGATAIRE", 'n', NO_DELIB),
            ],
        },
        T {
            file: "51-libournais-office-de-tourisme-objectifs-moyens.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION D’OBJECTIFS ET DE MOYENS ENTRE LA COMMUNAUTÉ D’AGGLOMÉRATION DU LIBOURNAIS ET L’OFFICE INTERCOMMUNAL DU LIBOURNAIS"],
            not_title: &["représentée", "D’une part", "Préambule"],
            parties: vec![
                // Acronyms in brackets, no « ci-après »: designation open.
                p("La Communauté d’agglomération du Libournais (La Cali)", 'f', "Monsieur Philippe BUISSON, agissant en sa qualité de Président", "Philippe BUISSON", "Président", "?", 'o', ("Conseil communautaire", "", "2014-09-25")),
                // « élu par délibération du Comité de direction »: his election, not this convention's: open.
                p("L’Office de Tourisme Intercommunal du Libournais (OTI)", 'm', "son Président Monsieur Jean-Philippe LE GAL", "Jean-Philippe LE GAL", "Président", "?", '?', ("?", "", "?")),
            ],
        },
    ]
}

/// Held out, fifth set: ten texts found after the rules were written
/// (shapes the 51 above lack: La Poste's agence communale with its record
/// block above the title, vehicles lent to an association whose name is left
/// blank, a university with a communauté urbaine and a ville, a département
/// and a university each named on a line of their own, a métropole and a
/// university under a reference line, two minibus conventions with a blank
/// association, an avenant to a sale of raw water, a convention de travaux
/// among a département, a commune and an établissement public territorial,
/// a university and a lycée whose deliberations are given in the visas),
/// their facts written by reading them before import first read them.
fn texts_8() -> Vec<T> {
    [texts_8a(), texts_8b(), texts_8c(), texts_8d()].into_iter().flatten().collect()
}

fn texts_8a() -> Vec<T> {
    vec![
        T {
            file: "52-raimbeaucourt-la-poste-agence-communale.md",
            kind: "convention",
            // « Convention : CONV-2021-026022 » in the record block: open.
            numero: "?",
            title: &["CONVENTION RELATIVE A L’ORGANISATION", "D’UN POINT DE CONTACT", "« LA POSTE AGENCE COMMUNALE »"],
            not_title: &["Date génération", "DOCA-703926", "Etablissement d’attache", "Page 1 sur 20", "Entre"],
            parties: vec![
                // « Ci-après conjointement dénommés les « Parties » »: no designation of its own.
                p(
                    "La Poste",
                    'f',
                    "M. Laurent POIRET en qualité de Directeur Régional de La Poste Nord-Pas-De-Calais",
                    "Laurent POIRET",
                    "Directeur Régional de La Poste Nord-Pas-De-Calais",
                    "",
                    'n',
                    NO_DELIB,
                ),
                // « en date du             , »: a blank date.
                p(
                    "La Commune de Raimbeaucourt",
                    'f',
                    "M. Alain MENSION en qualité de maire",
                    "Alain MENSION",
                    "maire",
                    "",
                    'o',
                    ("conseil municipal", "", ""),
                ),
            ],
        },
        T {
            file: "53-saint-brice-courcelles-vehicules-municipaux.md",
            kind: "convention",
            numero: "",
            title: &["Convention de mise à disposition des véhicules municipaux"],
            not_title: &["L'an deux mille seize", "soussignés"],
            parties: vec![
                p(
                    "La Ville de Saint-Brice-Courcelles",
                    'f',
                    "Monsieur Alain LESCOUET, Maire",
                    "Alain LESCOUET",
                    "Maire",
                    "la Ville",
                    'o',
                    ("Conseil Municipal", "2014/30", ""),
                ),
                // « L’association ………, … représentée par son Président, …. ………, »: name and president blank.
                p("?", 'f', "?", "", "Président", "l’association", 'n', NO_DELIB),
            ],
        },
        T {
            file: "54-dijon-universite-grand-dijon-univercites.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE PARTENARIAT \"UNIVERCITES\"", "UNIVERSITE – GRAND DIJON – VILLE DE DIJON"],
            not_title: &["Entre", "Préambule"],
            parties: vec![
                // « habilité par attribution du Conseil d'administration … en date du , »: organ open, date blank.
                p(
                    "L'Université de Bourgogne",
                    'f',
                    "son Président, Monsieur Alain Bonnin",
                    "Alain Bonnin",
                    "Président",
                    "l'Université",
                    '?',
                    ("?", "", ""),
                ),
                p(
                    "La Communauté Urbaine du Grand Dijon",
                    'f',
                    "son Président en exercice",
                    "",
                    "Président",
                    "le Grand Dijon",
                    'o',
                    ("", "", ""),
                ),
                p(
                    "La Ville de Dijon",
                    'f',
                    "son Maire en exercice",
                    "",
                    "Maire",
                    "la Ville de Dijon",
                    'o',
                    ("", "", ""),
                ),
            ],
        },
    ]
}

fn texts_8b() -> Vec<T> {
    vec![
        T {
            file: "55-gironde-universite-bordeaux-montaigne.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION-CADRE DE PARTENARIAT"],
            not_title: &["ENTRE", "GIRONDE"],
            parties: vec![
                p(
                    "LE DEPARTEMENT DE LA GIRONDE",
                    'm',
                    "Monsieur Xxxx Xxx XXXXXX En sa qualité de Président",
                    "?",
                    "Président",
                    "le Département de la Gironde",
                    'o',
                    NO_DELIB,
                ),
                p(
                    "L’UNIVERSITE BORDEAUX MONTAIGNE",
                    'f',
                    "Madame Xxxxxx XXXXXXX-XXXXXXX En sa qualité de Présidente",
                    "?",
                    "Présidente",
                    "I’Université Bordeaux Montaigne",
                    '?',
                    NO_DELIB,
                ),
            ],
        },
        T {
            file: "56-aix-marseille-universite-metropole-partenariat.md",
            kind: "convention",
            numero: "2017-AMU-080",
            title: &[
                "CONVENTION CADRE DE PARTENARIAT ENTRE AIX-MARSEILLE UNIVERSITE",
                "ET LA METROPOLE AIX-MARSEILLE PROVENCE",
            ],
            not_title: &["Accord", "Livon", "Vu"],
            parties: vec![
                p(
                    "La Métropole d’Aix-Marseille Provence",
                    'f',
                    "son Président, Monsieur Jean-Claude GAUDIN",
                    "Jean-Claude GAUDIN",
                    "Président",
                    "MAMP",
                    'o',
                    NO_DELIB,
                ),
                p(
                    "Aix-Marseille Université",
                    'f',
                    "son Président, Monsieur Yvon BERLAND",
                    "Yvon BERLAND",
                    "Président",
                    "AMU",
                    '?',
                    NO_DELIB,
                ),
            ],
        },
        T {
            file: "57-aubigny-les-clouzeaux-minibus-communal.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION MISE A DISPOSITION DU MINIBUS COMMUNAL"],
            not_title: &["Entre"],
            parties: vec![
                p(
                    "La commune d’Aubigny-Les Clouzeaux",
                    'f',
                    "son Maire, M. Xxxx XXXXXX",
                    "?",
                    "Maire",
                    "",
                    'o',
                    NO_DELIB,
                ),
                // « L’association , représentée par son (sa) président(e), M. ……… »: blanks.
                p("L’association", 'f', "?", "", "?", "", '?', NO_DELIB),
            ],
        },
    ]
}

fn texts_8c() -> Vec<T> {
    vec![
        T {
            file: "58-landevant-minibus.md",
            kind: "convention",
            numero: "",
            title: &["C ONVENTION MISE A DISPOSITION", "MINIBUS"],
            not_title: &["00000", "02.97.56.93.00", "Mail", "Entre"],
            parties: vec![
                p(
                    "La commune de LANDEVANT",
                    'f',
                    "son Maire, M. Xxxx Xxxxxxxx LE NEILLON",
                    "?",
                    "Maire",
                    "",
                    'o',
                    NO_DELIB,
                ),
                p("L’association", 'f', "?", "", "?", "", '?', NO_DELIB),
            ],
        },
        T {
            file: "59-pennes-mirabeau-eau-brute-avenant-1.md",
            kind: "avenant",
            numero: "1",
            title: &[
                "AVENANT N°1 A LA CONVENTION N°15/1077 DE VENTE D’EAU BRUTE ENTRE LA METROPOLE",
                "AIX-MARSEILLE PROVENCE",
                "ET LA COMMUNE DES PENNES-MIRABEAU",
            ],
            not_title: &["Reçu", "légalité"],
            parties: vec![
                p(
                    "La Métropole Aix-Marseille Provence",
                    'f',
                    "son Président en exercice, Monsieur Jean- Claude GAUDIN",
                    "Jean- Claude GAUDIN",
                    "Président",
                    "Métropole Aix-Marseille Provence",
                    'o',
                    ("Conseil de Métropole", "HN 010-17/03/16 CM", "2016-03-17"),
                ),
                p(
                    "La commune des Pennes-Mirabeau",
                    'f',
                    "son Maire en exercice, Monsieur Michel AMIEL",
                    "Michel AMIEL",
                    "Maire",
                    "la Collectivité cliente",
                    'o',
                    NO_DELIB,
                ),
            ],
        },
    ]
}

fn texts_8d() -> Vec<T> {
    vec![
        T {
            file: "60-seine-saint-denis-montreuil-est-ensemble-bassin.md",
            kind: "convention",
            numero: "",
            title: &[
                "Convention de travaux relative",
                "à la réalisation du bassin de rétention enterré dit \"Bassin de la Fontaine des Hanots\"",
                "sur la Commune de Montreuil",
            ],
            not_title: &["Entre", "SEINE-SAINT-DENIS"],
            parties: vec![
                // « délibération de la Commission permanente n° en date du ……… »: number and date blank.
                p(
                    "le Département de la SEINE-SAINT-DENIS",
                    'm',
                    "le Président du Conseil départemental",
                    "",
                    "Président du Conseil départemental",
                    "le Département",
                    'o',
                    ("Commission permanente", "", ""),
                ),
                p(
                    "la Commune de Montreuil",
                    'f',
                    "Monsieur Xxxxxxx Xxxxxx en sa qualité de Maire",
                    "?",
                    "Maire",
                    "la Commune",
                    'o',
                    ("Conseil Municipal", "", ""),
                ),
                p(
                    "l’Etablissement Public Territorial Est Ensemble Grand Paris",
                    'm',
                    "le Président de l’Etablissement Public Territorial, M Xxxxxx XXXXX",
                    "?",
                    "Président de l’Etablissement Public Territorial",
                    "Est Ensemble",
                    'o',
                    ("conseil du territoire", "", ""),
                ),
            ],
        },
        T {
            file: "61-upjv-lycee-thuillier-partenariat.md",
            kind: "convention",
            numero: "",
            title: &["Convention de partenariat"],
            not_title: &["Entre", "Vu"],
            parties: vec![
                // Each deliberation given in the visas after the parties.
                p(
                    "L’Université de Picardie Jules-Verne",
                    'f',
                    "son président, Monsieur Michel BRAZIER",
                    "Michel BRAZIER",
                    "président",
                    "l’UPJV",
                    'o',
                    ("conseil d’administration de l’Université de Picardie Jules-Verne", "", "2015-07-09"),
                ),
                p(
                    "le Lycée Louis Thuillier",
                    'm',
                    "son proviseur, Madame Isabelle TORRES",
                    "Isabelle TORRES",
                    "proviseur",
                    "",
                    'o',
                    ("conseil d’administration du Lycée Louis Thuillier", "", "2015-06-30"),
                ),
            ],
        },
    ]
}

/// Held out, sixth set: nine texts between collectivités found after the
/// rules were written (shapes the 61 above lack: a SDIS and the seven
/// communes it defends, three of them named only in their designation; an
/// avenant to a convention de gestion whose parties stand above its title; a
/// convention « en quasi-régie n°2 » between a métropole and a syndicat with
/// bullet parties and one « dûment habilités » line; a ville and its métropole
/// with a numbered « n°HN 010-012/16/CM »; an avenant 2 to a concession with
/// a commune, a métropole and a SPLA and a « Signé par » cover; an avenant
/// n° 2 to a délégation de compétence to a syndicat de bassin; a collectivité
/// territoriale and a SIS with « n° 21/ CP »; a syndicat d'électricité whose
/// parties open on their representatives; an agglomération's prestations for
/// a commune under a spaced letterhead), their facts written by reading them
/// before import first read them.
fn texts_9() -> Vec<T> {
    [texts_9a(), texts_9b(), texts_9c()].into_iter().flatten().collect()
}

fn texts_9a() -> Vec<T> {
    let commune = |nom: &'static str, designation: &'static str| {
        p(nom, 'f', "Monsieur le Maire", "", "Maire", designation, 'o', NO_DELIB)
    };
    vec![
        T {
            file: "62-seine-maritime-sdis-communes-cis-bosc-le-hard.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION ENTRE LE SERVICE DEPARTEMENTAL D’INCENDIE ET DE SECOURS DE SEINE-MARITIME ET LA COMMUNE DE BOSC LE HARD POUR LA RECONSTRUCTION DU CIS DE BOSC LE HARD"],
            not_title: &["dont le siège", "Projet"],
            parties: vec![
                // « conformément à l’arrêté n° 2015 / AGAJ-53 »: an arrêté, no deliberation.
                // The representative's words run through his office, as in every
                // other set (« Monsieur Régis GRATEAU agissant en qualité de
                // Président de l'association », 28; « Monsieur Philippe BUISSON,
                // agissant en sa qualité de Président », 51): this one had been
                // written without it, against the measure's own convention.
                p("LE SERVICE DEPARTEMENTAL D’INCENDIE ET DE SECOURS DE LA SEINE-MARITIME", 'm', "Monsieur André GAUTIER, agissant en qualité de Président du Conseil d’Administration du Sdis76", "André GAUTIER", "Président du Conseil d’Administration du Sdis76", "Sdis 76", 'o', NO_DELIB),
                commune("LA COMMUNE DE BOSC LE HARD", "La commune de Bosc Le Hard"),
                commune("LA COMMUNE D’AUTHIEUX RATIEVILLE", "La commune d’Authieux Ratieville"),
                // « LA COMMUNE DE dont le siège … »: the name lost, the designation names it.
                commune("?", "La commune de Bellencombre"),
                commune("?", "La commune de Bracquetuit"),
                commune("LA COMMUNE DE CLAVILLE", "La commune de Claville Motteville"),
                commune("LA COMMUNE DE COTTEVRARD", "La commune de Cottevrard"),
                commune("?", "La commune de Critot"),
            ],
        },
        T {
            file: "63-aubagne-metropole-gestion-defense-incendie-avenant-3.md",
            kind: "avenant",
            numero: "3",
            title: &["AVENANT N°3 A LA CONVENTION DE GESTION N°17/1287", "SERVICES EXTERIEURS DEFENSE CONTRE INCENDIES"],
            not_title: &["Pharo", "Désignée", "PRÉAMBULE"],
            parties: vec![
                p("La MÉTROPOLE AIX-MARSEILLE-PROVENCE", 'f', "son Président en exercice", "", "Président", "La Métropole", 'o', NO_DELIB),
                p("La Commune d’AUBAGNE", 'f', "son Maire en exercice", "", "Maire", "La Commune", 'o', NO_DELIB),
            ],
        },
        T {
            file: "64-metropole-syndicat-arc-gemapi-quasi-regie-2.md",
            kind: "convention",
            numero: "2",
            title: &["Convention en quasi-régie n°2 de prestations liées à la mise en œuvre de la compétence GEMAPI"],
            not_title: &["Entre les soussignés", "1 | 3"],
            parties: vec![
                // « dûment habilités … par délibérations respectives des assemblées délibérantes »: organs unnamed.
                p("La Métropole d'Aix-Marseille-Provence", 'f', "sa Présidente, Madame Martine VASSAL", "Martine VASSAL", "Présidente", "Métropole", 'o', ("?", "", "")),
                p("Le Syndicat d’Aménagement du Bassin de l’Arc", 'm', "son Président, Monsieur Serge ANDREONI", "Serge ANDREONI", "Président", "", 'o', ("?", "", "")),
            ],
        },
    ]
}

fn texts_9b() -> Vec<T> {
    vec![
        T {
            file: "65-marseille-metropole-espaces-bornes.md",
            kind: "convention",
            numero: "",
            title: &[
                "CONVENTION ENTRE LA VILLE DE MARSEILLE ET LA METROPOLE AIX-MARSEILLE-PROVENCE POUR LA MISE EN ŒUVRE, L’HEBERGEMENT ET",
                "L’EXPLOITATION DU DISPOSITIF DE GESTION DES ESPACES BORNES",
            ],
            not_title: &["SOUSSIGNES", "SIREN"],
            parties: vec![
                // « la délibération n°HN 010-012/16/CM … portant délégations du Conseil de la Métropole au Président »: the organ open.
                p("La Métropole Aix-Marseille-Provence", 'f', "sa Présidente Martine Vassal en exercice", "Martine Vassal", "Présidente", "la Métropole", 'o', ("?", "HN 010-012/16/CM", "2016-03-17")),
                p("La Ville de Marseille", 'f', "son Maire, Monsieur Jean Claude GAUDIN", "Jean Claude GAUDIN", "Maire", "la Ville", 'o', ("Conseil Municipal", "", "2019-11-25")),
            ],
        },
        T {
            file: "66-vitrolles-metropole-spla-quartier-du-lion-avenant-2.md",
            kind: "avenant",
            numero: "2",
            title: &["AVENANT 2", "A LA CONVENTION", "POUR LA REALISATION DE L’OPERATION D’AMENAGEMENT DENOMMEE", "QUARTIER DU LION", "SECTEUR DES BORDS DE L’ETANG A VITROLLES"],
            not_title: &["SOMMAIRE", "Signé par", "ENTRE"],
            parties: vec![
                // « en vertu de la délibération portant délégation de fonctions »: organ unnamed.
                p("La Ville de Vitrolles", 'f', "son Maire en exercice", "", "Maire", "la Ville de Vitrolles", 'o', ("?", "", "")),
                p("La Métropole d’Aix-Marseille Provence", 'f', "son Président en exercice ou son Représentant par délégation", "", "Président", "la Métropole d’Aix-Marseille-Provence", 'o', NO_DELIB),
                p("La Société Publique Locale d’Aménagement « Pays d’Aix Territoires »", 'f', "Monsieur Gérard BRAMOULLÉ, son Président Directeur Général", "Gérard BRAMOULLÉ", "Président Directeur Général", "la SPLA", 'o', ("Conseil d’Administration", "", "2014-06-04")),
            ],
        },
        T {
            file: "67-metropole-syndicat-arc-delegation-competence-avenant-2.md",
            kind: "avenant",
            numero: "2",
            title: &["AVENANT N° 2 A LA CONVENTION DE DELEGATION DE COMPETENCE n° Z190809CO POUR L'AMENAGEMENT DE COURS D'EAU, OUVRAGES ET MILIEUX ASSOCIES DU BASSIN VERSANT DE L'ARC AU SYNDICAT D’AMENAGEMENT DU BASSIN VERSANT DE L’ARC"],
            not_title: &["Entre", "VASSAL"],
            parties: vec![
                p("La METROPOLE AIX-MARSEILLE PROVENCE", 'f', "sa Présidente, Martine VASSAL", "Martine VASSAL", "Présidente", "La Métropole", 'o', ("Conseil de la Métropole", "", "2019-05-16")),
                p("Le Syndicat du Bassin Versant de L’Arc", 'm', "son Président, Monsieur Olivier GUIROUX", "Olivier GUIROUX", "Président", "Le Syndicat", 'o', NO_DELIB),
            ],
        },
    ]
}

fn texts_9c() -> Vec<T> {
    vec![
        T {
            file: "68-corse-sis-haute-corse-mutualisation.md",
            kind: "convention",
            numero: "",
            title: &[
                "CONVENTION DE MUTUALISATION DE SERVICES ENTRE",
                "LA COLLECTIVITE DE CORSE ET LE SERVICE D’INCENDIE ET DE SECOURS",
                "DE LA HAUTE-CORSE POUR ASSURER LA MAINTENANCE DES MATERIELS ROULANTS",
            ],
            not_title: &["soussignés"],
            parties: vec![
                p(
                    "La Collectivité de Corse",
                    'f',
                    "son Président du Conseil exécutif de Corse, M. Gilles SIMEONI",
                    "Gilles SIMEONI",
                    "Président du Conseil exécutif de Corse",
                    "CdC",
                    'o',
                    ("Commission Permanente", "21/ CP", "2021-03-24"),
                ),
                // « conformément à l’arrêté N° ARR 180023 CE »: an arrêté, no deliberation.
                p(
                    "Le Service d’Incendie et de Secours de la Haute-Corse",
                    'm',
                    "son Président du conseil d’administration, M. Guy ARMANET",
                    "Guy ARMANET",
                    "Président du conseil d’administration",
                    "SIS 2B",
                    'o',
                    NO_DELIB,
                ),
            ],
        },
        T {
            file: "69-haute-saone-sied-scicae-concession.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE CONCESSION POUR LE SERVICE PUBLIC DE LA DISTRIBUTION D'ENERGIE ELECTRIQUE"],
            not_title: &["soussignés", "PELLETIER"],
            parties: vec![
                // Each party named inside its representative's quality.
                p(
                    "le Syndicat intercommunal d'électricité de la Haute-Saône",
                    'm',
                    "M. Gérard PELLETIER, Président du Syndicat intercommunal d'électricité de la Haute-Saône",
                    "Gérard PELLETIER",
                    "Président du Syndicat intercommunal d'électricité de la Haute-Saône",
                    "l'autorité concédante",
                    'o',
                    ("comité syndical", "2", "1996-03-23"),
                ),
                // « la SCICAE (…) de Ray-, »: its name cut by the PDF, its designation says who it is.
                p("?", 'f', "?", "Denis FERRAND", "?", "le concessionnaire", '?', ("?", "", "")),
            ],
        },
        T {
            file: "70-lorient-agglomeration-groix-prestations-amenagement.md",
            kind: "convention",
            numero: "",
            title: &["Convention de prestations de services en matière d’aménagement", "de la Commune de GROIX"],
            not_title: &["Pôle", "DUO", "L O R I E N T"],
            parties: vec![
                p(
                    "La Commune de Groix",
                    'f',
                    "son Maire, Monsieur Dominique Yvon",
                    "Dominique Yvon",
                    "Maire",
                    "",
                    'o',
                    ("Conseil Municipal", "", "2018-03-22"),
                ),
                p(
                    "Lorient Agglomération",
                    'f',
                    "son Président, Monsieur Norbert METAIRIE",
                    "Norbert METAIRIE",
                    "Président",
                    "",
                    'o',
                    ("Conseil de Communauté", "", "2018-06-26"),
                ),
            ],
        },
    ]
}

/// What each avenant amends, read in its title.
fn amends(file: &str) -> Option<&'static str> {
    Some(match file {
        "10-zac-lenfant-avenant-2.md" => "LA CONCESSION D’AMENAGEMENT POUR LA REALISATION DE LA ZAC DU QUARTIER DE LENFANT D’AIX EN PROVENCE",
        "11-mandat-step-la-ciotat-avenant-5.md" => "CONVENTION DE MANDAT",
        "12-grandangouleme-ads-avenant-adhesion.md" => "la convention réglant les effets de l adhésion au service commun d'agglomération pour l'instruction du droit des sols",
        "14-transporteurs-sanitaires-avenant-6.md" => "LA CONVENTION NATIONALE DES TRANSPORTEURS SANITAIRES PRIVÉS",
        "15-orthoptistes-avenant-8.md" => "LA CONVENTION NATIONALE DESTINÉE À ORGANISER LES RAPPORTS ENTRE LES ORTHOPTISTES ET L'ASSURANCE MALADIE",
        "31-grenoble-aquapole-avenant-10.md" => "LA CONVENTION EN DATE DU 26 AVRIL 1985",
        "32-aix-marseille-assainissement-avenant-5.md" => "CONTRAT DE DELEGATION DU SERVICE PUBLIC POUR LA GESTION DU SERVICE DE L’ASSAINISSEMENT COLLECTIF",
        "33-saint-die-des-vosges-affermage-avenant-7.md" => "CAHIER DES CHARGES POUR L EXPLOITATION PAR AFFERMAGE DU SERVICE PUBLIC DE L ASSAINISSEMENT",
        "35-aix-marseille-assainissement-ouest-avenant-3.md" => "CONTRAT DE DELEGATION DU SERVICE PUBLIC D'ASSAINISSEMENT",
        "49-metz-adoma-aires-accueil-avenant-1.md" => "CONTRAT DE DELEGATION DE SERVICE PUBLIC RELATIVE AUX AIRES D’ACCUEIL DES GENS DU VOYAGE A METZ",
        "50-eguilles-assainissement-concession-avenant-1.md" => "CONTRAT DE CONCESSION DU SERVICE PUBLIC D’ASSAINISSEMENT COLLECTIF",
        "59-pennes-mirabeau-eau-brute-avenant-1.md" => "LA CONVENTION N°15/1077 DE VENTE D’EAU BRUTE",
        "63-aubagne-metropole-gestion-defense-incendie-avenant-3.md" => "LA CONVENTION DE GESTION N°17/1287",
        "66-vitrolles-metropole-spla-quartier-du-lion-avenant-2.md" => "LA CONVENTION POUR LA REALISATION DE L’OPERATION D’AMENAGEMENT",
        "67-metropole-syndicat-arc-delegation-competence-avenant-2.md" => "LA CONVENTION DE DELEGATION DE COMPETENCE n° Z190809CO",
        _ => return None,
    })
}

/// The seventh held-out set (issue 17): front matters of shapes not in
/// 01–70 — a métropole's fonds de concours to a commune opened by « entre : »
/// in lower case, a ville's cultural partnership with two associations
/// joined by « et » lines, a département's convention de développement
/// culturel with a communauté de communes (a deliberation's number left
/// blank, a word split by the extraction), a département's financial
/// participation whose whole opening runs on one line, a commune's
/// mise à disposition to a MJC (a deliberation « n°20170629_27 », names
/// masked by the site), a ville's to an association (« CONCLUE ENTRE : », a
/// placeholder number « n° 2015-XXXX », a SIRET). Three texts first put in
/// it (71, 72, 77) were the same documents as 17, 23 and 46, already
/// measured: they were taken out, not counted.
fn texts_10() -> Vec<T> {
    [texts_10a(), texts_10b()].into_iter().flatten().collect()
}

fn texts_10a() -> Vec<T> {
    vec![
        T {
            file: "73-metropole-senas-fonds-de-concours-restauration.md",
            kind: "convention",
            numero: "",
            title: &[
                "CONVENTION DE FONDS DE CONCOURS AVEC LA COMMUNE DE SENAS EN VUE DE LA CREATION D’UN",
                "EQUIPEMENT INTERCOMMUNAL DESTINE A LA RESTAURATION COLLECTIVE EN CIRCUITE COURT",
            ],
            not_title: &["Reçu au Contrôle", "MAMP", "GINOUX"],
            parties: vec![
                // « dûment mandatée »: no deliberation named; the preamble's
                // délibération HN 021-049/16/CM adopted a règlement, it does not habilitate.
                p(
                    "La Métropole d'Aix-Marseille-Provence",
                    'f',
                    "sa Présidente en exercice",
                    "",
                    "Présidente",
                    "MAMP",
                    'o',
                    NO_DELIB,
                ),
                p(
                    "La commune de SENAS",
                    'f',
                    "son Maire en exercice, Monsieur Philippe GINOUX",
                    "Philippe GINOUX",
                    "Maire",
                    "La Commune",
                    'o',
                    NO_DELIB,
                ),
            ],
        },
        T {
            file: "74-vannes-jm-france-conservatoire.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE PARTENARIAT ENTRE LA VILLE DE VANNES ET LES JM FRANCE"],
            not_title: &["soussignés", "ROBO", "Préambule"],
            parties: vec![
                p(
                    "La Ville de Vannes",
                    'f',
                    "son Maire, M. David ROBO",
                    "David ROBO",
                    "Maire",
                    "",
                    'o',
                    ("conseil municipal", "", "2014-03-28"),
                ),
                // « (UNJMF) »: its acronym, which a reader may take as its designation.
                p(
                    "L’association Union Nationale des Jeunesses Musicales de France (UNJMF)",
                    'f',
                    "son Directeur Général, Vincent NIQUEUX",
                    "Vincent NIQUEUX",
                    "Directeur Général",
                    "?",
                    'n',
                    NO_DELIB,
                ),
                p(
                    "L’association régionale des JM France Bretagne",
                    'f',
                    "sa présidente Maryvonne LE NOUVEL",
                    "Maryvonne LE NOUVEL",
                    "présidente",
                    "",
                    'n',
                    NO_DELIB,
                ),
            ],
        },
    ]
}

fn texts_10b() -> Vec<T> {
    vec![
        T {
            file: "75-herault-orb-jaur-developpement-culturel.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE DEVELOPPEMENT CULTUREL"],
            not_title: &["6008GGJMX", "Orb/Jaur", "soussignés"],
            parties: vec![
                // « par délibération n° » and a line break: the number left blank;
                // « Commi ssion » split by the extraction, the reader reads the word.
                p("Le Conseil Général de l'Hérault", 'm', "son président en exercice, Monsieur André Vezinhet", "André Vezinhet", "président", "Le Département", 'o', ("Commission permanente du conseil général", "", "2008-02-04")),
                // « autorisé … par délibération du lundi 2 décembre 2002 »: organ unnamed.
                p("La Communauté de Communes Orb-Jaur", 'f', "son Président en exercice, Monsieur Jean Arcas", "Jean Arcas", "Président", "la Communauté de Communes", 'o', ("?", "", "2002-12-02")),
            ],
        },
        T {
            file: "76-deux-sevres-celles-sur-belle-parcours-acrobatique.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION RELATIVE À LA PARTICIPATION FINANCIÈRE DU DÉPARTEMENT À LA RÉNOVATION ET AU DÉVELOPPEMENT DU PARCOURS ACROBATIQUE SITUE EN HAUTEUR DU PLAN D'EAU DU LAMBON (Commune de PRAILLES)"],
            not_title: &["Annexe PROJET", "ACP 17025", "GAUTIER", "Vu le Code"],
            parties: vec![
                p("Le Département des Deux-Sèvres", 'm', "M. Eric GAUTIER, Président du Conseil général", "Eric GAUTIER", "Président du Conseil général", "", 'o', ("Commission permanente", "", "2010-06-14")),
                // A « communauté cantonale » is a communauté de communes: it deliberates; « agissant ès qualités », no deliberation named.
                p("La Communauté cantonale de Celles-sur-Belle", 'f', "son président, M. Francis PROUST", "Francis PROUST", "président", "", 'o', NO_DELIB),
            ],
        },
        T {
            file: "78-oullins-mjc-mise-a-disposition-locaux.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE MISE A DISPOSITION TEMPORAIRE DE LOCAUX ENTRE LA COMMUNE D’OULLINS ET L’ASSOCIATION MAISON DES JEUNES ET DE LA CULTURE D’OULLINS"],
            not_title: &["PROJET", "soussignés"],
            parties: vec![
                // The names as the site masks them: a reader writes what he reads.
                p("La commune d'Oullins", 'f', "son Maire en exercice, Monsieur Xxxxxxxx-Xxxx XXXXXX", "Xxxxxxxx-Xxxx XXXXXX", "Maire", "la commune", 'o', ("Conseil municipal", "20170629_27", "2017-06-29")),
                // « L’association Maison … d’Oullins ou MJC d’Oullins »: where its name ends, open.
                p("?", 'f', "Monsieur Xxxxxxx XXXXXXX, président de l’association", "Xxxxxxx XXXXXXX", "président de l’association", "l’association", 'n', NO_DELIB),
            ],
        },
        T {
            file: "79-caluire-et-cuire-centres-sociaux-locaux.md",
            kind: "convention",
            numero: "",
            title: &["CONVENTION DE MISE A DISPOSITION DE LOCAUX"],
            not_title: &["CONCLUE ENTRE", "Député-Maire", "SIRET"],
            parties: vec![
                // « délibération du conseil municipal n° 2015-XXXX »: a placeholder, no number.
                p("La Ville de CALUIRE ET CUIRE", 'f', "son Député-Maire, Monsieur Xxxxxxxx XXXXXX", "Xxxxxxxx XXXXXX", "Député-Maire", "la Ville", 'o', ("conseil municipal", "", "2015-09-18")),
                // « l’Association dénommée Association des Centres Sociaux … »: where its name begins, open.
                // « ci-après dénommée l’ / « Association » »: its designation with its
                // article, as every other set writes one (« la Ville », « la Caf »); first
                // written « Association », against the measure's own convention.
                p("?", 'f', "sa Présidente en exercice", "", "Présidente", "l’Association", 'n', NO_DELIB),
            ],
        },
    ]
}

/// Folded for comparison: lower case, no accents, quotes and punctuation as spaces.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.push(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct Score {
    found: usize,
    expected: usize,
    invented: Vec<String>,
    missed: Vec<String>,
}

impl Score {
    /// A fact the reader may have written: `want` "" (nothing stated), "?"
    /// (not judged) or a value; `got` what import recorded.
    fn fact(&mut self, what: &str, want: &str, got: Option<&str>) {
        let got = got.map(str::trim).filter(|g| !g.is_empty());
        match (want, got) {
            ("?", _) => {}
            ("", None) => {}
            ("", Some(g)) => self.invented.push(format!("{what}: « {g} » where the text states none")),
            (w, g) => {
                self.expected += 1;
                match g {
                    Some(g) if fold(g) == fold(w) => self.found += 1,
                    Some(g) => {
                        self.missed.push(format!("{what}: « {w} »"));
                        self.invented.push(format!("{what}: « {g} » instead of « {w} »"));
                    }
                    None => self.missed.push(format!("{what}: « {w} »")),
                }
            }
        }
    }
}

fn genre(g: Genre) -> &'static str {
    match g {
        Genre::Feminin => "f",
        Genre::Masculin => "m",
    }
}

fn score_party(s: &mut Score, want: &P, got: &Party) {
    let who = if want.nom == "?" { want.designation } else { want.nom };
    if want.nom != "?" {
        s.fact(&format!("{who}: name"), want.nom, Some(&got.nom));
    }
    let g = want.genre.to_string();
    s.fact(&format!("{who}: gender"), &g, Some(genre(got.gender())));
    s.fact(&format!("{who}: representative"), want.representant, Some(&got.representant));
    s.fact(&format!("{who}: signatory"), want.signataire, Some(&got.signataire.nom));
    s.fact(&format!("{who}: signatory's quality"), want.qualite, Some(&got.signataire.qualite));
    s.fact(&format!("{who}: designation"), want.designation, got.designation.as_deref());
    let d = match want.delibere {
        'o' => "yes",
        'n' => "no",
        _ => "?",
    };
    s.fact(&format!("{who}: deliberates"), d, Some(if got.deliberates() { "yes" } else { "no" }));
    let delib = got.deliberation.as_ref();
    s.fact(&format!("{who}: deliberation organ"), want.organe, delib.map(|d| d.organe.as_str()));
    s.fact(&format!("{who}: deliberation number"), want.numero, delib.and_then(|d| d.numero.as_deref()));
    s.fact(&format!("{who}: deliberation date"), want.date, delib.and_then(|d| d.date.as_deref()));
}

fn score(t: &T, m: &Manifest) -> Score {
    let mut s = Score::default();
    // Title: every fragment read in it, nothing that is not the title.
    // Whole words: « Entre » is not in « CENTRE ».
    let title = format!(" {} ", fold(&m.title));
    if t.title.is_empty() {
        s.fact("title", "", Some(&m.title));
    } else {
        s.expected += 1;
        if t.title.iter().all(|f| title.contains(&format!(" {} ", fold(f)))) {
            s.found += 1;
        } else {
            s.missed.push(format!("title: « {} », read « {} »", t.title.join(" … "), m.title));
        }
        for n in t.not_title {
            if title.contains(&format!(" {} ", fold(n))) {
                s.invented.push(format!("title holds « {n} »: « {} »", m.title));
            }
        }
    }
    // The kind is a category: « la convention-cadre » is a convention, as
    // « l’accord-cadre » is an accord (the nature keeps the whole word).
    let nature = m.nature.as_deref().map(|n| {
        let word = n.split(['’', '\'', ' ']).next_back().unwrap_or(n);
        word.strip_suffix("-cadre").unwrap_or(word).to_string()
    });
    s.fact("kind", t.kind, nature.as_deref());
    s.fact("number", t.numero, m.numero.as_deref());
    // What an avenant amends, as its title names it (a fragment of it).
    match amends(t.file) {
        Some(want) => {
            s.expected += 1;
            match m.modifie.as_deref() {
                Some(g) if format!(" {} ", fold(g)).contains(&format!(" {} ", fold(want))) => s.found += 1,
                Some(g) => {
                    s.missed.push(format!("amends: « {want} »"));
                    s.invented.push(format!("amends: « {g} » instead of « {want} »"));
                }
                None => s.missed.push(format!("amends: « {want} »")),
            }
        }
        None => s.fact("amends", "", m.modifie.as_deref()),
    }
    // Parties: each party import records is matched to the party the reader
    // wrote down with the same name (or, for a blank name, designation).
    let mut used = vec![false; t.parties.len()];
    for got in &m.parties {
        let k = t.parties.iter().enumerate().position(|(k, w)| {
            !used[k]
                && if w.nom == "?" {
                    got.designation.as_deref().is_some_and(|d| fold(d) == fold(w.designation))
                } else {
                    fold(&got.nom) == fold(w.nom)
                }
        });
        match k {
            Some(k) => {
                used[k] = true;
                score_party(&mut s, &t.parties[k], got);
            }
            None => s.invented.push(format!("a party that is not one: « {} »", got.nom)),
        }
    }
    for (k, w) in t.parties.iter().enumerate() {
        if !used[k] {
            // Every fact of a party not found is missed.
            let mut lost = Score::default();
            score_party(&mut lost, w, &blank_party());
            s.expected += lost.expected;
            s.found += lost.found;
            s.missed.push(format!("party « {} » not found", if w.nom == "?" { w.designation } else { w.nom }));
        }
    }
    s
}

fn blank_party() -> Party {
    serde_json::from_value(serde_json::json!({ "id": "x", "nom": "" })).unwrap()
}

/// Each party's name and representative keep the line they were read at,
/// and that line of the text writes them: what does not, one line each.
fn read_where_written(file: &str, text: &str, m: &Manifest) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut wrong = Vec::new();
    for p in &m.parties {
        for (fact, value) in [("nom", &p.nom), ("representant", &p.representant)] {
            if value.trim().is_empty() {
                continue;
            }
            let name = format!("parties[{}].{}", p.id, fact);
            let Some(prov) = m.provenance.get(&name) else {
                wrong.push(format!("{file}: no provenance for {name}"));
                continue;
            };
            if prov.fichier.as_deref() != Some(file) {
                wrong.push(format!("{file}: {name} read in {:?}", prov.fichier));
            }
            let Some(line) = prov.ligne else {
                wrong.push(format!("{file}: {name} without a line"));
                continue;
            };
            // The value's first distinctive word (after its article) is on that line.
            let word = value.split_whitespace().find(|w| w.chars().count() > 3).unwrap_or(value);
            let written = lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
            if !fold(written).contains(&fold(word)) {
                wrong.push(format!("{file}: {name} « {value} » said read at line {line}: « {written} »"));
            }
        }
    }
    wrong
}

/// Reads each text, scores it against what the reader wrote, prints its
/// recall, what it missed and what it invented, and asserts that nothing
/// is invented and that recall overall reaches 90 %.
fn measure(all: &[T]) {
    let dir = root().join("tests/fixtures/front-matters");
    let mut total = Score::default();
    let mut where_wrong = Vec::new();
    for t in all {
        let text = std::fs::read_to_string(dir.join(t.file)).unwrap();
        assert!(text.starts_with("<!-- source:"), "{}: its source first", t.file);
        let imported = clausier::import::import(&text, Path::new(t.file)).unwrap();
        let s = score(t, &imported.source.manifest);
        println!(
            "{:<48} recall {:>3}/{:<3} {:>5.1} %  invented {}",
            t.file,
            s.found,
            s.expected,
            100.0 * s.found as f64 / s.expected.max(1) as f64,
            s.invented.len()
        );
        for m in &s.missed {
            println!("    missed   {m}");
        }
        for i in &s.invented {
            println!("    INVENTED {i}");
        }
        let misplaced = read_where_written(t.file, &text, &imported.source.manifest);
        for w in &misplaced {
            println!("    MISPLACED {w}");
        }
        where_wrong.extend(misplaced);
        total.found += s.found;
        total.expected += s.expected;
        total.invented.extend(s.invented.into_iter().map(|i| format!("{}: {}", t.file, i)));
    }
    let recall = 100.0 * total.found as f64 / total.expected as f64;
    println!("overall: recall {}/{} = {:.1} %, invented {}", total.found, total.expected, recall, total.invented.len());
    assert!(where_wrong.is_empty(), "facts not read where written:\n{}", where_wrong.join("\n"));
    assert!(total.invented.is_empty(), "invented facts:\n{}", total.invented.join("\n"));
    assert!(recall >= 90.0, "recall {:.1} % < 90 %", recall);
}

#[test]
fn import_reads_the_facts_of_real_front_matters_and_invents_none() {
    let all = texts();
    assert!(all.len() >= 15);
    measure(&all);
}

/// The same measure on texts the import rules were not written against
/// (issue 17: « on real front matters … never seen before »). First run,
/// before any rule was written for them: 86/106 = 81.1 %, 7 invented.
#[test]
fn import_reads_held_out_front_matters() {
    measure(&texts_5());
}

/// The third held-out set (issue 17), measured apart for the same reason.
/// First run, before any rule was written for them (expectations committed
/// in a66244d before it): 134/225 = 59.6 %, 16 invented — per text 29 12/15,
/// 30 53/53 (2 inv.), 31 3/15 (2), 32 13/19, 33 7/19 (2), 34 10/15 (1),
/// 35 16/18 (1), 36 8/14 (1), 37 7/15 (3), 38 2/15 (4), 39 3/27.
/// After general rules for their shapes: 224/225 = 99.6 %, none invented
/// (missed: a representative masked « Xxx Xxxxxxxx XXXXXXX, … », which
/// import takes for a blank).
#[test]
fn import_reads_a_third_held_out_set() {
    measure(&texts_6());
}

/// The fourth held-out set (issue 17), measured apart for the same reason.
/// First run, before any rule was written for them (expectations committed
/// in 67febfd before it): 157/215 = 73.0 %, 20 invented — per text 40 21/22,
/// 41 14/16 (2 inv.), 42 1/18 (1), 43 16/26 (4), 44 18/25 (4), 45 12/12,
/// 46 16/16, 47 13/15 (2), 48 7/15 (2), 49 17/17 (1), 50 16/18 (2, and a
/// party « (3) SOMMAIRE » read at no line), 51 6/15 (2).
/// After general rules for their shapes: 215/215 = 100 %, none invented
/// (all 51 texts: 1082/1084 = 99.8 %, none invented).
#[test]
fn import_reads_a_fourth_held_out_set() {
    measure(&texts_7());
}

/// The fifth held-out set (issue 17), measured apart for the same reason.
/// First run, before any rule was written for them (expectations committed
/// in 466bbed before it): 111/160 = 69.4 %, 16 invented and 3 facts said
/// read at a line that does not write them — per text 52 12/15 (3 inv.),
/// 53 11/15 (2), 54 20/20, 55 10/13 (1), 56 8/16 (3, and a party read at
/// another line), 57 8/9 (1, and a party read at line 1), 58 8/9 (3, and a
/// party read at line 1), 59 21/21, 60 10/23 (2), 61 3/19 (1).
/// After general rules for their shapes: 160/160 = 100 %, none invented
/// (all 61 texts: 1242/1244 = 99.8 %, none invented); the kind is compared
/// as a category (« convention-cadre » is a convention).
#[test]
fn import_reads_a_fifth_held_out_set() {
    measure(&texts_8());
}

/// The sixth held-out set (issue 17), measured apart for the same reason.
/// First run, before any rule was written for them (expectations committed
/// in 184fb83 before it): 126/197 = 64.0 %, 16 invented — per text 62 13/48
/// (3 inv.), 63 3/16 (2), 64 13/16 (1), 65 19/20 (1), 66 23/25 (2), 67 19/20
/// (1), 68 16/19 (1), 69 3/15 (2), 70 17/18 (3).
/// After general rules for their shapes: 189/197 = 95.9 %, 3 invented; then
/// a syndicat named by the service it pools and a SIS deliberate
/// (`party::kind_of`), and 62's representative written, as in every other
/// set, through his office: 192/197 = 97.5 %, none invented — per text 62
/// 45/48 (Bellencombre, behind a « Projet » watermark, not found), 63 16/16,
/// 64 16/16, 65 20/20, 66 25/25, 67 20/20, 68 19/19, 69 15/15, 70 18/18.
#[test]
fn import_reads_a_sixth_held_out_set() {
    measure(&texts_9());
}

/// The seventh held-out set (issue 17), measured apart for the same reason.
/// First run, before any rule was written for them (expectations committed
/// in d0403ff for 73–76, in 04bfe2c for 78–79, each before import ran on
/// them): 73/106 = 68.9 %, 7 invented and one party said read at a line that
/// does not write it — per text 73 8/15 (1 inv., « entre : » kept in a
/// party's name), 74 12/22 (two associations after « et » not found),
/// 75 18/19 (1, the organ), 76 16/16 (2, the title), 78 16/18, 79 3/16 (3,
/// « CALUIRE ET CUIRE » cut in two). (The first commit also held 71, 72 and
/// 77, the same documents as 17, 23 and 46: taken out, never counted.)
/// After general rules for their shapes: 103/106 = 97.2 %, none invented —
/// per text 73 15/15, 74 22/22, 75 19/19, 76 16/16, 78 16/18, 79 15/16 (the
/// three signatories left: names the site masked, « Xxxxxxx XXXXXXX », read
/// as placeholders). All 74 texts: 1537/1547 = 99.4 %, none invented.
#[test]
fn import_reads_a_seventh_held_out_set() {
    measure(&texts_10());
}

/// An official export's wrapper heading (« # Article Annexe », « A N N E X E »)
/// above the title and parties of the text it wraps is not a division that
/// holds the whole text, nor part of the title (issue 17, point 6).
/// « AVENANT N°1 A LA CONVENTION N°15/1077 … »: an avenant, its number, and
/// what it amends; the préfecture's stamp is not in its title (issue 17).
#[test]
fn an_avenant_title_gives_its_number_and_what_it_amends() {
    let text = "Reçu au contrôle de légalité le 12 juillet 2016\n\nAVENANT N°1 A LA CONVENTION N°15/1077 RELATIVE A LA MISE A DISPOSITION DE SERVICES\n\nEntre :\n\nLa Métropole Rouen Normandie, représentée par son Président, M. Yvon Robert,\n\nEt :\n\nLa Commune de Déville-lès-Rouen, représentée par son Maire, M. Dominique Gambier,\n\nIl a été convenu ce qui suit :\n\nArticle 1er\n\nLa durée est portée à trois ans.\n";
    let m = clausier::import::import(text, Path::new("av.md")).unwrap().source.manifest;
    assert_eq!(m.title, "AVENANT N°1 A LA CONVENTION N°15/1077 RELATIVE A LA MISE A DISPOSITION DE SERVICES");
    assert_eq!(m.nature.as_deref(), Some("l’avenant"));
    assert_eq!(m.numero.as_deref(), Some("1"));
    assert_eq!(m.modifie.as_deref(), Some("LA CONVENTION N°15/1077 RELATIVE A LA MISE A DISPOSITION DE SERVICES"));
}

/// A cover listing the text's contents (« TITRE I – … », « TITRE II – … »,
/// each holding nothing) above « ENTRE LES SOUSSIGNES »: the headings are
/// lines of the title page, the parties are read, the title ends above them.
#[test]
fn a_cover_list_of_contents_is_no_division() {
    let text = "(1)\n\nCLUB X\n\nCONVENTION DE PARTENARIAT\n\nTITRE I – DISPOSITIONS GENERALES\n\nTITRE II – DISPOSITIONS FINANCIERES\n\n(2)\n\nENTRE LES SOUSSIGNES\n\n- La Ville de Y, représentée par Anne B, Adjointe au Maire, ci-après dénommée « la Ville »,\n\nd’une part,\n\nET\n\n- L’Association Z, représentée par M. Paul C, Président,\n\nd’autre part,\n\nIL A ETE CONVENU CE QUI SUIT :\n\nTITRE I – DISPOSITIONS GENERALES\n\nArticle 1 – Objet\n\nLa Ville soutient l’association.\n";
    let m = clausier::import::import(text, Path::new("cover.md")).unwrap().source.manifest;
    assert_eq!(m.title, "CLUB X CONVENTION DE PARTENARIAT");
    assert_eq!(m.nature.as_deref(), Some("la convention"));
    let names: Vec<&str> = m.parties.iter().map(|p| p.nom.as_str()).collect();
    assert_eq!(names, ["la Ville de Y", "l’Association Z"]);
    // Headings holding text are divisions still.
    assert!(m.outline.iter().any(|n| n.id.starts_with("titre-i")), "{:?}", m.outline);
}

#[test]
fn a_wrapper_heading_does_not_swallow_the_text() {
    let text = "# Article Annexe\n\nA N N E X E\n\nCONVENTION NATIONALE DES INFIRMIERS\n\nEntre :\n\nL'Union nationale des caisses d'assurance maladie (UNCAM), représentée par M. Frédéric van Roekeghem, son directeur général,\n\nEt :\n\nLa Fédération nationale des infirmiers, représentée par M. Philippe Tisserand, son président,\n\nIl a été convenu ce qui suit :\n\nArticle 1er\n\nObjet\n\nLa présente convention règle les rapports.\n\nArticle 2\n\nDurée\n\nElle est conclue pour cinq ans.\n";
    let imported = clausier::import::import(text, Path::new("wrap.md")).unwrap();
    let m = &imported.source.manifest;
    assert_eq!(m.title, "CONVENTION NATIONALE DES INFIRMIERS");
    assert_eq!(m.parties.len(), 2, "{:?}", m.parties.iter().map(|p| &p.nom).collect::<Vec<_>>());
    let top: Vec<&str> = m.outline.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(top, ["article-1er", "article-2"]);
    // Its words are kept: the title page holds them.
    let titre = &imported.source.clauses["titre"].text;
    assert!(titre.contains("Annexe") && titre.contains("A N N E X E"), "{titre}");
    // A text that is an annex (« ANNEXE FINANCIÈRE ») keeps its title.
    let annex = "ANNEXE FINANCIÈRE\n\nBudget prévisionnel.\n";
    let m = clausier::import::import(annex, Path::new("a.md")).unwrap().source.manifest;
    assert!(m.title.starts_with("ANNEXE FINANCIÈRE") || m.title.is_empty(), "{}", m.title);
}

/// Signature blocks without a « Fait à » line, at the end of the last
/// article, are the signatures, and an annex after them stays after them
/// (issue 17, point 6).
#[test]
fn signatures_without_a_closing_line() {
    let text = "CONVENTION RELATIVE AU PARC\n\nEntre :\n\nL'État, représenté par le ministre de l'aménagement du territoire et de l'environnement,\n\nEt :\n\nLe Département de la Vienne, représenté par le président du conseil général,\n\nIl a été convenu ce qui suit :\n\nArticle 1er\n\nObjet\n\nLe parc est créé.\n\nArticle 2\n\nDurée\n\nLa convention est conclue pour trois ans.\n\nLe ministre de l'aménagement du territoire et de l'environnement, Yves Cochet\n\nLe président du conseil général, C. Belot\n\nANNEXE\n\nPlan du parc.\n";
    let imported = clausier::import::import(text, Path::new("parc.md")).unwrap();
    let src = &imported.source;
    let signatures = &src.clauses.get("signatures").expect("a signatures part").text;
    assert!(signatures.contains("Yves Cochet") && signatures.contains("C. Belot"), "{signatures}");
    let article2 = src.clauses.values().find(|c| c.text.contains("trois ans")).unwrap();
    assert!(!article2.text.contains("Cochet"), "{}", article2.text);
    // The annex stays a division, after the signatures in the text.
    let ids: Vec<&str> = src.manifest.outline.iter().map(|n| n.id.as_str()).collect();
    assert!(ids.last().is_some_and(|i| i.starts_with("annexe")), "{ids:?}");
    assert!(!signatures.contains("Plan du parc"));
    // A last article that ends on a sentence naming an office keeps it.
    let plain =
        "CONVENTION\n\nArticle 1er\n\nObjet\n\nLe président du comité, M. Jean Martin, est chargé de l'exécution.\n";
    let src = clausier::import::import(plain, Path::new("p.md")).unwrap().source;
    assert!(!src.clauses.contains_key("signatures"));
}

/// A long line styled as a heading before the parties (Word's « Convention
/// conclue entre l'ETAT, l'organisme propriétaire … » of the APiLos
/// résidence sociale) is a line of the title page: the parties after it are
/// read, not taken for a division's text (`.ci/import_facts.sh` checks the
/// real document).
#[test]
fn a_heading_above_the_parties_is_a_title_line() {
    let text = "# Convention n° 94.D.26.0001\n\n## Convention conclue entre l'ETAT, l'organisme propriétaire et l'organisme gestionnaire en application de l'article L. 353-2 du code de la construction et de l'habitation\n\nEntre les soussignés :\n\nLe ministre chargé du logement, agissant au nom de l'ETAT, et représenté par le préfet ;\n\nLa société ADOMA, représentée par Madame Myriam BERGHOUT, Directrice, dénommée ci-après le propriétaire ;\n\nVu l'objet de la résidence sociale ;\n\nIl a été convenu de ce qui suit :\n\nArticle 1er.\n\nObjet de la convention\n\nLa présente convention a pour objet de fixer les droits des parties.\n";
    let src = clausier::import::import(text, Path::new("rs.md")).unwrap().source;
    let m = &src.manifest;
    let noms: Vec<&str> = m.parties.iter().map(|p| p.nom.as_str()).collect();
    assert_eq!(noms, ["l'ETAT", "la société ADOMA"]);
    assert_eq!(m.numero.as_deref(), Some("94.D.26.0001"));
    let top: Vec<&str> = m.outline.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(top.first(), Some(&"article-1er"), "{top:?}");
}

/// A « PLAN DE LA CONVENTION » under an export's wrapper heading is matched
/// to the divisions it names (issue 17, point 6).
#[test]
fn a_plan_under_a_wrapper_is_the_sommaire() {
    let text = "# Article Annexe\n\nCONVENTION NATIONALE DES INFIRMIERS\n\nPLAN DE LA CONVENTION\n\nArticle 1er – Objet\n\nArticle 2 – Durée\n\nEntre :\n\nL'Union nationale des caisses d'assurance maladie (UNCAM), représentée par M. Frédéric van Roekeghem, son directeur général,\n\nEt :\n\nLa Fédération nationale des infirmiers, représentée par M. Philippe Tisserand, son président,\n\nIl a été convenu ce qui suit :\n\nArticle 1er – Objet\n\nLa présente convention règle les rapports.\n\nArticle 2 – Durée\n\nElle est conclue pour cinq ans.\n";
    let src = clausier::import::import(text, Path::new("plan.md")).unwrap().source;
    assert_eq!(src.manifest.parties.len(), 2);
    let top: Vec<&str> = src.manifest.outline.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(top, ["article-1er", "article-2"]);
    let doc = clausier::render::assemble(&src, &clausier::render::BuildOptions::default()).unwrap();
    assert_eq!(doc.toc_title.as_deref(), Some("PLAN DE LA CONVENTION"));
    assert_eq!(doc.sommaire().len(), 2, "{:?}", doc.sommaire());
}
