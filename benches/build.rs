//! Building the Paris–Ivry convention in-process: load + assemble + write.
//! `cargo bench --bench build`

use clausier::render::BuildOptions;
use clausier::write::{self, Format};
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;

fn source() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clauses/paris-ivry")
}

fn bench(c: &mut Criterion) {
    let src = clausier::source::Source::load(&source()).unwrap();
    let doc = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    c.bench_function("build seed → docx (load+assemble+write)", |b| {
        b.iter(|| {
            let doc = clausier::build(&source(), &BuildOptions::default()).unwrap();
            write::render(&doc, Format::Docx)
        })
    });
    c.bench_function("assemble seed (handlebars+markdown)", |b| b.iter(|| clausier::render::assemble(&src, &BuildOptions::default()).unwrap()));
    c.bench_function("write seed docx", |b| b.iter(|| write::render(&doc, Format::Docx)));
    let seed = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convention-paris-ivry.md")).unwrap();
    c.bench_function("import seed", |b| b.iter(|| clausier::import::import_text(&seed, std::path::Path::new("seed.md")).unwrap()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
