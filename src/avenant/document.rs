//! The avenant document (filled in below).
use super::ops::ChangeSet;
use crate::error::Result;
use crate::model::Document;
use crate::source::Source;
use std::path::Path;

pub fn build(src: &Source, cs: &ChangeSet, path: &Path) -> Result<Document> {
    let _ = (src, cs, path);
    Err(crate::error::Error::Other("not yet".into()))
}
