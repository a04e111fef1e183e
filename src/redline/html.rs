//! The HTML view (to come).
use super::Redline;
use crate::model::Document;
pub fn page(_r: &Redline, _old: &Document, _title: Option<&str>) -> String { String::new() }
