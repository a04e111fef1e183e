//! Builds the default convention many times, for profilers:
//! `cargo run --release --example profile_build -- 500`
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let source = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clauses/paris-ivry");
    let mut total = 0;
    for _ in 0..n {
        let doc = clausier::build(&source, &Default::default()).unwrap();
        total += clausier::write::render(&doc, "docx").len();
    }
    println!("{}", total);
}
