//! The parties block read by its shape, and the title read without the
//! stamps and running headers around it.
//!
//! The front matter (every line before the first division, joined) is read
//! as a legal service reads it: the block opens at « Entre » (the last one
//! followed by a party: a title page « ENTRE LES COMMUNES DE … » is not it)
//! and closes at the formula, the visas or the exposé; it is cut into one
//! stretch per party at « Et », « d'une part / d'autre part », « ; », a
//! dash or a number opening a line, « , et la Ville … »; each stretch gives
//! a name (as written, up to its description), « représenté(e) par … », the
//! signatory in it (civilité, name, quality), « ci-après dénommé(e) … », the
//! deliberation it cites (organ, number, date — a placeholder « n° ……… » is
//! no number) and the gender its words show. Nothing is guessed: a fact a
//! stretch does not state stays unset.

use super::facts::{deliberation, is_blank};
use super::pattern::Pattern;
use crate::source::{Genre, Party, Signataire};
use std::sync::LazyLock;

fn rx(p: &str) -> Pattern {
    super::detect::compile(p)
}

/// The préfecture's stamps and acknowledgements, a page's running title.
static STAMP: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i)accus[ée] de r[ée]ception(?:\s*en pr[ée]fecture|\s*-\s*minist[eè]re de l['’]int[ée]rieur)?|accus[ée] certifi[ée] ex[ée]cutoire|(?:date de )?(?:t[ée]l[ée]transmission|r[ée]ception(?: pr[ée]fecture| par le pr[ée]fet)?|publication|affichage)\s*:\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|envoy[ée] en pr[ée]fecture le\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|re[çc]u en pr[ée]fecture le\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|affich[ée] le(?:\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})?|\bID\s*:\s*[0-9]{3}-(?-i:[\w-]+)\.?|[0-9]{3}-[0-9]{9}-[0-9]{8}-(?-i:[\w-]+?)-(?:DE|AR|AU|CC)|re[çc]u au contr[ôo]le de l[ée]galit[ée] le\s*[0-9]{1,2}(?:er)?\s+(?-i:\p{L}+)\s+[0-9]{4}|-\s*page\s+[0-9]+\s+sur\s+[0-9]+\s*-|\bpage\s+[0-9]+\s+sur\s+[0-9]+\b",
    )
});

/// The préfecture's stamps and page titles, set aside; the stamp pattern is
/// compiled only for a text that has one of their words.
fn unstamped(t: &str) -> std::borrow::Cow<'_, str> {
    const WORDS: [&str; 10] = ["ccus", "CCUS", "fecture", "FECTURE", "galit", "GALIT", "ID :", "ID:", "age ", "AGE "];
    if WORDS.iter().any(|w| t.contains(w)) || t.contains("ffich") || t.contains("ublication") {
        STAMP.replace_all(t, " ")
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// A page counter in a running header: « 1/6 », « -1- », « 1 | 3 », « Page 1 sur 10 ».
static PAGE: LazyLock<Pattern> =
    LazyLock::new(|| rx(r"(?:^|\s)(?:-\s*[0-9]{1,3}\s*-|[0-9]{1,3}\s*[/|]\s*[0-9]{1,3})(?:\s|$)"));

/// A page counter alone on its line (« - 1/8 - », « 2 | 3 »): a page's
/// footer fallen between two parties, not a word of either.
static PAGE_LINE: LazyLock<Pattern> =
    LazyLock::new(|| rx(r"(?m)^[ \t]*-?[ \t]*[0-9]{1,3}[ \t]*[/|][ \t]*[0-9]{1,3}[ \t]*-?[ \t]*$"));

/// A site's page mark on a line of its own, « (1) », « (2) »: it may fall
/// inside a title that runs over two pages, so it is dropped, not cut at.
static PAGE_MARK: LazyLock<Pattern> = LazyLock::new(|| rx(r"(?m)^\s*\([0-9]{1,2}\)\s*$"));

/// « Entre : », « ENTRE », « Entre les soussignés : », « Entre les
/// Soussignés », « Entre les soussignées : » (two collectivités), « Entre, »;
/// and « entre : » in lower case alone on its line (a block introduced as a
/// sentence goes on: « … entre : / La Métropole …, d’une part, et, … »), which
/// a title's « convention entre la ville … » never is.
static ENTRE: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?:^|[\s,.:;])(?:Entre|ENTRE)(?:\s+(?i:les\s+soussign[ée]e?s))?\s*[:,]?(?:\s|$)|(?m:^)[ \t]*entre[ \t]*:[ \t]*(?:\n|$)",
    )
});

/// What closes the parties block: the formula (« LESQUELLES, ensemble,
/// désignées sous le terme « les Parties » ont convenu … », « Ensemble
/// dénommées « Les Parties » »), the visas, the
/// exposé, the first article, a heading « INTRODUCTION » or « SOMMAIRE » in
/// capitals after the parties.
static END: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?:^|\s)(?:(?:[Ii]l|IL)\s+(?:a|A|est|EST)\s|(?:[Ll]esquel(?:le)?s|LESQUEL(?:LE)?S)\b|(?:INTRODUCTION|SOMMAIRE)(?:\s|$)|(?:[Ll]es parties|LES PARTIES)\s+(?:sont|ont|conviennent|SONT|ONT|CONVIENNENT)\b|[Ss]ont convenus|SONT CONVENUS|(?:Vu|VU|Vus|VUS)\s|(?:Considérant|CONSIDÉRANT|CONSIDERANT)\b|(?:Préambule|PR[ÉE]AMBULE)\b|[Ee]xposé préalable|EXPOS[ÉE] PR[ÉE]ALABLE|(?:[ÉE]tant|[ÉE]TANT) (?:préalablement|PR[ÉE]ALABLEMENT)|[Aa]près (?:avoir exposé|avis)|(?:Article|ARTICLE)\s+(?:1|I|premier|PREMIER|unique|UNIQUE)\b|[Cc]eci (?:étant )?exposé|CECI EXPOS[ÉE]|(?:ET\s+|[Ee]t\s+)?(?:EN PARTENARIAT AVEC|[Ee]n partenariat avec|EN PR[ÉE]SENCE DE|[Ee]n présence de)|[^\n;,.]*?\s(?:sont|seront)\s+(?:ci-?\s*apr[eè]s\s+)?(?:dénommé|désigné)e?s\b|E X P O S [ÉE](?:\s|$)|(?:[Ee]nsemble|ENSEMBLE)\s+(?:ci-?\s*apr[eè]s\s+)?(?:dénommée?s|désignée?s|DÉNOMMÉE?S|DÉSIGNÉE?S)\b)",
    )
});

/// Where one party's stretch ends and the next begins.
static SEP: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i:d['’]\s?(?:une|autre)\s+part)(?:\s*[,;.:])?|(?:^|\s)(?:ET|Et|et|E t|E T|&)\s*[:,\-–]?(?:\s|$)|;(?:\s|$)|\n\s*(?:[-–•]|[0-9]{1,2}\s*[-–.)])\s|,\s+(?:n°\s+)?(?:LA|LE|LES|L['’])\s?\p{Lu}{3}",
    )
});

/// « D’une part », « d'autre part » opening what follows.
static PART_FORMULA: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?i:d['’]\s?(?:une|autre)\s+part)"));

/// An article and a capital: a party's name begins (« La Ville », « L’État »,
/// « LA COMMUNE DE … » in capitals).
static NAME_START: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"^(?:[-–•]\s*)?(?:[0-9]{1,2}\s*[-–.)]\s*)?(?:(?:La|Le|Les|L['’])\s*\p{L}|(?:la|le|les|l['’])\s*\p{Lu}|\p{Lu}{3}|(?:LA|LE|LES|L['’])\s?\p{Lu}{2})",
    )
});

/// « Et Alter Public, Société Publique Locale … »: after « Et », a name
/// with no article, capitalised words up to the comma that opens its
/// description.
static BARE_NAME: LazyLock<Pattern> =
    LazyLock::new(|| rx(r"^\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]*){0,5}\s*,\s+\p{L}"));

/// An article or a capital, where a stretch already begins a party.
static ARTICLE_START: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?:(?i:la|le|les|l['’])\s*\p{L}|\p{Lu})"));

/// A name in capitals with its article (« L'ASSOCIATION COMITE … »).
static CAPS_PARTY: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?:LA|LE|LES|L['’])\s?\p{Lu}{3}"));

/// « , LA VILLE DE SEGOU, représentée »: a party in capitals, then its representative.
static CAPS_REPRESENTED: LazyLock<Pattern> =
    LazyLock::new(|| rx(r"^,\s+(?:n°\s+)?(?:LA|LE|LES|L['’])\s?[\p{Lu}\s'’\-–.()]{3,120}?,?\s+représenté"));

/// « CI-APRES DÉNOMMÉE LE PARC DU LUBERON La Commune de OPPEDE »: a party
/// juxtaposed after a designation in capitals.
static JUXTAPOSED: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i:ci-?\s*apr[eè]s)\s+(?i:d[ée]nomm[ée]e?s?|d[ée]sign[ée]e?s?)\s+[\p{Lu}\s’'\-]+?\s((?:La|Le|L['’])\s?\p{Lu}\p{Ll})",
    )
});

/// Where a party's name ends: its description begins.
static NAME_CUT: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"\s*,|\s[-–]\s+\p{Ll}|\s\(|\s*\[|\n|\s(?:[Rr]eprésentée?s?|REPRÉSENTÉE?|[Dd]ont|[Aa]yant|[Ss]ise?|[Ss]ituée?|[Dd]omiciliée?|agissant|dûment|(?i:ci-?\s*apr[eè]s)|au capital|inscrite?|immatriculée?|gestionnaire|en vertu|habilitée?|Née? le|Demeurant|pris en la personne)\b",
    )
});

/// Where the name of the body a person acts for ends.
static ACT_CUT: LazyLock<Pattern> = LazyLock::new(|| {
    rx(r",?\s(?:conformément|en vertu|agissant|représentée?|dûment|habilitée?|(?i:ci-?\s*apr[eè]s))\b|\n|,\s*et\s")
});

/// The lower-case word after a name in capitals.
static CAPS_END: LazyLock<Pattern> = LazyLock::new(|| rx(r"\b\p{Lu}{2,}[\p{Lu}'’\-]*\s+(\p{Ll}{4,})"));

/// « X agissant au nom et pour le compte du Département »: the party is the
/// body X acts for.
static ACTING_FOR: LazyLock<Pattern> = LazyLock::new(|| {
    rx(r"^(.*?)\s*,?\s+agissant\s+au\s+nom\s+(?:et\s+pour\s+le\s+compte\s+)?(du|de la|de l['’]|des|de)\s*(.+)$")
});

/// « représentée par », « représenté (e), », « représentée aux présentes par ».
static REP: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i)(?:repr[ée]sent[ée]e?s?\s*(?:\(e\))?\s*(?:,|(?:aux\s+présentes\s+|ici\s+|à\s+l['’]acte\s+)?par\b|\s+en\s+vertu\s[^,;]{0,200},\s*par\b)|ayant\s+pour\s+repr[ée]sentante?\s*:?)\s*(.+)$",
    )
});

/// Where the representative's words end: his mandate, the party's
/// description (« , n° SIRET … »), how he came to his office (« nommée par
/// arrêté ministériel … », « élu par délibération du Comité de direction … »).
static REP_CUT: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i),?\s+(?:agissant|dûment|spécialement|habilitée?|autorisée?|désignée?\s+à|dénommée?s?\s+ci-?\s*apr[eè]s|désignée?s?\s+ci-?\s*apr[eè]s|dénommée?\s*\(e\)|en vertu|ci-?\s*apr[eè]s|conformément|en application|en exécution|ayant|dont|domiciliée?|demeurant|sise?|inscrite?|au capital|tél|(?:n°\s*)?siret|siren|nommée?\s+(?:par|à|le)|élue?\s+(?:par|le|à))\b|,?\s+et\s+(?:désignée?|dénommée?|dûment|spécialement|habilitée?|autorisée?|agissant|conformément|en\s+vertu|en\s+application|en\s+exécution)|,\s*par\s+(?:une\s+)?(?:délibération|décision|arrêté)\b|,?\s+en\s+tant\s+que\b|\n|\s+ou\s*,|,?\s*d['’]\s?(?:une|autre)\s+part",
    )
});

/// « agissant en qualité de », « , en sa qualité de »: the office follows.
static QUALITY: LazyLock<Pattern> = LazyLock::new(|| rx(r"^,?\s*(?:agissant\s+)?en\s+(?:sa\s+|son\s+)?qualité\s+de\s"));

/// « ci-après dénommée « la Ville » », « dénommé (e) ci-après le propriétaire »,
/// « Désigné ci-après par les initiales «EPF PACA» », « appelée ci-après
/// « MAMP » » (a third verb, the same formula).
static DESIGNATION: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i)(?:ci-?\s*apr[eè]s\s+(?:indiff[ée]remment\s+)?(?:d[ée]nomm[ée]e?s?|d[ée]sign[ée]e?s?|appel[ée]e?s?)|(?:d[ée]nomm[ée]e?s?|d[ée]sign[ée]e?s?|appel[ée]e?s?)\s*(?:\(e\))?\s*ci-?\s*apr[eè]s|d[ée]sign[ée]e?s?\s+dans\s+(?:le\s+texte\s+)?(?:ce\s+)?qui\s+suit)\s*(?:\(e\))?\s*,?\s*(?:(?:par\s+)?(?:les|le)\s+(?:mots?|termes?)\s*:?|sous\s+le\s+terme|par\s+l['’]\s?(?:appellation|abréviation|acronyme|expression)|(?:par\s+)?(?:les\s+initiales|le\s+sigle)|par\b|:)?\s*(.+)$",
    )
});

static DESIGNATION_CUT: LazyLock<Pattern> =
    LazyLock::new(|| rx(r",|\s+ou\s+|\s+d['’]\s?(?:une|autre)\s+part|\.(?:\s|$)|;|\n|\s*\([0-9]+\)|\s+et\s+agissant"));

/// A civilité and the name after it (« Mr », the English abbreviation, too;
/// « représentée par madame X Y, présidente », written in lower case inside
/// the sentence).
static CIVILITE: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?:^|\s)(Monsieur|Madame|Mademoiselle|monsieur|madame|Mme|Mlle|Mr\.?|M\.|M)\s+(\p{Lu}[\p{L}'’\-]*(?:\s+(?:\p{Lu}[\p{L}'’\-]*|van|von|de|du|des|le|la|d['’]\p{Lu}[\p{L}\-]*))*)",
    )
});

/// The words of an office (« Président », « Adjointe au Maire », « directeur général »).
static FUNCTION: LazyLock<Pattern> = LazyLock::new(|| {
    rx(
        r"(?i)^(?:(?:premi[eè]re?|vice)[\s-]+)?(?:(?:sénat(?:eur|rice)|députée?)-maire|présidente?|president|maire|adjointe?|directeur|directrice|préf[eè]te?|prefet|ministre|secrétaire|gérante?|déléguée?|conseill[eè]re?|chef|administrat(?:eur|rice)|rect(?:eur|rice)|proviseure?|commissaire|trésori[eè]re?|vice-présidente?)\b",
    )
});

/// Reads the parties of the front matter (its blocks' texts, in order);
/// `fallback` is the parties part the structure found, read when no
/// « Entre » opens a block.
pub(crate) fn read(front: &[String], fallback: &[String]) -> Vec<Party> {
    let text = front.join("\n");
    let region = match block(&text) {
        Some(r) => r,
        None if !fallback.is_empty() => without_entre(&text, fallback),
        None if parties_first(&text).is_some() => {
            PAGE_MARK.replace_all(&text[..parties_first(&text).unwrap_or(0)], "").to_string()
        }
        None => return Vec::new(),
    };
    let region = unstamped(&region);
    let region = PAGE_LINE.replace_all(&region, "").to_string();
    stretches(&region).iter().filter_map(|s| party(s)).collect()
}

/// The parties block of a text with no « Entre », from the parties part the
/// structure found, read in the front matter's words (a list item keeps its
/// dash there: « - la communauté de communes … » opens a party). A first
/// paragraph that opens on the party's description (« Ayant son siège
/// social … Représentée par … ») continues the name ending the line before
/// (« N°11-Dossier 11020198 La Région Ile-de-France »).
fn without_entre(text: &str, fallback: &[String]) -> String {
    let first = fallback[0].trim();
    let Some(at) = (!first.is_empty()).then(|| text.find(first)).flatten() else {
        let t = fallback.join("\n");
        let end = END.find(&t).map_or(t.len(), |m| m.start());
        return t[..end].to_string();
    };
    let mut from = at;
    static DESCRIPTION: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"^(?i:ayant\s+son\s+siège|dont\s+le\s+siège|domiciliée?|sise?\b|située?\b)"));
    static NAME_ENDING: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"(?:^|\s)((?:La|Le|Les|L['’])\s?\p{Lu}[^\n]{0,150})\n\s*$"));
    if DESCRIPTION.is_match(first) {
        if let Some(c) = NAME_ENDING.captures(&text[..at]) {
            from = c.get(1).map_or(at, |m| m.start());
        }
    }
    let t = &text[from..];
    let end = END.find(t).map_or(t.len(), |m| m.start());
    t[..end].to_string()
}

/// The visas of the front matter that cite a deliberation, however they are
/// laid out: « Vu la délibération … », « VU » then « • la délibération … »,
/// or run together in one paragraph.
pub(crate) fn visa_deliberations(front: &[String]) -> Vec<String> {
    static VU: LazyLock<Pattern> = LazyLock::new(|| rx(r"(?:^|\s)(?:Vu|VU|•)\s"));
    let text = front.join("\n");
    let starts: Vec<usize> = VU.find_iter(&text).map(|m| m.start()).chain(std::iter::once(text.len())).collect();
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let piece = &text[w[0]..w[1]];
        let piece = piece.trim_start();
        // A visa ends where the parties block or the formula begins.
        let body = &piece[piece.find(char::is_whitespace).unwrap_or(0)..];
        let stop = [ENTRE.find(body).map(|m| m.start()), END.find(body).map(|m| m.start())]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(body.len());
        let v = body[..stop].trim();
        if v.to_lowercase().contains("délibération") {
            out.push(v.to_string());
        }
    }
    out
}

/// Where the parties block ends when the front matter opens on it, with no
/// « Entre » and no title above it (« La MÉTROPOLE …, Représentée par …
/// D’une part, La Commune … D’autre part, Ensemble dénommées « Les Parties ».
/// AVENANT N°3 … »): the title comes after it.
fn parties_first(text: &str) -> Option<usize> {
    static TITLE_WORD: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"(?im)^\s*(?:avenant|convention|contrat|accord|protocole|charte|march[ée])\b"));
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !PAGE_MARK.is_match(l))?;
    let end = END.find(text)?.start();
    if !NAME_START.is_match(first) || ENTRE.is_match(&text[..end]) {
        return None;
    }
    let head = text[..end].to_lowercase();
    let parties = head.contains("représent") && head.contains("autre part");
    (parties && !TITLE_WORD.is_match(&text[..end])).then_some(end)
}

/// Where the front matter's title ends: at the parties block, the visas or
/// the formula.
pub(crate) fn title_zone(front: &[String]) -> String {
    let text = front.join("\n");
    if let Some(end) = parties_first(&text) {
        // The title after the parties: from the line after the block's
        // closing words to what closes the title.
        let words = text.len() - text[end..].trim_start().len();
        let from = text[words..].find('\n').map_or(text.len(), |k| words + k);
        let rest = &text[from..];
        let to = END.find(rest).map_or(rest.len(), |m| m.start());
        return rest[..to].to_string();
    }
    let entre = entre_at(&text).map(|(s, _)| s);
    // « ENTRE Le Département … et Alter Public Et … D’une part D’autre part
    // CONVENTION ENTRE : … »: a cover listing the parties, with no
    // representative, before the « Entre » of their block — not the title.
    let entre = entre.map(|s| {
        ENTRE
            .find_iter(&text[..s])
            .find(|m| {
                let between = text[m.end()..s].to_lowercase();
                !between.contains("représent") && (between.contains("une part") || between.contains("autre part"))
            })
            .map_or(s, |m| m.start())
    });
    let end = END.find(&text).map(|m| m.start());
    let at = [entre, end].into_iter().flatten().min().unwrap_or(text.len());
    text[..at].to_string()
}

/// A title cleaned of stamps, of a running header ending in its page
/// counter, of a leading « PROJET » or wrapper « Annexe 2 », and of the
/// sentence that opens the parties (« La présente convention est conclue, »).
pub(crate) fn clean_title(t: &str) -> String {
    let t = unstamped(t);
    let t = PAGE_MARK.replace_all(&t, "");
    let mut t: &str = t.trim_start();
    // A running header: the words before a page counter near the top, and
    // the date it carries (« . Page 1/12 13/04/10 »).
    if let Some(m) = PAGE.find_iter(t).filter(|m| m.start() <= 120).last() {
        t = &t[m.end()..];
        static DATED: LazyLock<Pattern> = LazyLock::new(|| rx(r"^\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?:\s|$)"));
        if let Some(d) = DATED.find(t) {
            t = &t[d.end()..];
        }
    }
    let mut t = t.trim().trim_start_matches(['.', '-', '–', ' ']).trim().to_string();
    // « Affectations PNR nov 2010 18/11/10 15:11:00 CONVENTION », « … .doc
    // 02/11/2011 / 12:26:39 CONVENTION »: a file's running header, stamped
    // with its date and time, above the title.
    static FILE_STAMP: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"(?s)^.{0,200}?\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\s*(?:/|à)?\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s+[\p{Lu}0-9][\p{Lu}0-9\-/.]*[0-9][\p{Lu}0-9\-/.]*)*\s+(\S)",
        )
    });
    if let Some(c) = FILE_STAMP.captures(&t) {
        t = t[c.get(1).map_or(0, |m| m.start())..].to_string();
    }
    static PROJET: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?:PROJET|Projet)\s+[-–:]?\s*(\p{Lu})"));
    if let Some(c) = PROJET.captures(&t) {
        if !t.starts_with("PROJET D") && !t.starts_with("Projet d") {
            t = t[c.get(1).map_or(0, |m| m.start())..].to_string();
        }
    }
    // « Xxx 00000 XXXX 02.97.56.93.00 Mail : x@y.fr C ONVENTION … »: a
    // letterhead's contact lines (telephone, « Mail : », an e-mail address)
    // above the title; the title begins after the last of them.
    static CONTACT: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"(?:^|\s)(?:0[1-9](?:[\s.]?[0-9]{2}){4}|(?i:mail|courriel|t[ée]l[ée]phone|t[ée]l)\s*:\s*\S*|\S+@\S+\.\S+)")
    });
    let head_end = t.char_indices().nth(300).map_or(t.len(), |(k, _)| k);
    if let Some(m) = CONTACT.find_iter(&t[..head_end]).last() {
        let rest = t[m.end()..].trim_start();
        if rest.starts_with(char::is_uppercase) {
            t = rest.to_string();
        }
    }
    // « Date de mise à jour : 3 décembre 2014 PACTE … »: the document's
    // dating line above its title.
    static DATED_LINE: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"^(?i:date|mise à jour|version|édition)[\p{L}'’ ]{0,30}:\s*(?:du\s+|le\s+)?[0-9]{1,2}(?:er)?\s+\p{L}+\s+[0-9]{4}\s+(\p{Lu})",
        )
    });
    if let Some(c) = DATED_LINE.captures(&t) {
        t = t[c.get(1).map_or(0, |m| m.start())..].to_string();
    }
    // « Pôle Aménagement … DUO/DSJ/MD L O R I E N T A G G L O M E R A T I O N
    // V I L L E D E Convention de prestations … »: a letterhead whose letters
    // are spaced, and what stands above it, before the title's first word.
    static SPACED_LETTERHEAD: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"^(?s:.{0,200}?)(?:\p{Lu}\s){5,}\p{Lu}\s+((?i:convention|avenant|contrat|accord|protocole|charte)\b)")
    });
    if let Some(c) = SPACED_LETTERHEAD.captures(&t) {
        t = t[c.get(1).map_or(0, |m| m.start())..].to_string();
    }
    // « 1 CONTRAT DE … »: a site's page number before the title.
    static PAGE_NUMBER: LazyLock<Pattern> = LazyLock::new(|| rx(r"^[0-9]{1,3}\s+(\p{Lu}{2})"));
    if let Some(c) = PAGE_NUMBER.captures(&t) {
        t = t[c.get(1).map_or(0, |m| m.start())..].to_string();
    }
    // « 01 Convention ou contrat - Conseil Général Deux Annexe PROJET
    // CONVENTION RELATIVE … »: a site's heading, then the wrapper « Annexe »
    // and the mark « PROJET » right before the kind in capitals — the title
    // begins at the kind; what stands above the wrapper is not the title.
    static WRAPPED_KIND: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"^(?s:.{0,200}?)(?:^|\s)(?:(?i:annexe)(?:\s+(?:n°\s*)?[0-9IVX]+)?\s+PROJET|(?i:annexe)(?:\s+(?:n°\s*)?[0-9IVX]+)?|PROJET)\s+((?:CONVENTION|AVENANT|CONTRAT|PROTOCOLE|ACCORD)\b)",
        )
    });
    if let Some(c) = WRAPPED_KIND.captures(&t) {
        t = t[c.get(1).map_or(0, |m| m.start())..].to_string();
    }
    // « … (Commune de PRAILLES) Année : 2010 - N° Ordre : ACP 17025 »: the
    // file's fields, on the title's line when the opening runs on one line,
    // end the title as they do on a line of their own.
    static FIELDS: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"\s+(?:(?:Année|ANNÉE|Exercice|EXERCICE)\s*:\s*[0-9]{4}\b|(?:N°|n°)\s*(?i:ordre|dossier|affaire)\s*:)(?s:.*)$",
        )
    });
    let t = FIELDS.replace(&t, "").to_string();
    let mut t = t;
    // « Annexe 2 Coopération … »: the wrapper of the document it is annexed to.
    // « Annexe A N N E X E CONVENTION … »: one wrapper after another.
    static WRAPPER: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"^(?:(?i:annexe)(?:\s+(?:n°\s*)?[0-9IVX]+)?|A N N E X E(?:\s+[0-9IVX]+)?)\s*[-–:.]?\s+(\p{Lu})")
    });
    // Only a numbered one (« Annexe 2 »), or one above the text's own name:
    // « ANNEXE FINANCIÈRE » is a title.
    while let Some(c) = WRAPPER.captures(&t) {
        let rest = &t[c.get(1).map_or(0, |m| m.start())..];
        let f = super::facts::fold(rest);
        let named =
            ["convention", "avenant", "contrat", "accord", "protocole", "cahier des charges", "a n n e x e", "annexe"]
                .iter()
                .any(|w| f.starts_with(w));
        // « Annexe 2 », « Annexe n° 2 », « Annexe IV »: its second word is a number.
        let numbered = c.get(0).and_then(|m| m.as_str().split_whitespace().nth(1)).is_some_and(|w| {
            w.chars().all(|ch| ch.is_ascii_digit() || "IVXn°".contains(ch))
                && w.chars().any(|ch| ch != 'n' && ch != '°')
                || w == "n°"
        });
        if !(named || numbered) {
            break;
        }
        t = rest.to_string();
    }
    static CONCLUDED: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"(?i)\s*(?:la présente|le présent)\s+(?-i:\S+)\s+est\s+(?:conclue?|passée?|établie?)\s*,?\s*$")
    });
    let t = CONCLUDED.replace(&t, "");
    let t = without_letterhead(&t);
    let t = without_cartouche(&t);
    crate::markdown::fold_spaces(t.trim().trim_end_matches([',', ':', ';', '.']).trim())
}

/// The kinds of text a title names first.
static KIND: LazyLock<Pattern> = LazyLock::new(|| {
    rx(r"(?:^|\s)(?:AVENANT|CONVENTION|CONTRAT|PROTOCOLE|ACCORD|Avenant|Convention|Contrat|Protocole|Accord)\b")
});

/// The letterhead above the title (« COMMUNAUTÉ DE COMMUNES AGGLOMÉRATION
/// GRENOBLOISE … AVENANT N° 10 », « ZONE OUEST METROPOLE AIX MARSEILLE
/// PROVENCE AVENANT N° 3 », a cover page's communes' logos « Ayen Commune de
/// … Convention Territoriale Globale »): words naming a collectivité before
/// the first word naming a kind of text, themselves naming none, are not
/// the title. « Coopération Nantes-Dschang Convention 2008 » names none.
fn without_letterhead(t: &str) -> String {
    let Some(m) = KIND.find(t) else { return t.to_string() };
    // « PACTE D’ADMINISTRATION COMMUNE ENTRE LA VILLE ET L’AGGLOMERATION
    // D’AGEN ( Convention de création d’un service commun … ) »: a kind
    // named in brackets is the subtitle; the words before are the title.
    if t[..m.start()].trim_end().ends_with('(') {
        return t.to_string();
    }
    let head = super::facts::fold(&t[..m.start()]);
    if head.is_empty() || head.len() > 300 {
        return t.to_string();
    }
    const BODIES: &[&str] = &[
        "commune",
        "communes",
        "communaute",
        "departement",
        "region",
        "regional",
        "ville",
        "metropole",
        "conseil",
        "agglomeration",
        "syndicat",
    ];
    const KINDS: &[&str] = &["cahier", "statuts", "charte", "reglement", "annexe", "projet"];
    let words: Vec<&str> = head.split(' ').collect();
    if words.iter().any(|w| BODIES.contains(w)) && !words.iter().any(|w| KINDS.contains(w)) {
        t[m.start()..].trim_start().to_string()
    } else {
        t.to_string()
    }
}

/// A title's cartouche and references after it, on lines of their own:
/// form fields (« DATE : 31 MAI 1996 », « Délégant : COMMUNAUTÉ … »), a file
/// reference (« N°11-Dossier 11020198 »), a page footer (« 1/19 Décembre
/// 2012 »), the cover's names of the parties (« Métropole d’Aix-Marseille-
/// Provence » / « Commune d’EGUILLES » / « (Département des Bouches du
/// Rhône) »), the cover's list of contents (« EXPOSE », « TITRE I – … ») —
/// where the title ends.
fn without_cartouche(t: &str) -> String {
    static FIELD: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"\n\s*(?:\p{Lu}[\p{L}'’]{1,20}\s*:\s|(?:N°|n°)\s*(?:[0-9]+\s*-\s*)?(?i:dossier|ordre|r[ée]f[ée]rence|affaire)\b|\(?(?i:commune|m[ée]tropole|d[ée]partement|r[ée]gion|ville|communaut[ée]|syndicat)\s+(?:d['’]|de\s|du\s|des\s)|(?:TITRE|Titre|CHAPITRE|Chapitre)\s+(?:[IVXLC]+|[0-9]+|premier|PREMIER|1er|Ier)\b|(?:EXPOS[ÉE]|Exposé|SOMMAIRE|Sommaire)\s*(?:\n|$))",
        )
    });
    static FOOTER: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"\s[0-9]{1,3}\s*/\s*[0-9]{1,3}(?:\s+\p{L}+)?(?:\s+[0-9]{4})?\s*$"));
    // « L'an deux mille seize, le ……… »: the act's dating formula under the
    // title; « N° 2017-AMU-080 Accord- cadre numéro …… »: a reference line.
    static DATING: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"\sL['’]an\s+(?i:deux\s+mille?|mil)\b|\n\s*(?:N°|n°|Nº)\s*[0-9]{2,4}\s*-\s*\p{Lu}[\p{Lu}0-9\-/]*[0-9]")
    });
    let kind_at = KIND.find(t).map_or(0, |m| m.end());
    let end = [FIELD.find_at(t, kind_at), DATING.find_at(t, kind_at)]
        .into_iter()
        .flatten()
        .map(|m| m.start())
        .min()
        .unwrap_or(t.len());
    let t = &t[..end];
    FOOTER.replace(t, "").trim().to_string()
}

/// The start of the chosen « Entre » and the end of the words after it.
fn entre_at(text: &str) -> Option<(usize, usize)> {
    let mut best = None;
    for m in ENTRE.find_iter(text) {
        // « CONVENTION DE PARTENARIAT N°2 ENTRE LA REGION ILE DE FRANCE »:
        // inside a line in capitals, it is the title's word.
        let line_start = text[..m.start()].rfind('\n').map_or(0, |k| k + 1);
        let line_end = text[m.end()..].find('\n').map_or(text.len(), |k| m.end() + k);
        let line = &text[line_start..line_end];
        let before = &text[line_start..m.start()];
        if before.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase) {
            continue;
        }
        let after = &text[m.end()..];
        let end = END.find(after).map_or(after.len(), |e| e.start());
        let zone = after[..end].to_lowercase();
        if ["représent", "une part", "autre part", "dénomm", "désign", "agissant"].iter().any(|w| zone.contains(w)) {
            best = Some((m.start(), m.end()));
        }
    }
    best
}

/// The parties block: from the chosen « Entre » to what closes it.
fn block(text: &str) -> Option<String> {
    let (_, from) = entre_at(text)?;
    let after = &text[from..];
    let end = END.find(after).map_or(after.len(), |e| e.start());
    Some(after[..end].to_string())
}

/// « La Ville de CALUIRE ET CUIRE, représentée … »: an « ET » on the line
/// of a name not yet described (no comma, no « représenté » since the last
/// party), before a word in capitals that no article opens and whose
/// description follows — a town's name (« Caluire-et-Cuire »), not a second
/// party.
fn in_a_name(region: &str, from: usize, at: usize, rest: &str) -> bool {
    let before = &region[from.min(at)..at];
    if !before.chars().any(char::is_alphabetic)
        || before.contains([',', ';', '\n'])
        || before.to_lowercase().contains("représent")
    {
        return false;
    }
    static CAPS_WORDS_THEN_COMMA: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"^(?:\p{Lu}[\p{Lu}'’\-]+)(?:[ \t]+\p{Lu}[\p{Lu}'’\-]+){0,3}\s*,"));
    static ARTICLE: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?:LA|LE|LES|L['’]|La|Le|Les)\s"));
    CAPS_WORDS_THEN_COMMA.is_match(rest)
        && !ARTICLE.is_match(rest)
        && !rest.starts_with("L’")
        && !rest.starts_with("L'")
}

/// One stretch of words per party.
fn stretches(region: &str) -> Vec<String> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for m in SEP.find_iter(region) {
        let s = m.as_str();
        let rest = region[m.end()..].trim_start();
        let next_party = rest.is_empty() || NAME_START.is_match(rest) || rest.starts_with(['-', '–', '•', ':']);
        let word = s.trim().trim_end_matches([':', ',', '-', '–']).trim();
        // « et » alone on its line (« … l’UPJV / et / le Lycée … »), « Et : »
        // before the formula « D’une part, » that the text put after it: the
        // words between two parties.
        let word_at = m.start() + (s.len() - s.trim_start().len());
        let line_start = region[..word_at].rfind('\n').map_or(0, |k| k + 1);
        let line_end = region[word_at..].find('\n').map_or(region.len(), |k| word_at + k);
        let alone = region[line_start..line_end].trim().trim_end_matches(':').trim() == word;
        let formula_next = PART_FORMULA.is_match(rest);
        let ok = if word == "et" {
            // « …, et la Ville de Dschang »: after a comma only; or before a
            // name in capitals (« et L'ASSOCIATION COMITE … »). « … en date
            // du 28 mars 2014. et L’association … »: after a party's sentence
            // closed by its full stop (« et » alone on its line, the line
            // breaks a paragraph's reader joined).
            (region[..m.start()].trim_end().ends_with([',', '.']) && NAME_START.is_match(rest))
                || CAPS_PARTY.is_match(rest)
                || (alone && next_party)
        } else if word == "E t" || word == "E T" {
            // « D'une part, E t / Aix-Marseille Université, … », « E T / - La
            // Métropole … »: a « Et » whose letters a PDF spaced.
            next_party || BARE_NAME.is_match(rest)
        } else if s.starts_with(',') {
            // « …, n° LA VILLE DE SEGOU, représentée … »: a party in capitals
            // whose representative follows.
            CAPS_REPRESENTED.is_match(&region[m.start()..])
        } else if s.trim() == "ET" && in_a_name(region, cuts.last().map_or(0, |c| c.1), m.start(), rest) {
            // « La Ville de CALUIRE ET CUIRE, représentée … »: inside a name
            // in capitals, not between two parties.
            false
        } else if word == "Et" || word == "ET" || word == "&" {
            // « Et / - M. Denis F, Président de … »: the separator took the
            // dash that opens the next party's line.
            let dashed = s.trim_end().ends_with(['-', '–']);
            next_party || BARE_NAME.is_match(rest) || formula_next || dashed
        } else if s.starts_with(';') {
            // « … « la Ville » ; Et L’association … »: the « ; » took the
            // space the « Et » after it would have begun with.
            static ET_NAME: LazyLock<Pattern> =
                LazyLock::new(|| rx(r"^(?:Et|ET|et)\s+(?:(?:La|Le|Les|L['’])\s*\p{L}|\p{Lu}{3})"));
            rest.is_empty() || NAME_START.is_match(rest) || s.contains('\n') || ET_NAME.is_match(rest)
        } else {
            true
        };
        if ok {
            // A dash or a number opening a line is the next party's first character.
            let end = if s.starts_with('\n') && !s.trim().starts_with(char::is_alphabetic) {
                m.start() + 1
            } else if s.starts_with(',') {
                // The name in capitals starts the next stretch.
                m.end() - s.trim_start_matches([',', ' ', '\n']).trim_start_matches("n°").trim_start().len()
            } else {
                m.end()
            };
            cuts.push((m.start(), end));
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut pos = 0;
    for (s, e) in cuts.into_iter().chain(std::iter::once((region.len(), region.len()))) {
        if s < pos {
            continue;
        }
        let piece = region[pos..s].trim();
        pos = e;
        let piece = piece.trim_start_matches(|c: char| c.is_whitespace() || ":,".contains(c));
        // A dash or a number marking the party (a blank « --- » is its name).
        static NUMBER: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?:[-–•]\s+|[0-9]{1,2}\s*[-–.)]\s*)"));
        let piece = NUMBER.replace(piece, "").trim().to_string();
        // « et l'association … » opening a line.
        // « Et » then a line break (« … » ;\nEt\nL’association … »): the
        // « ; » took the line break the separator would have begun with.
        let piece = match piece.split_once(char::is_whitespace) {
            Some((w, rest)) if ["et", "Et", "ET"].contains(&w) && ARTICLE_START.is_match(rest.trim_start()) => {
                rest.trim_start().to_string()
            }
            _ => piece,
        };
        // « E t » (spaced letters) or « et : » left at the head of a stretch.
        let piece = match piece
            .strip_prefix("E t")
            .or_else(|| piece.strip_prefix("E T"))
            .or_else(|| piece.strip_prefix("et :"))
        {
            Some(rest) if ARTICLE_START.is_match(rest.trim_start()) => rest.trim_start().to_string(),
            _ => piece,
        };
        if !piece.chars().any(char::is_alphabetic) {
            continue;
        }
        // « Les EPCI composant le territoire de projet Est Creuse : » above a
        // dashed list: a heading over the parties that follow, not one.
        if piece.ends_with(':') && !piece.to_lowercase().contains("représent") && pos < region.len() {
            continue;
        }
        let lower = piece.to_lowercase();
        // « D'AUTRE PART » between a party's name and its description
        // (« Domiciliée …, Représentée par … »): the description goes on the name.
        let follows = lower.starts_with("ci-")
            || lower.starts_with("ci ")
            || lower.starts_with("représent")
            || DESIGNATION_FIRST.is_match(&lower)
            || DESCRIBED.is_match(&lower);
        match out.last_mut() {
            Some(prev) if follows => {
                prev.push(' ');
                prev.push_str(&piece);
            }
            _ => out.push(piece),
        }
    }
    // A party juxtaposed after a designation in capitals, or on the line
    // after a designation in quotes (« Désigné ci-après par «la COMMUNE» »
    // / « La Métropole …, représentée par … »: no « Et » between).
    let mut split = Vec::new();
    for s in out.into_iter().flat_map(|s| after_quoted_designation(&s)) {
        let mut s = s;
        while let Some(c) = JUXTAPOSED.captures(&s) {
            let at = c.get(1).map_or(s.len(), |m| m.start());
            let rest = s[at..].to_string();
            s.truncate(at);
            split.push(s.trim().to_string());
            s = rest;
        }
        split.push(s.trim().to_string());
    }
    split
}

/// A stretch cut where a designation in quotes ends its line and the next
/// line names a party with its representative.
fn after_quoted_designation(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    for (k, _) in s.match_indices('\n') {
        let before = s[from..k].trim_end();
        let rest = &s[k + 1..];
        let line = rest.split('\n').next().unwrap_or(rest).to_lowercase();
        let quoted = before.ends_with(['»', '”']) && DESIGNATION.is_match(before);
        if quoted && NAME_START.is_match(rest.trim_start()) && line.contains("représent") {
            out.push(before.to_string());
            from = k + 1;
        }
    }
    out.push(s[from..].to_string());
    out
}

/// A party's description opening a stretch: « Domiciliée … », « Ayant son
/// siège … », « dont le siège est … », « sise … ».
static DESCRIBED: LazyLock<Pattern> = LazyLock::new(|| {
    rx(r"^(?:domiciliée?s?|ayant\s+son\s+siège|dont\s+le\s+siège|sise?s?|située?s?|immatriculée?)")
});

/// « partie dénommée ci-après « la Ville » », « dénommée ci-après … » opening
/// a stretch: the designation of the party before it.
static DESIGNATION_FIRST: LazyLock<Pattern> =
    LazyLock::new(|| rx(r"^(?:partie\s+)?(?:dénommée?s?|désignée?s?)\s+ci-?\s*apr[eè]s\b"));

fn clean_end(s: &str) -> String {
    s.trim().trim_end_matches([',', ';', '.', ':', ' ']).trim().to_string()
}

/// A name as it reads inside a sentence: « La Ville » → « la Ville ».
fn in_sentence(name: &str) -> String {
    for art in ["Le ", "La ", "Les ", "L'", "L’"] {
        if let Some(rest) = name.strip_prefix(art) {
            if !rest.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
                return format!("{}{}", art.to_lowercase(), rest);
            }
        }
    }
    name.to_string()
}

/// The party one stretch names.
fn party(s: &str) -> Option<Party> {
    let s = crate::markdown::fold_spaces(s);
    // « L’organisme dénommé : l’Association … »: a form's label before the name.
    static LABEL: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"^(?:L['’]\s?|La\s+|Le\s+)?\p{L}+\s+(?:dénommée?|désignée?|nommée?)\s*:\s*(\p{L})"));
    let labelled = LABEL.is_match(&s);
    let s = match LABEL.captures(&s) {
        Some(c) => s[c.get(1).map_or(0, |m| m.start())..].to_string(),
        None => s,
    };
    let (name_part, acting) = acting_for(&s);
    let is_acting = acting.is_some();
    // The name ends at its description; a name the text writes in capitals
    // ends with them (« L'association BELLEVILLE NATURE ENVIRONNEMENT
    // association loi de 1901 »); the body one acts for runs to the words
    // of its mandate (« du Comité des Œuvres Sociales, Culturelles, … »).
    let cut: &Pattern = if is_acting { &ACT_CUT } else { &NAME_CUT };
    let name_end = [
        cut.find(&name_part).map(|m| m.start()),
        CAPS_END.captures(&name_part).and_then(|c| c.get(1)).map(|m| m.start()),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(name_part.len());
    // « L’Association «Football Club de Rouen» régulièrement affiliée … »:
    // a name in quotes ends the name when words in lower case follow.
    static AFTER_QUOTED: LazyLock<Pattern> = LazyLock::new(|| rx(r"[»”]\s+\p{Ll}"));
    let name_end = AFTER_QUOTED
        .find(&name_part[..name_end])
        .map_or(name_end, |m| m.start() + m.as_str().find(char::is_whitespace).unwrap_or(0));
    let mut name = clean_end(&name_part[..name_end]);
    // « (UNCAM) », « (SIBV OGA) », « (CPCA - RIF) »: an acronym stays with
    // the name; so does a short name the text gives it (« (La Cali) »).
    static ACRONYM: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"^\s*\(([\p{Lu}0-9][\p{Lu}0-9\-– ]{0,14}[\p{Lu}0-9]|(?:La|Le|Les|L['’])\s?\p{Lu}[\p{L}\-]{1,20})\)")
    });
    if let Some(c) = ACRONYM.captures(&name_part[name_end..]) {
        name = format!("{} ({})", name, &c[1]);
    }
    if name.is_empty() || name.split_whitespace().count() > 25 {
        return None;
    }
    let representant = REP
        .captures(&s)
        .map(|c| {
            let r = &c[1];
            // « Monsieur X agissant en qualité de Président … »: the office is
            // the representative's, the other « agissant » end it.
            let end = REP_CUT.find_iter(r).find(|m| !QUALITY.is_match(&r[m.start()..])).map_or(r.len(), |m| m.start());
            clean_end(&r[..end])
        })
        .or(acting)
        .and_then(|r| if is_blank(&r) { office_before_blank(&r) } else { Some(r) })
        .unwrap_or_default();
    let signataire = signatory(&representant);
    // « ci-après dénommée l’ / « Association » »: an elided article never
    // ends a word; the line break after it is inside the designation.
    static ELIDED_BREAK: LazyLock<Pattern> = LazyLock::new(|| rx(r"(\b[lLdD]['’])[ \t]*\n\s*"));
    let s = ELIDED_BREAK.replace_all(&s, "$1").to_string();
    let designation = DESIGNATION.captures(&s).and_then(|c| {
        let d = &c[1];
        // « « la Commune » ET … »: a designation in quotes ends with them.
        let quoted = ['«', '“', '"'].iter().find_map(|q| {
            let close = match q {
                '«' => '»',
                '“' => '”',
                _ => '"',
            };
            // Counted in letters: « l’ « Association » » opens on an elided article.
            let open = d.find(*q).filter(|&o| d[..o].chars().count() <= 4)?;
            let from = open + q.len_utf8();
            d[from..].find(close).map(|k| from + k + close.len_utf8())
        });
        let end = quoted.unwrap_or_else(|| DESIGNATION_CUT.find(d).map_or(d.len(), |m| m.start()));
        let d = clean_end(&d[..end]);
        // « par l'appellation : "l'autorité concédante" »: the colon before the quotes is no word of it.
        let d = d.trim_matches(|c: char| "«»“”\"' :".contains(c)).trim().to_string();
        (!is_blank(&d)).then_some(d)
    });
    // « La Collectivité de Corse (dénommée CdC), représentée … »: a
    // designation in brackets after the name.
    static BRACKETED: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"\((?i:d[ée]nomm[ée]e?s?|d[ée]sign[ée]e?s?)\s+(?:dans\s+le\s+texte\s+)?(?:par\s+)?([^()]{1,60})\)")
    });
    let designation = designation.or_else(|| {
        let c = BRACKETED.captures(&s)?;
        let d = c[1].trim_matches(|c: char| "«»“”\"' ".contains(c)).trim().to_string();
        (!is_blank(&d)).then_some(d)
    });
    let lower = s.to_lowercase();
    let cites = lower.contains("délibération") || lower.contains("deliberation");
    let deliberation = deliberation(&s).or_else(|| decision(&s));
    let delibere = (cites || deliberation.is_some()).then_some(true);
    Some(Party {
        id: String::new(),
        // After a form's label the participles agree with the label's noun
        // (« L’organisme dénommé : l’Association … »): only the name's article tells.
        genre: genre(&name, if labelled { "" } else { &s }),
        nom: in_sentence(&name),
        representant,
        signataire,
        deliberation,
        delibere,
        designation,
        extra: Default::default(),
    })
}

/// « son Président, …. ………… »: a representative whose name is left blank
/// keeps the office written before the blank; a blank with no office before
/// it (« M. ………… ») is none.
fn office_before_blank(r: &str) -> Option<String> {
    let at = ["…", "...", "__"].iter().filter_map(|b| r.find(b)).min()?;
    let kept = clean_end(&r[..at]);
    (!kept.is_empty() && FUNCTION.is_match(strip_article(&kept))).then_some(kept)
}

/// The body a person acts for and his words, when the stretch says so
/// (« … agissant au nom et pour le compte du Département »); else the
/// stretch as it is.
fn acting_for(s: &str) -> (String, Option<String>) {
    match ACTING_FOR.captures(s) {
        // « Le Président du Conseil Général … agissant au nom et pour le
        // compte du Département »: the Département, represented by him.
        Some(c) if FUNCTION.is_match(strip_article(&c[1])) => {
            (format!("{}{}", article_of(&c[2]), &c[3]), Some(clean_end(&c[1])))
        }
        // « Monsieur X, sénateur-maire de la Ville de Quimper, agissant au
        // nom de la Commune »: a person first; the party is the body his
        // office names, else the one he acts for.
        Some(c) if CIVILITE.find(&c[1]).is_some_and(|m| m.start() == 0) => {
            static OFFICE_OF: LazyLock<Pattern> = LazyLock::new(|| {
                rx(r"(?i:maire|présidente?|directeur|directrice),?\s+(du|de la|de l['’]|des)\s*(\p{Lu}[^,]*)$")
            });
            let rep = clean_end(&c[1]);
            let name = match OFFICE_OF.captures(&rep) {
                Some(o) => format!("{}{}", article_of(&o[1]), &o[2]),
                None => format!("{}{}", article_of(&c[2]), &c[3]),
            };
            (name, Some(rep))
        }
        _ => person_then_office(s).unwrap_or_else(|| (s.to_string(), None)),
    }
}

/// « - M. Gérard P, Président du Syndicat intercommunal d'électricité de la
/// Haute-Saône agissant … »: a stretch opening on a person and his office;
/// the party is the body the office names, he represents it.
fn person_then_office(s: &str) -> Option<(String, Option<String>)> {
    static PERSON_OFFICE: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"^((?:Monsieur|Madame|Mme|M\.|Mr\.?)\s+[^,\n]{2,60}?,\s*(?i:(?:vice-)?présidente?|maire|directeur|directrice)(?:\s+(?i:générale?))?\s+(du|de la|de l['’]|des)\s*(\p{Lu}[^,\n]*?))(?:\s*,|\s+agissant\b|\s+dûment\b|\s+en vertu\b|\s+conformément\b|\s*$)",
        )
    });
    let c = PERSON_OFFICE.captures(s)?;
    Some((format!("{}{}", article_of(&c[2]), &c[3]), Some(clean_end(&c[1]))))
}

/// « habilité par décision du Bureau syndical en date … »: the body's
/// decision stands for its deliberation.
fn decision(s: &str) -> Option<crate::source::Deliberation> {
    static R: LazyLock<Pattern> = LazyLock::new(|| rx(r"(?i)(?:par|d['’]une)\s+décision\s+(d[eu].*)$"));
    let c = R.captures(s)?;
    deliberation(&format!("délibération {}", &c[1]))
}

/// The article a « de » form stands for: « du » → « le », « de l’ » → « l’ ».
fn article_of(de: &str) -> &str {
    match de {
        "du" => "le ",
        "de la" => "la ",
        "des" => "les ",
        "de" => "",
        _ if de.starts_with("de l") => &de[3..],
        _ => "l’",
    }
}

fn strip_article(s: &str) -> &str {
    let t = s.trim();
    ["Le ", "La ", "Les ", "L'", "L’", "le ", "la ", "l'", "l’", "son ", "sa ", "Son ", "Sa "]
        .iter()
        .find_map(|a| t.strip_prefix(a))
        .unwrap_or(t)
}

/// The gender the words show: the name's article, else the agreement of
/// « représentée », « dénommée », « désignée ». None: the noun decides.
fn genre(name: &str, s: &str) -> Option<Genre> {
    let lower = name.to_lowercase();
    if lower.starts_with("la ") {
        return Some(Genre::Feminin);
    }
    if lower.starts_with("le ") {
        return Some(Genre::Masculin);
    }
    // « l’Etablissement Public Territorial … représentée par … »: behind an
    // elided article the noun, when it is one whose gender is known, decides
    // over a participle the text made agree with something else.
    if let Some(rest) = lower.strip_prefix("l’").or_else(|| lower.strip_prefix("l'")) {
        const MASCULINE: &[&str] = &["établissement", "etablissement", "office", "institut", "organisme", "ensemble"];
        const FEMININE: &[&str] =
            &["université", "universite", "association", "agglomération", "eurométropole", "union"];
        let noun = rest.trim_start().split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if MASCULINE.contains(&noun) {
            return Some(Genre::Masculin);
        }
        if FEMININE.contains(&noun) {
            return Some(Genre::Feminin);
        }
    }
    static PART: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"(?i)\b(?:représenté|dénommé|désigné)(e?)(?:\s*\(e\))?(?:[\s,.;]|$)"));
    let c = PART.captures(s)?;
    if c.get(0).is_some_and(|m| m.as_str().contains("(e)")) {
        return None;
    }
    Some(if c[1].is_empty() { Genre::Masculin } else { Genre::Feminin })
}

/// The signatory the representative's words name: civilité and name, and
/// the office (« son Président, M. Alain ROUSSET », « Xavier BONNEFONT,
/// Maire », « la Présidente du Conseil départemental »). The first of two
/// alternatives (« … Président ou M. Jean GIRET … »).
fn signatory(rep: &str) -> Signataire {
    let mut s = Signataire::default();
    let first = rep.split(" ou ").next().unwrap_or(rep);
    // « M. X agissant en qualité de Président », « M. X en qualité de maire »,
    // « Monsieur X En sa qualité de Président »: the office is a piece of its own.
    static AS: LazyLock<Pattern> =
        LazyLock::new(|| rx(r"\s+(?:agissant\s+)?(?i:en)\s+(?:sa\s+|son\s+)?qualité\s+de\s+"));
    let first = AS.replace_all(first, ", ");
    static OFFICE_WORDS: LazyLock<Pattern> = LazyLock::new(|| {
        rx(
            r"(?i)\s*\ben (?:(?:sa|son) )?qualité de\s+|^\s*(?:monsieur|madame)\s+(?:le|la)\s+|\s+en (?:exercice|activité)\b|^\s*(?:son|sa|ses|le|la|l['’])\s+",
        )
    });
    // « Monsieur le Maire Arnaud PERICARD »: the civilité, the office, the name.
    static TITLED: LazyLock<Pattern> = LazyLock::new(|| {
        rx(r"^(Monsieur|Madame)\s+(?:le|la)\s+(\p{L}+)\s+(\p{Lu}[\p{L}'’\-]*(?:\s+\p{Lu}[\p{L}'’\-]*)+)$")
    });
    let mut titled_office = None;
    let pieces: Vec<String> = first
        .split([',', '(', ')'])
        .filter(|p| match TITLED.captures(p.trim()).filter(|c| FUNCTION.is_match(&c[2])) {
            Some(c) if s.nom.is_empty() => {
                s.civilite = c[1].to_string();
                s.nom = clean_end(&c[3]);
                titled_office = Some(c[2].to_string());
                false
            }
            _ => true,
        })
        .map(|p| OFFICE_WORDS.replace_all(p.trim(), " ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    // « vice-président délégué à la commande publique, à la transition
    // écologique …, au SCOT et à la planification »: the pieces after an
    // office that open on « à », « au », « aux » go on with it.
    static GOES_ON: LazyLock<Pattern> = LazyLock::new(|| rx(r"^(?:à|au|aux)\s"));
    let mut office_last = false;
    for p in &pieces {
        if office_last && GOES_ON.is_match(p) {
            s.qualite = format!("{}, {}", s.qualite, clean_end(p));
            continue;
        }
        office_last = false;
        if let Some(c) = CIVILITE.captures(p) {
            if s.nom.is_empty() {
                s.civilite = c[1].to_string();
                s.nom = clean_end(&c[2]);
                let before = p[..c.get(0).map_or(0, |m| m.start())].trim();
                let before = OFFICE_WORDS.replace_all(before, " ").trim().to_string();
                if !before.is_empty() && FUNCTION.is_match(&before) && s.qualite.is_empty() {
                    s.qualite = before;
                }
                continue;
            }
        }
        if let Some((office, name)) = office_then_name(p).filter(|_| s.nom.is_empty() && s.qualite.is_empty()) {
            s.qualite = office;
            s.nom = name;
        } else if FUNCTION.is_match(p) {
            if s.qualite.is_empty() {
                s.qualite = clean_end(p);
                office_last = true;
            }
        } else if s.nom.is_empty() && is_person_name(p) {
            s.nom = clean_end(p);
        }
    }
    if s.qualite.is_empty() {
        s.qualite = titled_office.unwrap_or_default();
    }
    if is_blank(&s.nom) {
        s.nom.clear();
        s.civilite.clear();
    }
    s
}

/// « Président Paul DURAND »: one word of office, then a person's name with
/// no civilité before it. Not « Président Directeur Général », « Président
/// du Conseil départemental »: words of an office or of a body are no name.
fn office_then_name(p: &str) -> Option<(String, String)> {
    const NOT_A_NAME: &[&str] = &[
        "general",
        "generale",
        "delegue",
        "deleguee",
        "adjoint",
        "adjointe",
        "directeur",
        "directrice",
        "executif",
        "conseil",
        "comite",
        "bureau",
        "syndicat",
        "association",
        "commune",
        "departement",
        "region",
        "metropole",
        "communaute",
        "ville",
        "societe",
        "office",
        "etablissement",
        "centre",
        "caisse",
        "assemblee",
        "regional",
        "departemental",
        "municipal",
        "communautaire",
        "national",
        "territorial",
        "fondateur",
        "honoraire",
        "sortant",
    ];
    let (office, rest) = p.trim().split_once(' ')?;
    let rest = clean_end(rest);
    let words: Vec<&str> = rest.split_whitespace().collect();
    let named = FUNCTION.is_match(office)
        && words.first().is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && is_person_name(&rest)
        && !words.iter().any(|w| NOT_A_NAME.contains(&super::facts::fold(w).as_str()) || FUNCTION.is_match(w));
    named.then(|| (office.to_string(), rest))
}

/// « Jean-Philippe Magnen », « Xavier BONNEFONT »: two words or more, each
/// with its capital (particles aside).
fn is_person_name(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 5
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) || ["van", "von", "de", "du", "le", "la"].contains(w)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_by_shape() {
        let s = stretches(" La Ville de Rouen, représentée par X, d’une part, ci-après dénommée la Ville, Et : La Caisse, représentée par Y, d’autre part, ci-après dénommée la Caf. ");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].ends_with("la Ville,"), "{s:?}");
        let s = stretches("Le Département CI-APRES DÉNOMMÉ LE DÉPARTEMENT ET Le Parc CI-APRES DÉNOMMÉE LE PARC La Commune de GOULT, représentée");
        assert_eq!(s.len(), 3, "{s:?}");
        // « & » between the parties; « partie dénommée ci-après … » after
        // « d'une part » is the first party's designation.
        let s = stretches("La Ville, représentée par la Maire ;\nd'une part\npartie dénommée ci-après “la Ville”\n&\nL’association X, représentée par Y ;\nd'autre part\npartie dénommée ci-après “l’association”");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].contains("“la Ville”") && s[1].contains("“l’association”"), "{s:?}");
        // A designation in quotes ending its line, then the next party: no « Et » between.
        let s = stretches("La Commune d’E représentée par son Maire,\nDésigné ci-après par «la COMMUNE»\nLa Métropole, représentée par son Vice-Président,\nDésignée ci-après par «La METROPOLE»\nD’une part,");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].ends_with("«la COMMUNE»") && s[1].starts_with("La Métropole"), "{s:?}");
        // « Et » then a name with no article.
        let s = stretches("Le Département, représenté par sa Présidente Et Alter Public, Société Publique Locale, Représentée par M. X Et La Commune");
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[1].starts_with("Alter Public,"), "{s:?}");
        // A description after « D'AUTRE PART » is the party's before it.
        let s = stretches("La Commune de B, D'AUTRE PART Domiciliée 0 rue X Représentée par son Maire, Madame C, ci-après dénommée «la Commune » D'AUTRE PART");
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(s[0].starts_with("La Commune de B") && s[0].contains("Madame C"), "{s:?}");
        // « LESQUELLES, ensemble, … ont convenu ce qui suit »: the formula, no party.
        let t = "ET La S.A.E.M. ADOMA, représentée par M. X, d’autre part,\nLESQUELLES, ensemble, désignées sous le terme « les Parties » ont convenu ce qui suit :";
        assert_eq!(END.find(t).map(|m| t[m.start()..].trim_start().starts_with("LESQUELLES")), Some(true));
        // « … Désigné ci-après par l 'Association INTRODUCTION Article 1 »: the heading closes the block.
        let t =
            "Et : L'Association X, représentée par M. Y, Désigné ci-après par l 'Association INTRODUCTION Article 1";
        assert_eq!(END.find(t).map(|m| t[m.start()..].trim_start().starts_with("INTRODUCTION")), Some(true));
        // « X et Y sont ci-après dénommés … » closes the block, from its subject.
        let t = "D’autre part,\nLe Département et le GIP sont ci-après dénommés";
        assert_eq!(END.find(t).map(|m| t[m.start()..].trim_start()), Some(&t[16..]));
    }

    /// « et : » or « et » alone on its line, « Et : » before a misplaced
    /// « D’une part », a « E t » whose letters a PDF spaced: words between
    /// two parties, not the start of the next party's name.
    #[test]
    fn a_separator_alone_on_its_line() {
        let s = stretches("le Département représenté par le Président, d'une part ;\net :\nla Commune de B représentée par son Maire, d'une part.\net :\nl’Établissement public C représenté par son Président,\nd’autre part.");
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[1].starts_with("la Commune de B") && s[2].starts_with("l’Établissement"), "{s:?}");
        let s = stretches("La commune de D, représentée par son Maire, M. Paul E Et : D’une part, L’association F, représentée par son président, D’autre part,");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].ends_with("M. Paul E"), "{s:?}");
        let s = stretches(
            "L’Université G, représentée par son président\n \net\n \nle Lycée H\nReprésenté par son proviseur",
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].starts_with("le Lycée H"), "{s:?}");
        let s = stretches("La Métropole J\nReprésentée par son Président, Monsieur K\nD'une part, E t\n\nUniversité L,\n\nEtablissement public, Représentée par son Président, Monsieur M");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].starts_with("Université L"), "{s:?}");
        // « et » inside a name, not alone on its line, joins nothing.
        let s = stretches("La Communauté de communes Marche et Combraille, représentée par son Président");
        assert_eq!(s.len(), 1, "{s:?}");
    }

    /// Behind an elided article, a noun of known gender decides over the
    /// participle (« l’Etablissement public T représentée par … »: masculine).
    #[test]
    fn a_known_noun_gives_the_gender() {
        assert_eq!(
            genre("l’Etablissement Public Territorial T", "représentée par son Président"),
            Some(Genre::Masculin)
        );
        assert_eq!(genre("L’UNIVERSITE W", "Représenté par son Président"), Some(Genre::Feminin));
        assert_eq!(genre("l’Agence X", "représentée par sa directrice"), Some(Genre::Feminin));
        assert_eq!(genre("l’Agence X", "représenté par son directeur"), Some(Genre::Masculin));
    }

    /// « … « la Ville » ; Et L’association ………, … »: a party after « ; Et »
    /// on one line, its name left blank, is a party still; « désignée ci
    /// après » ends a representative.
    #[test]
    fn a_party_after_semicolon_and_et() {
        let region = " La Ville de Y, représentée par Monsieur A B, Maire, désignée ci après par l’expression « la Ville » ; Et L’association ………….., régie par la loi de 1901, représentée par son Président, …. ………, agissant au nom et pour le compte de ladite association désignée ci-après par l'expression «l’association » ; ";
        let s = stretches(region);
        assert_eq!(s.len(), 2, "{s:?}");
        let p = party(&s[0]).unwrap();
        assert_eq!(p.representant, "Monsieur A B, Maire");
        let p = party(&s[1]).unwrap();
        assert_eq!(p.designation.as_deref(), Some("l’association"));
        assert!(p.signataire.nom.is_empty(), "{:?}", p.signataire);
        // The office before the blank name is kept; a blank after a civilité is no one.
        assert_eq!(p.signataire.qualite, "Président");
        assert_eq!(office_before_blank("M. …………, Maire"), None);
    }

    /// « Représentée par » opening the line after the name ends the name.
    #[test]
    fn a_capitalised_represented_ends_the_name() {
        let p =
            party("L’Université N\n \nReprésentée par son président, Monsieur Olivier P\n \nci-après dénommée l’UN")
                .unwrap();
        assert_eq!(p.nom, "l’Université N");
        assert_eq!(p.representant, "son président, Monsieur Olivier P");
        assert_eq!(p.designation.as_deref(), Some("l’UN"));
    }

    /// « désignée ci après par l’expression « la Ville » »: the designation is
    /// the words in quotes.
    #[test]
    fn a_designation_by_expression() {
        let p = party(
            "La Ville de Q, représentée par Monsieur R S, Maire, désignée ci après par l’expression « la Ville » ;",
        )
        .unwrap();
        assert_eq!(p.designation.as_deref(), Some("la Ville"));
    }

    #[test]
    fn signatories() {
        // « en qualité de », « En sa qualité de » after the name: the office apart.
        let s = signatory("M. Laurent T en qualité de Directeur Régional de La Poste Nord");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Laurent T", "Directeur Régional de La Poste Nord"));
        let s = signatory("Monsieur Jean U En sa qualité de Président");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Jean U", "Président"));
        // A lycée's proviseur is an office.
        let s = signatory("son proviseur, Madame Isabelle V");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Isabelle V", "proviseur"));
        let s = signatory("son Président, M. Alain ROUSSET");
        assert_eq!((s.civilite.as_str(), s.nom.as_str(), s.qualite.as_str()), ("M.", "Alain ROUSSET", "Président"));
        let s = signatory("Xavier BONNEFONT, Maire");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Xavier BONNEFONT", "Maire"));
        let s = signatory("la Présidente du Conseil départemental");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("", "Présidente du Conseil départemental"));
        let s = signatory("son Maire en activité, Monsieur le Maire Arnaud PERICARD");
        assert_eq!((s.civilite.as_str(), s.nom.as_str(), s.qualite.as_str()), ("Monsieur", "Arnaud PERICARD", "Maire"));
        let s = signatory("Monsieur Régis GRATEAU agissant en qualité de Président de l'association");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Régis GRATEAU", "Président de l'association"));
        let s = signatory("Monsieur Jean X, sénateur-maire de la Ville de Quimper");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Jean X", "sénateur-maire de la Ville de Quimper"));
        let s = signatory("Mr Fabrice T, Président");
        assert_eq!((s.civilite.as_str(), s.nom.as_str(), s.qualite.as_str()), ("Mr", "Fabrice T", "Président"));
        let s = signatory("M. Jean-Yves LE BOUILLONNEC (maire)");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Jean-Yves LE BOUILLONNEC", "maire"));
        // An office whose delegation runs over several commas.
        let s = signatory("M Pascal M, en sa qualité de vice-président délégué à la commande publique, à la transition écologique, au SCOT et à la planification");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Pascal M", "vice-président délégué à la commande publique, à la transition écologique, au SCOT et à la planification"));
        // An office, then a name with no civilité.
        let s = signatory("son Président Paul DURAND");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Paul DURAND", "Président"));
        for office in ["son Président Directeur Général", "le Président du Conseil Départemental"] {
            let s = signatory(office);
            assert_eq!(
                (s.nom.as_str(), s.qualite.as_str()),
                ("", &office[office.find(' ').unwrap() + 1..]),
                "{office}"
            );
        }
    }

    fn lines(t: &str) -> Vec<String> {
        t.lines().map(str::to_string).collect()
    }

    fn names(parties: &[Party]) -> Vec<&str> {
        parties.iter().map(|p| p.nom.as_str()).collect()
    }

    /// « ET » then a party in capitals with its article (« ET / LA COMMUNE
    /// DE COTTEVRARD … »): the next party begins there.
    #[test]
    fn et_before_a_party_in_capitals() {
        let front = lines("ENTRE :\nLE SERVICE X, représenté par Monsieur A, d’une part,\nET\nLA COMMUNE DE B, représentée par Monsieur le Maire,\nET\nLA COMMUNE DE C, représentée par Monsieur le Maire,\nIl a été convenu");
        assert_eq!(names(&read(&front, &[])), ["LE SERVICE X", "LA COMMUNE DE B", "LA COMMUNE DE C"]);
    }

    /// A page's footer « - 1/8 - » between « , » and « ET » is no word of a
    /// party; « 1 | 3 » above a title is a page counter.
    #[test]
    fn page_counters_between_parties_and_above_a_title() {
        let front = lines("ENTRE :\nLA COMMUNE DE B, représentée par Monsieur le Maire,\n- 1/8 -\nET\nLA COMMUNE DE C, représentée par Monsieur le Maire,\nIl a été convenu");
        assert_eq!(names(&read(&front, &[])), ["LA COMMUNE DE B", "LA COMMUNE DE C"]);
        assert_eq!(clean_title("1 | 3\nConvention en quasi-régie n°2"), "Convention en quasi-régie n°2");
    }

    /// « E T » whose letters a PDF spaced, between dashed parties, is the
    /// word between them, not a party.
    #[test]
    fn a_spaced_et_in_capitals() {
        let front = lines("ENTRE :\n- La Ville de V, représentée par son Maire en exercice,\nCi-après désignée par les mots \"la Ville\",\nE T\n- La Métropole M, représentée par son Président en exercice.\nD’une part,\nE T\n- La Société S, représentée par Monsieur G, son Président,\nD’autre part,\nIl a été exposé");
        assert_eq!(names(&read(&front, &[])), ["la Ville de V", "la Métropole M", "la Société S"]);
    }

    /// « Ensemble dénommées « Les Parties » » after the last party names
    /// them all: it closes the block, it is none of them.
    #[test]
    fn ensemble_denommees_closes_the_block() {
        let front = lines("ENTRE LES SOUSSIGNES :\nLa Métropole M, représentée par sa Présidente, Ci-après dénommée « la Métropole», d’une part, ET\nLa Ville de V, représentée par son Maire,\nDésignée ci-après « la Ville » d’autre part\nEnsemble dénommées « Les Parties »\nIl est convenu ce qui suit :");
        assert_eq!(names(&read(&front, &[])), ["la Métropole M", "la Ville de V"]);
    }

    /// Parties standing above the title, with no « Entre »: they are read,
    /// and the title is what follows « Ensemble dénommées « Les Parties » ».
    #[test]
    fn parties_above_the_title() {
        let front = lines("(1)\n\nLa MÉTROPOLE M,\n\nReprésentée par son Président en exercice ;\n\nDésignée ci-après « La Métropole » D’une part,\n\nLa Commune d’AUBAGNE\n\nReprésentée par son Maire en exercice ;\n\nDésignée ci-après « La Commune » D’autre part,\n\nEnsemble dénommées « Les Parties ».\n\nAVENANT N°3 A LA CONVENTION DE GESTION N°17/1287\n\n(2)\n\nPRÉAMBULE\n\nL’article L. 5218-2");
        let p = read(&front, &[]);
        assert_eq!(names(&p), ["La MÉTROPOLE M", "la Commune d’AUBAGNE"]);
        assert_eq!(p[1].designation.as_deref(), Some("La Commune"));
        assert_eq!(clean_title(&title_zone(&front)), "AVENANT N°3 A LA CONVENTION DE GESTION N°17/1287");
        // A title above the parties keeps its place.
        let front = lines("CONVENTION X\n\nLa Ville V, représentée par son Maire, d’une part,\nLa Commune C, représentée par son Maire, d’autre part,\nIl est convenu");
        assert!(title_zone(&front).starts_with("CONVENTION X"));
    }

    /// A letterhead whose letters are spaced, and a service's reference line
    /// above it, are not the title.
    #[test]
    fn a_spaced_letterhead_above_the_title() {
        let t = "Pôle Aménagement, Environnement et Transports DUO/DSJ/MD\nL O R I E N T A G G L O M E R A T I O N V I L L E D E\nConvention de prestations de services\nde la Commune de GROIX";
        assert_eq!(clean_title(t), "Convention de prestations de services de la Commune de GROIX");
    }

    /// « entre : » in lower case alone on its line opens the block: the
    /// party after it is named without it.
    #[test]
    fn a_lower_case_entre_alone_on_its_line_opens_the_block() {
        let front = lines("CONVENTION DE FONDS DE CONCOURS AVEC LA COMMUNE DE S\nentre :\nLa Métropole M, représentée par sa Présidente en exercice, dûment mandatée et appelée ci-après\n« MAMP », d’une part,\net,\nLa commune de S représentée par son Maire en exercice, Monsieur P G, dûment mandaté,\nd’autre part,\nIL A ETE CONVENU CE QUI SUIT");
        let p = read(&front, &[]);
        assert_eq!(names(&p), ["la Métropole M", "la commune de S"]);
        // A title's « entre » inside a sentence does not open it.
        assert!(entre_at("convention entre la ville et la communauté représentée par").is_none());
    }

    /// « appelée ci-après « MAMP » », « appelée ci- après « La Commune » »: a
    /// designation, as « dénommée ci-après » is.
    #[test]
    fn appelee_ci_apres_designates_a_party() {
        let front = lines("Entre :\nLa Métropole M, représentée par sa Présidente en exercice, dûment mandatée et appelée ci-après\n« MAMP », d’une part,\net,\nLa commune de S représentée par son Maire en exercice, Monsieur P G, dûment mandaté, et appelée ci- après « La Commune »,\nd’autre part,\nIL A ETE CONVENU CE QUI SUIT");
        let p = read(&front, &[]);
        let d: Vec<_> = p.iter().map(|p| p.designation.as_deref()).collect();
        assert_eq!(d, [Some("MAMP"), Some("La Commune")]);
    }

    /// A site's heading, the wrapper « Annexe PROJET » before the kind, and
    /// the file's fields after the title on its line are not the title.
    #[test]
    fn a_title_on_one_line_drops_its_wrapper_and_file_fields() {
        let t = clean_title("01 Convention ou contrat - Conseil Général Deux Annexe PROJET CONVENTION RELATIVE À LA PARTICIPATION DU DÉPARTEMENT (Commune de P) Année : 2010 - N° Ordre : ACP 17025");
        assert_eq!(t, "CONVENTION RELATIVE À LA PARTICIPATION DU DÉPARTEMENT (Commune de P)");
        assert_eq!(clean_title("CONVENTION D'OBJECTIFS N° ordre : 12"), "CONVENTION D'OBJECTIFS");
        // An annex named inside a title, not before its kind, stays.
        let t = clean_title("CONVENTION DE GESTION ET SON ANNEXE FINANCIÈRE");
        assert_eq!(t, "CONVENTION DE GESTION ET SON ANNEXE FINANCIÈRE");
    }

    /// « … 28 mars 2014. et L’association … »: « et » after a party's full
    /// stop, before a name, opens the next party (its own line joined into
    /// the paragraph).
    #[test]
    fn et_after_a_full_stop_opens_the_next_party() {
        let front = vec!["Entre les soussignés : La Ville de V, représentée par son Maire, M. D R, agissant en vertu d’une délibération du conseil municipal en date du 28 mars 2014. et L’association U (UNJMF) représentée par son Directeur Général, V N, dont le siège social est basé au 20 rue G - 75004 Paris. et L’association régionale B représentée par sa présidente M L. Il a été exposé et convenu ce qui suit :".to_string()];
        let p = read(&front, &[]);
        assert_eq!(names(&p), ["la Ville de V", "l’association U (UNJMF)", "l’association régionale B"]);
    }

    /// « représentée par madame Anne DUPONT, présidente »: a civilité in
    /// lower case names the signatory as a capitalised one does.
    #[test]
    fn a_civilite_in_lower_case_names_the_signatory() {
        let s = signatory("madame Anne DUPONT, présidente");
        assert_eq!((s.civilite.as_str(), s.nom.as_str(), s.qualite.as_str()), ("madame", "Anne DUPONT", "présidente"));
        let s = signatory("monsieur Jean MARTIN, président");
        assert_eq!((s.nom.as_str(), s.qualite.as_str()), ("Jean MARTIN", "président"));
    }

    /// « La Ville de CALUIRE ET CUIRE, représentée … »: an « ET » inside a
    /// name in capitals is no separator; « ci-après dénommée l’ / « Association » »:
    /// the line break after an elided article is inside the designation.
    #[test]
    fn et_inside_a_name_in_capitals_and_a_designation_over_a_line_break() {
        let front = lines("CONCLUE ENTRE :\nLa Ville de CALUIRE ET CUIRE, représentée par son Député-Maire, Monsieur A B, ci après dénommée la « Ville », d’une part,\net\nl’Association X, représentée par sa Présidente en exercice, ci-après dénommée l’\n« Association », d’autre part,\nEtant préalablement exposé que :");
        let p = read(&front, &[]);
        assert_eq!(names(&p), ["la Ville de CALUIRE ET CUIRE", "l’Association X"]);
        assert_eq!(p[1].designation.as_deref(), Some("l’ « Association"));
        // Two parties in capitals, each with its article, are still two.
        let front =
            lines("ENTRE :\nLA COMMUNE DE B ET LA COMMUNE DE C, représentées par leurs Maires,\nIl a été convenu");
        assert_eq!(read(&front, &[]).len(), 2);
    }

    /// « Entre les Soussignés », « Entre les soussignées : »: the block opens there.
    #[test]
    fn soussignes_in_any_case_and_gender() {
        for entre in ["Entre les Soussignés :", "Entre les soussignées :", "ENTRE LES SOUSSIGNES :"] {
            let front = lines(&format!("{entre}\nLa COMMUNE DE COUDOUX,\nReprésentée par son Maire en exercice,\nCi-après désignée par « la Commune »\nEt :\nLa Métropole, représentée par son Président\nPRÉAMBULE"));
            let p = read(&front, &[]);
            assert_eq!(names(&p), ["La COMMUNE DE COUDOUX", "la Métropole"], "{entre}");
            assert_eq!(p[0].designation.as_deref(), Some("la Commune"));
        }
    }

    /// The ways a designation is written after the party's words.
    #[test]
    fn designations_as_written() {
        for (t, want) in [
            ("La Communauté, Représentée par X, Désignée ci-après, par le terme « la communauté » d’une part,", "la communauté"),
            ("La Métropole, représentée par sa Présidente, désigné dans le texte qui suit par l'appellation « LA COLLECTIVITE »", "LA COLLECTIVITE"),
            ("La Commune, représentée par son Maire, désignée dans ce qui suit par «la Collectivité», Et", "la Collectivité"),
            ("la COMMUNAUTE URBAINE, représentée par son Président, et désignée ci-après Communauté Urbaine Marseille, maître de l’ouvrage", "Communauté Urbaine Marseille"),
            ("L’Établissement, représenté par sa Directrice, Désigné ci-après par les initiales «EPF PACA» D’autre part,", "EPF PACA"),
            ("Le Syndicat, représenté par son Président, ci-après désigné par le sigle « SMO »", "SMO"),
            ("La Collectivité de Corse (dénommée CdC), représentée par son Président", "CdC"),
            ("La Métropole d'Aix-Marseille-Provence, (désignée dans le texte par « Métropole »), représentée par sa Présidente", "Métropole"),
        ] {
            let p = party(t).unwrap();
            assert_eq!(p.designation.as_deref(), Some(want), "{t}");
        }
    }

    /// What ends a representative's words: « , et désignée », « spécialement
    /// habilité », « en tant que », « , et dûment habilité », « , n° SIRET »,
    /// « nommée par arrêté », « élu par délibération ».
    #[test]
    fn representatives_end_before_their_mandate() {
        for (t, want) in [
            ("La Communauté, représentée par son Président, spécialement habilité aux fins des présentes", "son Président"),
            ("La Société, représentée par l'un de ses gérants en exercice, et désignée ci-après par \"la SDA\"", "l'un de ses gérants en exercice"),
            ("La Société X, représentée par Monsieur Rémi B, Directeur Général, en tant que représentant de la SEM, gérante", "Monsieur Rémi B, Directeur Général"),
            ("L’association Y, représentée par son Président Paul Durand, n° SIRET 402 029 557.", "son Président Paul Durand"),
            ("L’Établissement Z, représenté par sa Directrice Générale, Madame Anne B, nommée par arrêté ministériel du 15 juillet 2013 et agissant", "sa Directrice Générale, Madame Anne B"),
            ("L’Office W, représenté par son Président Monsieur Jean L élu par délibération du Comité de direction du 16 juin 2014.", "son Président Monsieur Jean L"),
            ("La commune de V représentée par son Maire, et dûment habilité par délibération du conseil municipal", "son Maire"),
            ("La Communauté, représentée par Monsieur Philippe B, agissant en sa qualité de Président, par délibération du Conseil communautaire en date du 25 septembre 2014,", "Monsieur Philippe B, agissant en sa qualité de Président"),
            ("Le Service, représenté par Monsieur André G, agissant en qualité de Président du Conseil d’Administration et conformément à l’arrêté n° 2015 / AGAJ-53", "Monsieur André G, agissant en qualité de Président du Conseil d’Administration"),
        ] {
            assert_eq!(party(t).unwrap().representant, want, "{t}");
        }
    }

    /// « Monsieur X, sénateur-maire de la Ville de Quimper, agissant au nom
    /// de la Commune »: the party is the body his office names, he represents it.
    #[test]
    fn a_party_named_in_its_representatives_office() {
        let p = party("Monsieur Jean X, sénateur-maire de la Ville de Quimper, agissant au nom de la Commune, en vertu d'une délibération du Conseil Municipal du Désigné ci-après par La Ville").unwrap();
        assert_eq!(p.nom, "la Ville de Quimper");
        assert_eq!(p.representant, "Monsieur Jean X, sénateur-maire de la Ville de Quimper");
        assert_eq!(p.designation.as_deref(), Some("La Ville"));
        let p =
            party("Madame Anne Y, agissant au nom et pour le compte de la Commune de Z, ci-après dénommée la Commune")
                .unwrap();
        assert_eq!((p.nom.as_str(), p.representant.as_str()), ("la Commune de Z", "Madame Anne Y"));
    }

    /// « - M. Gérard P, Président du Syndicat … agissant … »: a party whose
    /// paragraph opens on its representative and his office is the body the
    /// office names; « E X P O S E » spaced closes the block.
    #[test]
    fn a_party_opening_on_its_representative() {
        let front = lines("Entre les soussignés :\n- M. Gérard P, Président du Syndicat intercommunal d'électricité de la Haute-Saône agissant en tant que délégataire, dûment habilité à cet effet par délibération n° 2 du comité syndical du 23 mars 1996.\ndésigné ci-après par l'appellation : \"l'autorité concédante\"\nEt\n- M. Denis F, Président de la Société S, agissant en vertu des délégations, désigné ci-après par l'appellation : \"le concessionnaire\",\nE X P O S E\nCompte tenu :\n- des modifications intervenues,\n- de la volonté commune,");
        let p = read(&front, &[]);
        assert_eq!(names(&p), ["le Syndicat intercommunal d'électricité de la Haute-Saône", "la Société S"]);
        assert_eq!(
            p[0].representant,
            "M. Gérard P, Président du Syndicat intercommunal d'électricité de la Haute-Saône"
        );
        assert_eq!(p[0].designation.as_deref(), Some("l'autorité concédante"));
        assert_eq!(p[0].deliberation.as_ref().and_then(|d| d.numero.as_deref()), Some("2"));
    }

    /// « FRANCE TELECOM - société anonyme »: the name ends before its
    /// description; an acronym in brackets with a space or a dash stays.
    #[test]
    fn names_before_their_description() {
        assert_eq!(
            party("FRANCE TELECOM - société anonyme au capital de 10 euros, représentée par Bruno C").unwrap().nom,
            "FRANCE TELECOM"
        );
        assert_eq!(
            party("Le syndicat intercommunal de bassin versant Osse (SIBV OGA), représenté par X").unwrap().nom,
            "le syndicat intercommunal de bassin versant Osse (SIBV OGA)"
        );
        assert_eq!(
            party("La Conférence permanente (CPCA - RIF) Domiciliée, Représentée par son Président").unwrap().nom,
            "la Conférence permanente (CPCA - RIF)"
        );
        assert_eq!(
            party("La Communauté d’agglomération du Libournais (La Cali), représentée par M. B").unwrap().nom,
            "la Communauté d’agglomération du Libournais (La Cali)"
        );
        // A name in quotes ends the name before the words in lower case after it.
        assert_eq!(
            party("L’Association «Football Club de Rouen» régulièrement affiliée à la Fédération sous le n° 5, représentée par Mr F").unwrap().nom,
            "l’Association «Football Club de Rouen»"
        );
        // Words in brackets that are no short name stay out.
        assert_eq!(
            party("La Commune de X (Département des Landes), représentée par son Maire").unwrap().nom,
            "la Commune de X"
        );
    }

    /// No « Entre »: parties separated by « Et » lines, a heading over a
    /// dashed list that is not a party, a party whose name ends the line
    /// above its description, and a title's « ENTRE » in capitals.
    #[test]
    fn parties_without_entre() {
        let front = lines("CONTRAT DE DYNAMISATION\nLa Région Nouvelle-Aquitaine, représentée par Monsieur Alain ROUSSET, Président, ci-après dénommée la Région,\nEt\nLes EPCI composant le territoire :\n- la communauté de communes Creuse Confluence, représentée par M. Nicolas SIMONNET, son Président,\n- la communauté de communes Marche et Combraille, représentée par M. Pierre D, son Président,\nci-après dénommés les EPCI.\nVu la délibération");
        let fallback = lines("La Région Nouvelle-Aquitaine, représentée par Monsieur Alain ROUSSET, Président, ci-après dénommée la Région,\nEt\nLes EPCI composant le territoire :\nla communauté de communes Creuse Confluence, représentée par M. Nicolas SIMONNET, son Président,\nla communauté de communes Marche et Combraille, représentée par M. Pierre D, son Président,\nci-après dénommés les EPCI.");
        let p = read(&front, &fallback);
        assert_eq!(
            names(&p),
            [
                "la Région Nouvelle-Aquitaine",
                "la communauté de communes Creuse Confluence",
                "la communauté de communes Marche et Combraille"
            ]
        );
        let front = lines("CONVENTION N°2 ENTRE LA REGION ILE DE FRANCE\nET LA CONFERENCE PERMANENTE\nN°11-Dossier 11020198 La Région Ile-de-France\nAyant son siège social 33, rue Barbet Représentée par son Président Monsieur Jean-Paul HUCHON Habilité en vertu de la délibération n° CP\n11-Ci-après dénommée la Région d’une part,\nEt\nLa Conférence permanente, Représentée par son Président en exercice,\nSont convenus de ce qui suit :");
        let fallback = lines("Ayant son siège social 33, rue Barbet Représentée par son Président Monsieur Jean-Paul HUCHON Habilité en vertu de la délibération n° CP\n11-Ci-après dénommée la Région d’une part,\nEt\nLa Conférence permanente, Représentée par son Président en exercice,");
        let p = read(&front, &fallback);
        assert_eq!(names(&p), ["la Région Ile-de-France", "la Conférence permanente"]);
        assert_eq!(p[0].representant, "son Président Monsieur Jean-Paul HUCHON");
        assert_eq!(p[0].designation.as_deref(), Some("la Région"));
        assert!(p[0].deliberation.as_ref().is_none_or(|d| d.numero.is_none()), "« n° CP » is a blank");
    }

    /// A cover listing the parties between « ENTRE » and « D’une part D’autre
    /// part », before the block's own « ENTRE : », is not the title.
    #[test]
    fn a_cover_of_the_parties_is_not_the_title() {
        let front = lines("Convention Operationnelle Visant à fixer les conditions ENTRE Le Département et Alter Public Et La Commune de B D’une part D’autre part CONVENTION ENTRE : Le Département, Représenté par sa Présidente, Ci-après dénommé « le Département » Et La Commune de B, Représentée par son Maire D'AUTRE PART");
        assert_eq!(clean_title(&title_zone(&front)), "Convention Operationnelle Visant à fixer les conditions");
        // A title « CONVENTION … ENTRE LA COMMUNE … ET LE SYNDICAT … » keeps its words.
        let front = lines("CONVENTION DE MANDAT\nENTRE LA COMMUNE DE X ET LE SYNDICAT Y RELATIVE AUX TRAVAUX\nENTRE LES SOUSSIGNES :\nLa Commune de X, représentée par son Maire, d’une part,");
        assert!(title_zone(&front).contains("RELATIVE AUX TRAVAUX"));
    }

    /// A letterhead above the title, its cartouche and references below, a
    /// site's page marks and a running header's date are not the title.
    #[test]
    fn titles_without_letterhead_or_cartouche() {
        // A letterhead's contact lines, a record block stamped « … à 11:46 »
        // with its codes, the act's dating formula, a reference line.
        assert_eq!(
            clean_title(
                "Mairie\n00000 VILLE\n02.97.56.93.00\nMail : mairie@ville.fr\nC ONVENTION MISE A DISPOSITION\nMINIBUS"
            ),
            "C ONVENTION MISE A DISPOSITION MINIBUS"
        );
        assert_eq!(
            clean_title("CONVENTION X\nConvention : CONV-2021-1\nDate génération du document : 07/05/2021 à 11:46\nDOCA-703926\n9626\nCONVENTION RELATIVE A Y"),
            "CONVENTION RELATIVE A Y"
        );
        assert_eq!(
            clean_title("Convention de mise à disposition des véhicules\nL'an deux mille seize, le ………"),
            "Convention de mise à disposition des véhicules"
        );
        assert_eq!(
            clean_title("CONVENTION CADRE DE PARTENARIAT\nN° 2017-AMU-080 Accord- cadre numéro ……"),
            "CONVENTION CADRE DE PARTENARIAT"
        );
        assert_eq!(clean_title("COMMUNAUTÉ DE COMMUNES\nAGGLOMÉRATION GRENOBLOISE\n- AQUAPOLE -\nAVENANT N° 10 À LA CONVENTION\nEN DATE DU 26 AVRIL 1985\nDATE : 31 MAI 1996\nDélégant : COMMUNAUTÉ DE COMMUNES"), "AVENANT N° 10 À LA CONVENTION EN DATE DU 26 AVRIL 1985");
        assert_eq!(
            clean_title("Ayen\nCommune de Commune de Saint-Viance\nConvention Territoriale Globale\n2021-2025"),
            "Convention Territoriale Globale 2021-2025"
        );
        assert_eq!(
            clean_title("Coopération Nantes-Dschang Convention 2008"),
            "Coopération Nantes-Dschang Convention 2008"
        );
        // A page footer after a long title (a page counter near the top is a running header's).
        assert_eq!(clean_title("Département des Vosges VILLE DE SAINT-DIE-DES- VOSGES AVENANT N 7 AU CAHIER DES CHARGES POUR L EXPLOITATION PAR AFFERMAGE DU SERVICE PUBLIC DE L ASSAINISSEMENT 1/19 Décembre 2012"), "AVENANT N 7 AU CAHIER DES CHARGES POUR L EXPLOITATION PAR AFFERMAGE DU SERVICE PUBLIC DE L ASSAINISSEMENT");
        assert_eq!(
            clean_title("(1)\nAVENANT N°5 AU CONTRAT DE DELEGATION\n(2)\nL’ASSAINISSEMENT COLLECTIF\n(2)"),
            "AVENANT N°5 AU CONTRAT DE DELEGATION L’ASSAINISSEMENT COLLECTIF"
        );
        assert_eq!(clean_title("(1)\n. Page 1/12 13/04/10"), "");
        // The cover's names of the parties under the title.
        assert_eq!(
            clean_title("CONVENTION D INTERVENTION FONCIERE\nEN PHASE\nIMPULSION\nMétropole d’Aix-Marseille-Provence\nCommune d’EGUILLES\n(Département des Bouches du Rhône) Entre"),
            "CONVENTION D INTERVENTION FONCIERE EN PHASE IMPULSION"
        );
        assert_eq!(
            clean_title("CONVENTION CONCERNANT LES TRAVAUX\nLa présente convention est établie"),
            "CONVENTION CONCERNANT LES TRAVAUX"
        );
        assert_eq!(clean_title("CP 11-880\nCONSEIL REGIONAL 150 RAPPORT\n@BCL@50084DFA.doc 02/11/2011 / 12:26:39\nCONVENTION DE PARTENARIAT N°2\nN°11-Dossier 11020198 La Région"), "CONVENTION DE PARTENARIAT N°2");
        // The cover's list of contents under the title.
        assert_eq!(
            clean_title("(1)\nFOOTBALL CLUB DE ROUEN\nCONVENTION D’OBJECTIFS PLURIANNUELLE\nEXPOSE\nTITRE I – STIPULATIONS GENERALES\nTITRE II – STIPULATIONS PARTICULIERES\n(2)"),
            "FOOTBALL CLUB DE ROUEN CONVENTION D’OBJECTIFS PLURIANNUELLE"
        );
        // A dating line above the title; a kind in brackets is a subtitle, not where the title begins.
        assert_eq!(
            clean_title("Date de mise à jour : 3 décembre 2014 PACTE D’ADMINISTRATION COMMUNE ENTRE LA VILLE ET L’AGGLOMERATION D’AGEN ( Convention de création d’un service commun )"),
            "PACTE D’ADMINISTRATION COMMUNE ENTRE LA VILLE ET L’AGGLOMERATION D’AGEN ( Convention de création d’un service commun )"
        );
        // A cahier des charges naming a commune keeps its words.
        assert_eq!(
            clean_title("CAHIER DES CHARGES DE LA COMMUNE DE X ANNEXÉ À LA CONVENTION"),
            "CAHIER DES CHARGES DE LA COMMUNE DE X ANNEXÉ À LA CONVENTION"
        );
    }

    #[test]
    fn titles_without_stamps() {
        assert_eq!(clean_title("DEVI – SEA Association LPO – Convention annuelle 2019 1/6 Convention annuelle 2019 relative au soutien"), "Convention annuelle 2019 relative au soutien");
        assert_eq!(clean_title("Reçu au Contrôle de légalité le 18 octobre 2021 AVENANT 2"), "AVENANT 2");
        assert_eq!(clean_title("PROJET Avenant d adhésion"), "Avenant d adhésion");
        assert_eq!(clean_title("PROJET DE CONVENTION"), "PROJET DE CONVENTION");
        assert_eq!(clean_title("Affectations PNR nov 2010 18/11/10 15:11:00 CONVENTION"), "CONVENTION");
    }
}
