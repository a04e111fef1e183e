//! The ODT reader (`clausier::read::odt`) on small hand-written packages,
//! one OpenDocument feature each; on LibreOffice's tracked changes made at
//! random (proptest: whatever is inserted and deleted, across paragraph
//! marks or not, accepting gives the new text and rejecting the old); and
//! on hostile packages. The documents LibreOffice itself wrote are in
//! `wordproc.rs`.

use clausier::markdown::TextBlock;
use clausier::model::{inline_text, AlineaKind, Inline, Style};
use clausier::read::docx::{DocxText, Options, View};
use proptest::prelude::*;
use std::io::Write;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0""#;

/// An ODT package: the mimetype first and stored, as ODF wants it.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.text").unwrap();
    let deflated = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        w.start_file(*name, deflated).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An ODT whose body is `body` (inside `office:text`), with automatic
/// styles `auto` and the named styles `styles`.
fn odt(auto: &str, body: &str, styles: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:automatic-styles>{auto}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles>{styles}</office:styles></office:document-styles>"#
    );
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta><dc:title>Convention</dc:title><meta:initial-creator>Service juridique</meta:initial-creator><dc:creator>Conseil</dc:creator></office:meta></office:document-meta>"#
    );
    package(&[("content.xml", content.as_bytes()), ("styles.xml", styles.as_bytes()), ("meta.xml", meta.as_bytes())])
}

fn read(bytes: &[u8], view: View) -> DocxText {
    clausier::read::read_document(bytes, &Options { view }).unwrap_or_else(|e| panic!("read: {}", e))
}

fn refusal(bytes: &[u8]) -> String {
    match clausier::read::read_document(bytes, &Options::default()) {
        Ok(d) => panic!("should be refused, read {} blocks", d.blocks.len()),
        Err(e) => {
            let m = e.to_string();
            assert_eq!(m.lines().count(), 1, "one line: {}", m);
            m
        }
    }
}

fn show(d: &DocxText) -> Vec<String> {
    d.blocks
        .iter()
        .map(|b| match &b.block {
            TextBlock::Heading { level, inlines, .. } => format!("{} {}", "#".repeat(*level), inline_text(inlines)),
            TextBlock::Alinea { alinea, .. } => match &alinea.kind {
                AlineaKind::Item { marker: None } => format!("- {}", inline_text(&alinea.inlines)),
                AlineaKind::Table { rows, header } => format!(
                    "{}{}",
                    if *header { "(en-tête) " } else { "" },
                    rows.iter()
                        .map(|r| format!("| {} |", r.iter().map(|c| inline_text(c)).collect::<Vec<_>>().join(" | ")))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                _ => alinea.text(),
            },
            TextBlock::Rule { .. } => "---".into(),
        })
        .collect()
}

const HEADINGS: &str = r#"<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/><style:style style:name="Standard" style:family="paragraph"/><style:style style:name="Strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>"#;

#[test]
fn paragraphs_headings_and_character_styles() {
    let auto = r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-style="italic"/></style:style><style:style style:name="T1" style:family="text"><style:text-properties style:text-underline-style="solid"/></style:style><style:style style:name="T2" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>"#;
    let body = r#"<text:h text:style-name="Heading_20_1" text:outline-level="1"><text:bookmark text:name="_cl_i"/>I. Objet</text:h><text:p text:style-name="Standard">La   convention <text:span text:style-name="Strong">forte</text:span><text:s text:c="3"/>et <text:span text:style-name="T1">soulignée</text:span>, article 1<text:span text:style-name="T2">er</text:span>.</text:p><text:p text:style-name="P1">En italique<text:tab/>puis<text:line-break/>à la ligne.</text:p><text:p text:style-name="Heading_20_2">Un titre par son style</text:p><text:p text:style-name="Standard">Le <text:date>10 mars 2026</text:date>, <text:a xlink:href="http://x" xmlns:xlink="http://www.w3.org/1999/xlink">un lien</text:a>.</text:p>"#;
    let d = read(&odt(auto, body, HEADINGS), View::Accept);
    assert_eq!(
        show(&d),
        [
            "# I. Objet",
            "La convention forte et soulignée, article 1er.",
            "En italique puis\nà la ligne.",
            "## Un titre par son style",
            "Le 10 mars 2026, un lien."
        ]
    );
    assert_eq!(d.blocks[0].bookmarks, ["_cl_i"]);
    let object = odt(
        "",
        r#"<text:p>Voir <draw:frame><draw:object xlink:href="./Object 1" xmlns:xlink="http://www.w3.org/1999/xlink"/></draw:frame>le tableur.</text:p>"#,
        HEADINGS,
    );
    let o = read(&object, View::Accept);
    assert_eq!(show(&o), ["Voir le tableur."]);
    assert_eq!(o.unread.len(), 1, "an embedded object is named: {:?}", o.unread);
    assert!(o.unread[0].contains("(draw:object) after paragraph 1 is not read"), "{:?}", o.unread);
    assert_eq!(d.blocks[0].style.as_deref(), Some("Heading 1"));
    assert_eq!(d.blocks[1].style.as_deref(), Some("Standard"));
    // A heading style's bold is how headings look, not emphasis.
    let TextBlock::Heading { inlines, .. } = &d.blocks[0].block else { panic!() };
    assert!(inlines.iter().all(|i| matches!(i, Inline::Text { style, .. } if !style.bold)));
    let TextBlock::Alinea { alinea, .. } = &d.blocks[1].block else { panic!() };
    let styled = |w: &str| {
        alinea.inlines.iter().find_map(|i| match i {
            Inline::Text { text, style } if text.contains(w) => Some(*style),
            _ => None,
        })
    };
    assert_eq!(styled("forte"), Some(Style { bold: true, ..Style::PLAIN }));
    assert_eq!(styled("soulignée"), Some(Style { underline: true, ..Style::PLAIN }));
    // « 1er » in superscript is typography: plain text.
    assert!(alinea.text().contains("1er"));
    let TextBlock::Alinea { alinea, .. } = &d.blocks[2].block else { panic!() };
    assert!(matches!(&alinea.inlines[0], Inline::Text { style, .. } if style.italic));
    assert_eq!(d.properties.title.as_deref(), Some("Convention"));
    assert_eq!(d.properties.creator.as_deref(), Some("Service juridique"));
}

#[test]
fn list_labels_and_heading_numbers_as_libreoffice_shows_them() {
    let styles = format!(
        r#"{HEADINGS}<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-prefix="Article " style:num-suffix=" –" style:num-format="1"/><text:outline-level-style text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"/></text:outline-style><text:list-style style:name="Degres"><text:list-level-style-number text:level="1" style:num-suffix="°" style:num-format="1"/><text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/></text:list-style><text:list-style style:name="Puces"><text:list-level-style-bullet text:level="1" text:bullet-char="–"/></text:list-style>"#
    );
    let body = r#"<text:h text:style-name="Heading_20_1" text:outline-level="1">Objet</text:h><text:h text:style-name="Heading_20_2" text:outline-level="2">Définitions</text:h><text:h text:style-name="Heading_20_2" text:outline-level="2">Portée</text:h><text:h text:style-name="Heading_20_1" text:outline-level="1">Durée</text:h><text:h text:style-name="Heading_20_2" text:outline-level="2">Terme</text:h><text:h text:style-name="Heading_20_1" text:outline-level="1" text:is-list-header="true">Annexe</text:h><text:list text:style-name="Degres"><text:list-item><text:p>Premier ;</text:p><text:list><text:list-item><text:p>sous-point ;</text:p></text:list-item><text:list-item><text:p>autre ;</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>Second ;</text:p><text:p>suite du second.</text:p></text:list-item></text:list><text:p>Entre deux listes.</text:p><text:list text:style-name="Degres" text:continue-numbering="true"><text:list-item><text:p>Troisième.</text:p></text:list-item></text:list><text:list text:style-name="Degres"><text:list-item text:start-value="5"><text:p>Cinquième.</text:p></text:list-item></text:list><text:list text:style-name="Puces"><text:list-header><text:p>En-tête de liste</text:p></text:list-header><text:list-item><text:p>une puce</text:p></text:list-item></text:list>"#;
    let d = read(&odt("", body, &styles), View::Accept);
    assert_eq!(
        show(&d),
        [
            "# Article 1 – Objet",
            "## 1.1. Définitions",
            "## 1.2. Portée",
            "# Article 2 – Durée",
            "## 2.1. Terme",
            "# Annexe",
            "1° Premier ;",
            "a) sous-point ;",
            "b) autre ;",
            "2° Second ;",
            "suite du second.",
            "Entre deux listes.",
            "3° Troisième.",
            "5° Cinquième.",
            "En-tête de liste",
            "- une puce"
        ]
    );
}

#[test]
fn tables_notes_and_text_boxes() {
    let body = r#"<text:p>Avant<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>La note.</text:p></text:note-body></text:note> la table<text:note text:id="n2" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>En fin.</text:p></text:note-body></text:note>.</text:p><table:table table:name="T"><table:table-column table:number-columns-repeated="3"/><table:table-header-rows><table:table-row><table:table-cell><text:p>Service</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>Missions</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table-header-rows><table:table-row><table:table-cell><text:p>Paris</text:p><text:p>(coordination)</text:p></table:table-cell><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table><text:p>Un cadre <draw:frame draw:name="F"><svg:title>titre du dessin</svg:title><draw:text-box><text:p>Dans la boîte.</text:p></draw:text-box></draw:frame>ici.</text:p>"#;
    let d = read(&odt("", body, HEADINGS), View::Accept);
    assert!(d.unread.is_empty());
    assert_eq!(
        show(&d),
        [
            "Avant(1) la table(i).",
            "(1) La note.",
            "(en-tête) | Service | Missions |  |\n| Paris\n(coordination) | a | b |",
            "Un cadre ici.",
            "Dans la boîte.",
            "(i) En fin."
        ]
    );
}

#[test]
fn annotations_are_comments_anchored_where_they_start() {
    let body = r#"<text:p>Premier alinéa.</text:p><text:p><office:annotation office:name="a1"><dc:creator>Conseil municipal</dc:creator><dc:date>2026-03-10T09:00:00</dc:date><text:p>Prévoir</text:p><text:p>trois ans ?</text:p></office:annotation>La durée est de deux ans.<office:annotation-end office:name="a1"/></text:p><text:p>Fin.<office:annotation><dc:creator>Service</dc:creator><text:p>Vu.</text:p></office:annotation></text:p>"#;
    let d = read(&odt("", body, HEADINGS), View::Accept);
    assert_eq!(show(&d), ["Premier alinéa.", "La durée est de deux ans.", "Fin."], "annotations are not text");
    assert_eq!(d.comments.len(), 2);
    assert_eq!(d.comments[0].author, "Conseil municipal");
    assert_eq!(d.comments[0].date.as_deref(), Some("2026-03-10T09:00:00"));
    assert_eq!(d.comments[0].text, "Prévoir\ntrois ans ?");
    assert_eq!(d.comments[1].date, None);
    assert_eq!(d.blocks[1].comments, [0]);
    assert_eq!(d.blocks[2].comments, [1]);
    assert!(d.blocks.iter().all(|b| b.bookmarks.is_empty()), "anchors are not bookmarks");
}

// ---------------------------------------------------------------------------
// LibreOffice's tracked changes, as it writes them.

fn region(id: &str, kind: &str, content: &str) -> String {
    format!(
        r#"<text:changed-region xml:id="{id}" text:id="{id}"><text:{kind}><office:change-info><dc:creator>Service juridique</dc:creator><dc:date>2026-03-10T09:00:00</dc:date></office:change-info>{content}</text:{kind}></text:changed-region>"#
    )
}

#[test]
fn tracked_changes_as_libreoffice_writes_them() {
    // A paragraph deleted before a heading (the deletion keeps the
    // heading's own empty start), words inserted, words deleted, a
    // paragraph inserted, two paragraphs merged, one split.
    let changes = [
        region("c1", "deletion", r#"<text:p text:style-name="Standard">Le dernier alinéa.</text:p><text:h text:style-name="Heading_20_1" text:outline-level="1"/>"#),
        region("c2", "insertion", ""),
        region("c3", "deletion", r#"<text:p>très </text:p>"#),
        region("c4", "insertion", ""),
        region("c5", "deletion", r#"<text:p/><text:p/>"#),
        region("c6", "insertion", ""),
        region("c7", "format-change", ""),
    ]
    .concat();
    let body = format!(
        r#"<text:tracked-changes text:track-changes="true">{changes}</text:tracked-changes><text:p text:style-name="Standard">Un alinéa.</text:p><text:h text:style-name="Heading_20_1" text:outline-level="1"><text:bookmark text:name="_cl_iv"/><text:change text:change-id="c1"/>IV. Durée</text:h><text:p text:style-name="Standard">La durée est <text:change-start text:change-id="c2"/>de deux ans <text:change-end text:change-id="c2"/><text:change text:change-id="c3"/>longue.<text:change-start text:change-id="c4"/></text:p><text:p text:style-name="Standard">Un alinéa nouveau.<text:change-end text:change-id="c4"/></text:p><text:p>Premier <text:change text:change-id="c5"/>second.</text:p><text:p><text:change-start text:change-id="c7"/>Un<text:change-end text:change-id="c7"/> tout <text:change-start text:change-id="c6"/></text:p><text:p><text:change-end text:change-id="c6"/>coupé.</text:p>"#
    );
    let bytes = odt("", &body, HEADINGS);
    let accepted = read(&bytes, View::Accept);
    assert_eq!(
        show(&accepted),
        [
            "Un alinéa.",
            "# IV. Durée",
            "La durée est de deux ans longue.",
            "Un alinéa nouveau.",
            "Premier second.",
            "Un tout",
            "coupé."
        ]
    );
    let rejected = read(&bytes, View::Reject);
    assert_eq!(
        show(&rejected),
        [
            "Un alinéa.",
            "Le dernier alinéa.",
            "# IV. Durée",
            "La durée est très longue.",
            "Premier",
            "second.",
            "Un tout coupé."
        ]
    );
    // The heading keeps its mark, not the paragraph put back before it.
    assert_eq!(rejected.blocks[2].bookmarks, ["_cl_iv"]);
    assert_eq!(rejected.blocks[1].style.as_deref(), Some("Standard"));
    let t = accepted.tracked;
    assert!(t.changes_text());
    assert_eq!((t.insertions, t.deletions, t.formatting), (3, 3, 1));
    assert_eq!((t.inserted_marks, t.deleted_marks), (2, 2));
}

/// A text as tokens: words, and `None` for a paragraph mark.
type Tokens = Vec<Option<String>>;

fn paragraphs(tokens: &[Option<String>]) -> Vec<String> {
    tokens
        .split(|t| t.is_none())
        .map(|p| p.iter().flatten().cloned().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The ODT LibreOffice writes for `old` edited by `script`: each old token
/// kept or deleted, runs of new tokens inserted before some of them. The
/// body is the new text; inserted runs are ranges, deleted runs points
/// whose region holds their words as paragraphs.
fn tracked(old: &Tokens, script: &[(bool, Tokens)], tail: &Tokens) -> (Vec<u8>, Tokens) {
    let mut regions = String::new();
    let mut body = String::from("<text:p>");
    let mut new: Tokens = Vec::new();
    let mut n = 0;
    let mut deleted: Tokens = Vec::new();
    let flush_deleted = |deleted: &mut Tokens, regions: &mut String, body: &mut String, n: &mut usize| {
        if deleted.is_empty() {
            return;
        }
        *n += 1;
        let paras: Vec<String> = deleted
            .split(|t| t.is_none())
            .map(|p| format!("<text:p>{}</text:p>", p.iter().flatten().map(|w| format!("{} ", w)).collect::<String>()))
            .collect();
        regions.push_str(&region(&format!("d{}", n), "deletion", &paras.concat()));
        body.push_str(&format!(r#"<text:change text:change-id="d{}"/>"#, n));
        deleted.clear();
    };
    let insert = |run: &Tokens, regions: &mut String, body: &mut String, new: &mut Tokens, n: &mut usize| {
        if run.is_empty() {
            return;
        }
        *n += 1;
        regions.push_str(&region(&format!("i{}", n), "insertion", ""));
        body.push_str(&format!(r#"<text:change-start text:change-id="i{}"/>"#, n));
        for t in run {
            match t {
                Some(w) => body.push_str(&format!("{} ", w)),
                None => body.push_str("</text:p><text:p>"),
            }
            new.push(t.clone());
        }
        body.push_str(&format!(r#"<text:change-end text:change-id="i{}"/>"#, n));
    };
    for (t, (keep, run)) in old.iter().zip(script) {
        flush_deleted(&mut deleted, &mut regions, &mut body, &mut n);
        insert(run, &mut regions, &mut body, &mut new, &mut n);
        if *keep {
            match t {
                Some(w) => body.push_str(&format!("{} ", w)),
                None => body.push_str("</text:p><text:p>"),
            }
            new.push(t.clone());
        } else {
            deleted.push(t.clone());
        }
    }
    flush_deleted(&mut deleted, &mut regions, &mut body, &mut n);
    insert(tail, &mut regions, &mut body, &mut new, &mut n);
    body.push_str("</text:p>");
    let xml = format!(r#"<text:tracked-changes>{}</text:tracked-changes>{}"#, regions, body);
    (odt("", &xml, HEADINGS), new)
}

fn tokens(max: usize) -> impl Strategy<Value = Tokens> {
    prop::collection::vec(prop_oneof![4 => "[a-z]{1,6}".prop_map(Some), 1 => Just(None)], 0..max)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn accepting_gives_the_new_text_and_rejecting_the_old(
        (old, script) in tokens(24).prop_flat_map(|old| {
            let n = old.len();
            (Just(old), prop::collection::vec((prop::bool::weighted(0.7), tokens(4)), n))
        }),
        tail in tokens(4),
    ) {
        let (bytes, new) = tracked(&old, &script, &tail);
        prop_assert_eq!(show(&read(&bytes, View::Accept)), paragraphs(&new));
        prop_assert_eq!(show(&read(&bytes, View::Reject)), paragraphs(&old));
    }
}

// ---------------------------------------------------------------------------
// Hostile packages.

#[test]
fn hostile_packages_are_refused_in_one_line_or_read() {
    // Not an ODT.
    assert!(refusal(b"PK\x03\x04garbage").contains("damaged zip"));
    // A DTD, and with it any entity.
    let dtd = package(&[(
        "content.xml",
        format!(r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><office:document-content {NS}><office:body><office:text><text:p>&e;</text:p></office:text></office:body></office:document-content>"#).as_bytes(),
    )]);
    assert!(refusal(&dtd).contains("DTD"), "{}", refusal(&dtd));
    // Truncated XML.
    let cut = package(&[(
        "content.xml",
        format!("<office:document-content {NS}><office:body><office:text><text:p>a").as_bytes(),
    )]);
    assert!(refusal(&cut).contains("still open"), "{}", refusal(&cut));
    // No content.xml.
    assert!(refusal(&package(&[("styles.xml", b"<x/>")])).contains("no content.xml"));
    // A zip bomb: refused from its directory.
    let zeros = vec![0u8; 200 * 1024 * 1024];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "mimetype",
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
    )
    .unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.text").unwrap();
    w.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(&zeros).unwrap();
    let bomb = w.finish().unwrap().into_inner();
    assert!(refusal(&bomb).contains("zip bomb"), "{}", refusal(&bomb));
    // 10 001 entries.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..10_001 {
        w.start_file(format!("f{}", k), zip::write::SimpleFileOptions::default()).unwrap();
    }
    assert!(refusal(&w.finish().unwrap().into_inner()).contains("10001 entries"));

    // Read (bench/adversarial.sh times them): 30 000 nested spans and lists, 100 000 paragraphs, a
    // deletion put back 100 000 times (once), spaces by the billion, text
    // boxes in text boxes.
    let deep = format!("<text:p>{}mot{}</text:p>", "<text:span>".repeat(30_000), "</text:span>".repeat(30_000));
    let lists = format!(
        "{}<text:p>au fond</text:p>{}",
        "<text:list><text:list-item>".repeat(5_000),
        "</text:list-item></text:list>".repeat(5_000)
    );
    let many = "<text:p>a</text:p>".repeat(100_000);
    let again = format!(
        "<text:tracked-changes>{}</text:tracked-changes><text:p>début {} fin</text:p>",
        region("d", "deletion", &format!("<text:p>{}</text:p><text:p/>", "mot ".repeat(10_000))),
        r#"<text:change text:change-id="d"/>"#.repeat(100_000)
    );
    let spaces = format!("<text:p>a{}b</text:p>", r#"<text:s text:c="1000000000"/>"#.repeat(10_000));
    let boxes = format!(
        "<text:p>{}boîte{}</text:p>",
        "<draw:frame><draw:text-box><text:p>".repeat(50),
        "</text:p></draw:text-box></draw:frame>".repeat(50)
    );
    for body in [deep, lists, many, again, spaces, boxes] {
        let bytes = odt("", &body, HEADINGS);
        for view in [View::Accept, View::Reject] {
            let d = read(&bytes, view);
            assert!(!d.blocks.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------
// LibreOffice's numbering, as LibreOffice shows it.

#[test]
fn a_flat_odt_with_outline_and_list_numbering_reads_as_libreoffice_shows_it() {
    // The cahier des charges of tests/fixtures/docx, in the flat ODT it was
    // written as: headings numbered by the outline (« CHAPITRE I : »,
    // « Art. 1. - » restarting under each chapter), items by list styles.
    let root = crate::common::root().join("tests/fixtures/docx");
    let d = read(&std::fs::read(root.join("sources/cahier-numerote.fodt")).unwrap(), View::Accept);
    let s = show(&d);
    let headings: Vec<&String> = s.iter().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# CHAPITRE I : OBJET DE LA CONCESSION",
            "## Art. 1. - Objet",
            "## Art. 2. - Utilisation des ouvrages",
            "## Art. 3. - Transports complémentaires",
            "# CHAPITRE II : ETABLISSEMENT DES RÉSEAUX DE TRANSPORT",
            "## Art. 1. - Travaux à la charge du concessionnaire",
            "## Art. 2. - Délais d'exécution",
        ]
    );
    // Item labels in order, as LibreOffice's text export shows them.
    let lo = std::fs::read_to_string(root.join("cahier-numerote-libreoffice.lo.txt")).unwrap();
    let theirs: Vec<String> = lo
        .lines()
        .filter(|l| l.starts_with("    ") && !l.trim().is_empty())
        .map(|l| {
            let first = l.split_whitespace().next().unwrap();
            if ["•", "◦", "▪", "–"].contains(&first) {
                "•".to_string()
            } else {
                first.to_string()
            }
        })
        .collect();
    let ours: Vec<String> = d
        .blocks
        .iter()
        .filter_map(|b| match &b.block {
            TextBlock::Alinea { alinea, .. } => match &alinea.kind {
                AlineaKind::Item { marker } => Some(marker.clone().unwrap_or_else(|| "•".into())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(ours, theirs);
    // Every word LibreOffice shows, in order.
    crate::common::assert_keeps_every_word_but(
        &lo.replace(['•', '◦'], " "),
        &s.join("\n"),
        "note calls",
        &crate::common::glued_note_call,
    );
}
