//! The integration tests, one binary (one link instead of one per file;
//! helpers shared in `common`). Each module is a part of the behaviour:
//! `cargo test --test it avenant::` runs one.

mod common;

mod annexes;
mod architecture;
mod avenant;
mod build;
mod corpus_avenants;
mod councils;
#[cfg(feature = "desk")]
mod desk;
mod errors;
mod facts;
mod formulas;
mod golden;
mod hostile;
mod import;
mod import_facts;
mod multi_text;
mod odt;
mod originals;
mod properties;
mod prose;
mod read_docx;
mod read_odt;
mod redline;
mod safety;
mod signature;
mod snapshots;
mod word;
mod wordproc;
