//! In-process benchmarks of the import: `cargo bench --bench import`.
//! The seed and the corpus texts, and the importer's hostile inputs: one
//! HTML table row of 64 000 cells (was quadratic: 40 s) and decimal labels
//! nested 2 000 deep (took gigabytes).

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn row(cells: usize) -> String {
    let cells: String = (0..cells)
        .map(|k| if k % 3 == 2 { "<td align=\"center\"/>".to_string() } else { format!("<td>c{}</td>", k) })
        .collect();
    format!("Texte.\n\n<table><tr>{}</tr></table>\n", cells)
}

fn deep(levels: usize) -> String {
    let mut text = String::new();
    let mut num = String::new();
    for d in 0..levels {
        num.push_str("1.");
        text.push_str(&format!("{} Titre {}\n\nTexte {}.\n\n", num, d, d));
    }
    text
}

fn bench(c: &mut Criterion) {
    let seed = std::fs::read_to_string(root().join("tests/fixtures/convention-paris-ivry.md")).unwrap();
    c.bench_function("import seed", |b| b.iter(|| clausier::import::import(&seed, Path::new("seed.md")).unwrap()));
    let corpus = std::fs::read_to_string(
        root().join("tests/fixtures/corpus/1952-cahier-charges-type-transport-gaz-v1-original.md"),
    )
    .unwrap();
    c.bench_function("import cahier des charges 1952 (33 KB, 7 tables)", |b| {
        b.iter(|| clausier::import::import(&corpus, Path::new("c.md")).unwrap())
    });
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    let r = row(64_000);
    g.bench_function("import one table row of 64 000 cells", |b| {
        b.iter(|| clausier::import::import(&r, Path::new("row.md")).unwrap())
    });
    let d = deep(2000);
    g.bench_function("import decimal labels 2 000 deep", |b| {
        b.iter(|| clausier::import::import(&d, Path::new("deep.md")).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
