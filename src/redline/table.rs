//! The tableau comparatif (to come).
use super::Redline;
use crate::model::Document;
pub fn docx(_r: &Redline, _old: &Document, _title: Option<&str>) -> Vec<u8> { Vec::new() }
