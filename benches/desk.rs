//! The desk's server time, in process (`cargo bench --bench desk`): the
//! router called as a browser calls it (no network), so that what is
//! measured is the server's work alone.
//! - the library page of 500 sources (copies of the Paris–Ivry convention):
//!   the first request, which loads every source, and the next ones, which
//!   find each file unchanged;
//! - the convention edited in LibreOffice with Track Changes dropped on the
//!   avenant page: read, drafted, kept (the POST until its answer), then the
//!   avenant page that shows the draft, its comparison and its facts.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

struct Client {
    app: axum::Router,
    rt: tokio::runtime::Runtime,
    cookie: String,
}

impl Client {
    fn new(lib: &Path) -> Client {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let mut c = Client {
            app: clausier::desk::router(clausier::desk::Config::local(lib.to_path_buf())),
            rt,
            cookie: String::new(),
        };
        let r = c.call(Request::get("/style.css").body(Body::empty()).unwrap());
        c.cookie = r.1;
        c
    }

    /// Status, session cookie set (if any), body.
    fn call(&self, mut req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
        req.headers_mut().insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        if !self.cookie.is_empty() {
            req.headers_mut().insert(header::COOKIE, self.cookie.parse().unwrap());
        }
        let app = self.app.clone();
        self.rt.block_on(async move {
            let r = app.oneshot(req).await.unwrap();
            let cookie = r
                .headers()
                .get(header::SET_COOKIE)
                .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
                .unwrap_or_default();
            let status = r.status();
            (status, cookie, axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec())
        })
    }

    fn get(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let (s, _, b) = self.call(Request::get(path).body(Body::empty()).unwrap());
        (s, b)
    }
}

fn library_of_500() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("bibliotheque");
    copy_dir(&root().join("clauses/commun"), &lib.join("commun"));
    for k in 0..500 {
        copy_dir(&root().join("clauses/paris-ivry"), &lib.join(format!("convention-{:03}", k)));
    }
    (tmp, lib)
}

fn library_page(c: &mut Criterion) {
    let (_t, lib) = library_of_500();
    let mut g = c.benchmark_group("desk");
    g.sample_size(10);
    g.bench_function("library page, 500 sources, first request (each loaded)", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let client = Client::new(&lib);
                let t = Instant::now();
                let (s, body) = client.get("/");
                total += t.elapsed();
                assert_eq!(s, StatusCode::OK);
                assert!(body.len() > 500 * 500);
            }
            total
        })
    });
    let client = Client::new(&lib);
    assert_eq!(client.get("/").0, StatusCode::OK);
    g.bench_function("library page, 500 sources", |b| {
        b.iter(|| {
            let (s, body) = client.get("/?tri=echeance");
            assert_eq!(s, StatusCode::OK);
            body.len()
        })
    });
    // The server's own work, whatever else the machine runs: the process's
    // CPU time (user + system) over the requests.
    g.bench_function("library page, 500 sources (CPU time)", |b| {
        b.iter_custom(|n| {
            let before = cpu_time();
            for _ in 0..n {
                assert_eq!(client.get("/?tri=echeance").0, StatusCode::OK);
            }
            cpu_time().saturating_sub(before)
        })
    });
    g.finish();
}

/// This process's CPU time, user and system, from /proc (1/100 s ticks).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of the line (utime, stime): 11 and 12 after the command's name.
    let tick = |k: usize| f.get(k).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
    let ticks = tick(11) + tick(12);
    Duration::from_millis(ticks * 10)
}

fn upload(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("bibliotheque");
    copy_dir(&root().join("clauses"), &lib);
    let docx = std::fs::read(root().join("tests/fixtures/docx/convention-suivi.docx")).unwrap();
    let client = Client::new(&lib);
    let page = String::from_utf8(client.get("/conventions/paris-ivry").1).unwrap();
    let at = page.find("name=\"jeton\" value=\"").unwrap() + 20;
    let jeton = page[at..at + 48].to_string();
    let boundary = "----clausierBench";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"brouillon\"\r\n\r\n\r\n--{b}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"convention-modifiee.docx\"\r\nContent-Type: application/octet-stream\r\n\r\n",
        b = boundary
    )
    .into_bytes();
    body.extend_from_slice(&docx);
    body.extend(format!("\r\n--{}--\r\n", boundary).bytes());
    let draft = lib.join(".bureau/brouillons/paris-ivry");
    let mut g = c.benchmark_group("desk");
    g.sample_size(20);
    g.bench_function("upload the seed edited in Word → drafted avenant", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                // Each upload is the first: the previous draft is taken away, untimed.
                let _ = std::fs::remove_dir_all(&draft);
                let req = Request::post(format!("/conventions/paris-ivry/avenant?jeton={}", jeton))
                    .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={}", boundary))
                    .body(Body::from(body.clone()))
                    .unwrap();
                let t = Instant::now();
                let (s, _, _) = client.call(req);
                total += t.elapsed();
                assert_eq!(s, StatusCode::SEE_OTHER);
            }
            total
        })
    });
    g.bench_function("upload the seed edited in Word → drafted avenant (CPU time)", |b| {
        // (The ticks are 10 ms: counted over all the uploads, the draft's
        // removal between two included.)
        b.iter_custom(|n| {
            let before = cpu_time();
            for _ in 0..n {
                let _ = std::fs::remove_dir_all(&draft);
                let req = Request::post(format!("/conventions/paris-ivry/avenant?jeton={}", jeton))
                    .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={}", boundary))
                    .body(Body::from(body.clone()))
                    .unwrap();
                assert_eq!(client.call(req).0, StatusCode::SEE_OTHER);
            }
            cpu_time().saturating_sub(before)
        })
    });
    g.bench_function("the avenant page of the drafted avenant", |b| {
        b.iter(|| {
            let (s, body) = client.get("/conventions/paris-ivry/avenant");
            assert_eq!(s, StatusCode::OK);
            body.len()
        })
    });
    g.finish();
}

criterion_group!(benches, library_page, upload);
criterion_main!(benches);
