//! `clausier redline --stat`: what changed, counted.

use crate::model::{inline_text, Alinea, Division, Document, Line, Mark};
use crate::tokens::{tokenize, Kind};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Stat {
    pub divisions_inserted: usize,
    pub divisions_deleted: usize,
    divisions_changed: usize,
    pub alineas_inserted: usize,
    pub alineas_deleted: usize,
    pub alineas_changed: usize,
    pub words_inserted: usize,
    pub words_deleted: usize,
}

fn words(v: &[crate::model::Inline]) -> usize {
    tokenize(&inline_text(v)).iter().filter(|t| t.kind == Kind::Word).count()
}

impl Stat {
    pub fn of(r: &Document) -> Stat {
        let mut s = Stat::default();
        for d in r.all_divisions() {
            s.division(d);
        }
        for a in r.front_alineas().chain(r.closing_alineas()) {
            s.alinea(a);
        }
        s
    }

    fn count_line(&mut self, l: &Line) {
        for seg in &l.segs {
            match seg.mark {
                Mark::Ins => self.words_inserted += words(&seg.inlines),
                Mark::Del => self.words_deleted += words(&seg.inlines),
                Mark::Same => {}
            }
        }
    }

    fn alinea(&mut self, a: &Alinea) {
        let line = a.line();
        match line.mark {
            Mark::Ins => self.alineas_inserted += 1,
            Mark::Del => self.alineas_deleted += 1,
            Mark::Same if line.changed() => self.alineas_changed += 1,
            Mark::Same => {}
        }
        if let crate::model::AlineaKind::Table { rows, .. } = &a.kind {
            let n: usize = rows.iter().flatten().map(|c| words(c)).sum();
            match line.mark {
                Mark::Ins => self.words_inserted += n,
                Mark::Del => self.words_deleted += n,
                Mark::Same => {}
            }
        }
        self.count_line(&line);
    }

    fn division(&mut self, d: &Division) {
        let heading = d.heading_line();
        match d.mark() {
            Mark::Ins => self.divisions_inserted += 1,
            Mark::Del => self.divisions_deleted += 1,
            Mark::Same if heading.changed() || d.alineas.iter().any(|a| a.line().changed()) => {
                self.divisions_changed += 1
            }
            Mark::Same => {}
        }
        self.count_line(&heading);
        for a in &d.alineas {
            self.alinea(a);
        }
    }

    pub fn text(&self) -> String {
        format!(
            "divisions: {} changed, {} inserted, {} deleted\nalinéas:   {} changed, {} inserted, {} deleted\nwords:     {} inserted, {} deleted\n",
            self.divisions_changed, self.divisions_inserted, self.divisions_deleted, self.alineas_changed, self.alineas_inserted, self.alineas_deleted, self.words_inserted, self.words_deleted
        )
    }
}
