//! In-process benchmarks of the DOCX reader: `cargo bench --bench read_docx`.
//! The seed convention as clausier writes it; the same edited in LibreOffice
//! with Track Changes (both views); and the reader's growth with the size of
//! the DOCX (the seed's divisions repeated up to a DOCX of about 1 MB).

use clausier::read::docx::{read_docx, Options, View};
use clausier::render::BuildOptions;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bench(c: &mut Criterion) {
    let doc = clausier::build(&root().join("clauses/paris-ivry"), &BuildOptions::default()).unwrap();
    let seed = clausier::write::render(&doc, "docx");
    let accept = Options { view: View::Accept };
    let reject = Options { view: View::Reject };
    c.bench_function("read seed docx (clausier's, 29 KB)", |b| b.iter(|| read_docx(&seed, &accept).unwrap()));
    let tracked = std::fs::read(root().join("tests/fixtures/docx/convention-suivi.docx")).unwrap();
    c.bench_function("read seed edited in LibreOffice with Track Changes, accept", |b| {
        b.iter(|| read_docx(&tracked, &accept).unwrap())
    });
    c.bench_function("read seed edited in LibreOffice with Track Changes, reject", |b| {
        b.iter(|| read_docx(&tracked, &reject).unwrap())
    });

    let mut g = c.benchmark_group("read docx scaling");
    g.sample_size(10);
    for copies in [1usize, 10, 52] {
        let mut big = doc.clone();
        big.divisions = (0..copies).flat_map(|_| doc.divisions.iter().cloned()).collect();
        let bytes = clausier::write::render(&big, "docx");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{} KB docx", bytes.len() / 1024)),
            &bytes,
            |b, bytes| b.iter(|| read_docx(bytes, &accept).unwrap()),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
