//! In-process benchmarks: `cargo bench --bench build`.
//! Building the Paris–Ivry convention; the redline of the seed against an
//! edited seed; drafting an avenant; and how the redline grows with the text
//! (the seed repeated to about 40 KB, 400 KB and 1 MB, about 1 % of words changed).

use clausier::render::{assemble, BuildOptions};
use clausier::write;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/convention-paris-ivry.md")).unwrap()
}

/// The seed's body repeated `n` times, and a copy with one word in `every` changed.
fn texts(n: usize, every: usize) -> (String, String) {
    let s = seed();
    let body = &s[s.find("## ***Préambule").unwrap()..];
    let old: String = std::iter::once("**CONVENTION DE TEST**\n\n".to_string())
        .chain((0..n).map(|k| body.replacen("## ***Préambule", &format!("## ***Préambule {}", k + 1), 1)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut k = 0;
    let new: String = old
        .split(' ')
        .map(|w| {
            k += 1;
            if k % every == 0 && w.len() > 3 && w.chars().all(char::is_alphabetic) {
                format!("{}x", w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    (old, new)
}

fn docs(old: &str, new: &str) -> (clausier::model::Document, clausier::model::Document) {
    let o = clausier::import::import_text(old, Path::new("old.md")).unwrap();
    let n = clausier::import::import_text(new, Path::new("new.md")).unwrap();
    (assemble(&o, &BuildOptions::default()).unwrap(), assemble(&n, &BuildOptions::default()).unwrap())
}

fn bench(c: &mut Criterion) {
    let source = root().join("clauses/paris-ivry");
    let src = clausier::source::Source::load(&source).unwrap();
    let doc = assemble(&src, &BuildOptions::default()).unwrap();
    c.bench_function("build seed → docx (load+assemble+write)", |b| {
        b.iter(|| {
            let doc = clausier::build(&source, &BuildOptions::default()).unwrap();
            write::render(&doc, "docx")
        })
    });
    c.bench_function("assemble seed (handlebars+markdown)", |b| {
        b.iter(|| assemble(&src, &BuildOptions::default()).unwrap())
    });
    c.bench_function("write seed docx", |b| b.iter(|| write::render(&doc, "docx")));
    let s = seed();
    c.bench_function("import seed", |b| b.iter(|| clausier::import::import_text(&s, Path::new("seed.md")).unwrap()));

    // The seed against an edited seed (about 1 % of words changed).
    let (old, new) = texts(1, 100);
    let (o, n) = docs(&old, &new);
    c.bench_function("redline seed vs edited seed (compare)", |b| b.iter(|| clausier::compare::compare(&o, &n)));
    c.bench_function("redline seed vs edited seed (compare + docx)", |b| {
        b.iter(|| {
            let r = clausier::compare::compare(&o, &n);
            write::docx::write(&r, &write::Options::default())
        })
    });
    let (os, ns) = (
        clausier::import::import_text(&old, Path::new("o.md")).unwrap(),
        clausier::import::import_text(&new, Path::new("n.md")).unwrap(),
    );
    c.bench_function("avenant draft seed vs edited seed", |b| {
        b.iter(|| clausier::avenant::draft::draft(&os, &ns, &Default::default()).unwrap())
    });

    let mut g = c.benchmark_group("redline scaling (compare + docx)");
    g.sample_size(10);
    for n in [1usize, 10, 25] {
        let (old, new) = texts(n, 100);
        let (o, d) = docs(&old, &new);
        g.throughput(Throughput::Bytes(old.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(format!("{} KB", old.len() / 1024)), &(o, d), |b, (o, d)| {
            b.iter(|| {
                let r = clausier::compare::compare(o, d);
                write::docx::write(&r, &write::Options::default())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
