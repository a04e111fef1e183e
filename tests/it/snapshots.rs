//! Golden snapshots of the document model: the Paris–Ivry convention, the
//! example avenant and the consolidated text after it. A change in what
//! clausier assembles — a word, a label, a part, a history — shows here as a
//! diff to review (`cargo insta review`), never silently.

use crate::common::*;
use clausier::avenant;
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;

#[test]
fn the_convention_as_assembled() {
    let src = Source::load(&library_source()).unwrap();
    let doc = assemble(&src, &BuildOptions::default()).unwrap();
    insta::assert_yaml_snapshot!("paris-ivry", doc);
}

#[test]
fn the_example_avenant_and_the_consolidated_text() {
    let src = Source::load(&library_source()).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = avenant::load(&path).unwrap();
    let doc = avenant::document::build(&src, &cs, &path).unwrap();
    insta::assert_yaml_snapshot!("avenant-1", doc);
    let consolidated = avenant::apply::apply(&src, &cs, &path, &Default::default()).unwrap();
    insta::assert_yaml_snapshot!(
        "paris-ivry-after-avenant-1",
        assemble(&consolidated, &BuildOptions::default()).unwrap()
    );
}
