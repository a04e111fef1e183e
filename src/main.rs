//! The `clausier` command: a thin shell over the library.

use clap::{Parser, Subcommand};
use clausier::render::BuildOptions;
use clausier::write::{self, Format};
use clausier::{fsutil, source, Error, Result};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "clausier", version, about = "Conventions de coopération held as a clause library: assemble, amend, compare, sign")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Assemble a source into a document (.docx, .html, .md or .txt).
    Build {
        /// Source directory (default: the Paris–Ivry convention).
        source: Option<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
        /// Show which avenant changed each division.
        #[arg(long)]
        annotate: bool,
    },
    /// List the sources of the clause library.
    List {
        /// Library directory (default: clauses/).
        #[arg(long)]
        library: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Turn a convention written in Markdown into a source directory.
    Import {
        text: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Compare two versions: tracked changes (.docx), tableau comparatif
    /// (--table), HTML view (.html), or a summary (--stat).
    Redline {
        /// The old source (or the source an avenant amends).
        old: PathBuf,
        /// The new source (omit with --avenant).
        new: Option<PathBuf>,
        /// Compare the source before and after this avenant.
        #[arg(long)]
        avenant: Option<PathBuf>,
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write the tableau comparatif instead of tracked changes.
        #[arg(long)]
        table: bool,
        /// Author of the tracked changes (default: the avenant's, or « Comité technique »).
        #[arg(long)]
        author: Option<String>,
        /// Date of the tracked changes, ISO (default: the avenant's date, else none).
        #[arg(long)]
        date: Option<String>,
        /// Print a summary of the changes.
        #[arg(long)]
        stat: bool,
        /// Format of --stat: text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// The signing set: N numbered originals, a manifest of their SHA-256.
    Originals {
        /// Source (default: the Paris–Ivry convention).
        source: Option<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
        /// Number of originals (default: what the document states).
        #[arg(long)]
        copies: Option<usize>,
        /// The originals of this avenant to the source, rather than of the source.
        #[arg(long)]
        avenant: Option<PathBuf>,
        /// Also write a PDF of each original (LibreOffice, one run).
        #[arg(long)]
        pdf: bool,
    },
    /// The council pack: avenant, consolidated text, redline, tableau, HTML, manifest.
    Dossier {
        source: PathBuf,
        avenant: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
    },
    /// The terms the convention states: end of the first period, tacit
    /// renewal, last day to give notice.
    Calendrier {
        source: Option<PathBuf>,
        /// Adoption date (ISO), when the manifest does not state it.
        #[arg(long)]
        adoption: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Avenants: draft one from two versions, apply it, build the document.
    Avenant {
        #[command(subcommand)]
        cmd: AvenantCmd,
    },
}

#[derive(Subcommand)]
enum AvenantCmd {
    /// Derive the change set that turns OLD into NEW (two sources).
    Draft {
        old: PathBuf,
        new: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// The avenant's number (default: the next after those applied).
        #[arg(long)]
        numero: Option<u32>,
    },
    /// Apply a change set: write the consolidated source.
    Apply {
        source: PathBuf,
        avenant: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Apply even to a text other than the one the avenant amends.
        #[arg(long)]
        force: bool,
    },
    /// Build the avenant document (.docx, .html, .md or .txt).
    Build {
        source: PathBuf,
        avenant: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Build { source, output, annotate } => {
            let format = Format::from_path(&output)?;
            let src = source.unwrap_or_else(clausier::default_source);
            let doc = clausier::build(&src, &BuildOptions { annotate, ..Default::default() })?;
            fsutil::write_atomic(&output, &write::render(&doc, format))
        }
        Cmd::List { library, json } => {
            let lib = library.unwrap_or_else(clausier::default_library);
            let items = source::list(&lib)?;
            // With each source, the facts its manifest states.
            let mut listed = Vec::new();
            for i in items {
                let m = source::Source::load(std::path::Path::new(&i.path))?.manifest;
                listed.push((i, m));
            }
            if json {
                let v: Vec<serde_json::Value> = listed.iter().map(|(i, m)| list_facts_json(i, m)).collect();
                println!("{}", serde_json::to_string_pretty(&v).map_err(|e| Error::Other(e.to_string()))?);
            } else {
                for (i, m) in listed {
                    println!("{:<40} {:<24} {}", i.path, i.kind, i.title);
                    for line in list_facts_text(&m) {
                        println!("    {}", line);
                    }
                }
            }
            Ok(())
        }
        Cmd::Import { text, output } => {
            let imported = clausier::import::import_file(&text)?;
            fsutil::write_dir_atomic(&output, &imported.source.files())?;
            if !imported.missing.is_empty() {
                eprintln!("{}: not found: {}", text.display(), imported.missing.join(", "));
            }
            Ok(())
        }
        Cmd::Avenant { cmd } => avenant(cmd),
        Cmd::Originals { source, output, copies, avenant, pdf } => {
            use clausier::originals;
            let path = source.unwrap_or_else(clausier::default_source);
            let src = clausier::source::Source::load(&path)?;
            let base = clausier::render::assemble(&src, &BuildOptions::default())?;
            let (doc, stem, default_copies) = match &avenant {
                Some(a) => {
                    let cs = clausier::avenant::load(a)?;
                    let doc = clausier::avenant::document::build(&src, &cs, a)?;
                    let n = cs.originaux.or(src.manifest.originaux).unwrap_or(2) as usize;
                    (doc, format!("avenant-{}", cs.numero), n)
                }
                None => {
                    let stem = path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "convention".into());
                    (base.clone(), stem, src.manifest.originaux.unwrap_or(2) as usize)
                }
            };
            let initials = originals::initials_of(&src.manifest);
            let source_name = path.display().to_string();
            let fp = clausier::fingerprint(&base);
            let opts = originals::SetOptions { stem: &stem, copies: copies.unwrap_or(default_copies), initials: &initials, source: &source_name, source_fingerprint: &fp, pdf };
            let m = originals::write_set(&output, &doc, &opts)?;
            eprintln!("{} exemplaires originaux dans {} (empreinte du contenu {})", m.copies, output.display(), m.content_fingerprint);
            Ok(())
        }
        Cmd::Dossier { source, avenant, output, quiet } => {
            let src = clausier::source::Source::load(&source)?;
            let cs = clausier::avenant::load(&avenant)?;
            let bar = if quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(7) };
            bar.set_style(indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").map_err(|e| Error::Other(e.to_string()))?);
            let mut step = |what: &str| {
                bar.set_message(what.to_string());
                bar.inc(1);
            };
            let m = clausier::dossier::build(&src, &cs, &avenant, &output, &mut step)?;
            bar.finish_and_clear();
            if !quiet {
                eprintln!("dossier de l'avenant n° {} : {} fichiers dans {}", m.avenant, m.files.len() + 1, output.display());
            }
            Ok(())
        }
        Cmd::Calendrier { source, adoption, json } => {
            let path = source.unwrap_or_else(clausier::default_source);
            let mut src = clausier::source::Source::load(&path)?;
            if let Some(a) = adoption {
                src.manifest.dates.insert("adoption".into(), serde_json::Value::String(a));
            }
            let cal = clausier::calendar::Calendar::from_manifest(&src.manifest).ok_or_else(|| {
                Error::Manifest { path: src.manifest_path(), msg: "no valid dates.adoption (YYYY-MM-DD): add it to the manifest, or pass --adoption".into() }
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&cal.to_json()).map_err(|e| Error::Other(e.to_string()))?);
            } else {
                print!("{}", cal.text());
            }
            Ok(())
        }
        Cmd::Redline { old, new, avenant, output, table, author, date, stat, format } => {
            use clausier::redline;
            let src = clausier::source::Source::load(&old)?;
            let (new_src, cs) = match (&new, &avenant) {
                (Some(n), None) => (clausier::source::Source::load(n)?, None),
                (None, Some(a)) => {
                    let cs = clausier::avenant::load(a)?;
                    (clausier::avenant::apply::apply(&src, &cs, a, &Default::default())?, Some(cs))
                }
                _ => return Err(Error::Other("give either NEW or --avenant AVENANT.json".into())),
            };
            let opts = BuildOptions::default();
            let (o, n) = (clausier::render::assemble(&src, &opts)?, clausier::render::assemble(&new_src, &opts)?);
            let red = redline::compare(&o, &n);
            if stat {
                let st = redline::stat::Stat::of(&red);
                if format == "json" {
                    println!("{}", serde_json::to_string_pretty(&st).map_err(|e| Error::Other(e.to_string()))?);
                } else {
                    print!("{}", st.text());
                }
            }
            let Some(output) = output else {
                return if stat { Ok(()) } else { Err(Error::Other("give -o FILE (or --stat)".into())) };
            };
            let format = Format::from_path(&output)?;
            let author = author.or_else(|| cs.as_ref().and_then(|c| c.auteur.clone())).unwrap_or_else(|| "Comité technique".into());
            let date = date.or_else(|| cs.as_ref().and_then(|c| c.date.clone()));
            let rev = redline::rev_info(author, date.as_deref())?;
            let title = cs.as_ref().map(|c| format!("Avenant n° {}", c.numero));
            let bytes = match (format, table) {
                (Format::Docx, true) => redline::table::docx(&red, &o, title.as_deref()),
                (Format::Docx, false) => write::docx::write_redline(&red, write::docx::footer_for(&n), rev),
                (Format::Html, _) => redline::html::page(&red, &o, title.as_deref()).into_bytes(),
                _ => return Err(Error::Other(format!("{}: a redline is written as .docx or .html", output.display()))),
            };
            fsutil::write_atomic(&output, &bytes)
        }
    }
}

/// `clausier list --json`: the listing's fields and the manifest's facts.
fn list_facts_json(i: &source::Listed, m: &source::Manifest) -> serde_json::Value {
    let mut v = serde_json::to_value(i).unwrap_or_default();
    if let serde_json::Value::Object(o) = &mut v {
        o.insert("nature".into(), serde_json::json!(m.nature));
        o.insert("parties".into(), serde_json::to_value(&m.parties).unwrap_or_default());
        o.insert("lieu".into(), serde_json::json!(m.lieu));
        o.insert("date_signature".into(), m.dates.get("signature").cloned().unwrap_or(serde_json::Value::Null));
        o.insert("originaux".into(), serde_json::json!(m.originaux));
        o.insert("visas".into(), serde_json::json!(m.visas));
    }
    v
}

/// `clausier list`: the facts of a source, a line each, under its title.
fn list_facts_text(m: &source::Manifest) -> Vec<String> {
    let mut out = Vec::new();
    let mut first = Vec::new();
    if let Some(n) = &m.nature {
        first.push(n.clone());
    }
    match (&m.lieu, m.dates.get("signature").and_then(|d| d.as_str())) {
        (Some(l), Some(d)) => first.push(format!("signée à {} le {}", l, d)),
        (Some(l), None) => first.push(format!("signée à {}", l)),
        (None, Some(d)) => first.push(format!("signée le {}", d)),
        (None, None) => {}
    }
    if let Some(n) = m.originaux {
        first.push(format!("{} exemplaires originaux", n));
    }
    if !m.visas.is_empty() {
        first.push(format!("{} visas", m.visas.len()));
    }
    if !first.is_empty() {
        out.push(first.join(" · "));
    }
    for p in &m.parties {
        let mut l = format!("partie {}: {}", p.id, p.nom);
        if !p.representant.is_empty() {
            l.push_str(&format!(", représentée par {}", p.representant));
        }
        let s = &p.signataire;
        let who: Vec<&str> = [s.civilite.as_str(), s.qualite.as_str(), s.nom.as_str()].into_iter().filter(|x| !x.is_empty()).collect();
        if !who.is_empty() {
            l.push_str(&format!("; signataire: {}", who.join(", ")));
        }
        if let Some(d) = &p.deliberation {
            let mut parts = vec![format!("délibération{}", d.numero.as_ref().map(|n| format!(" n° {}", n)).unwrap_or_default())];
            if !d.organe.is_empty() {
                parts.push(d.organe.clone());
            }
            if let Some(date) = &d.date {
                parts.push(date.clone());
            }
            l.push_str(&format!("; {}", parts.join(", ")));
        }
        out.push(l);
    }
    out
}

fn avenant(cmd: AvenantCmd) -> Result<()> {
    use clausier::avenant;
    use clausier::source::Source;
    match cmd {
        AvenantCmd::Draft { old, new, output, numero } => {
            let (o, n) = (Source::load(&old)?, Source::load(&new)?);
            let cs = avenant::draft::draft(&o, &n, &avenant::draft::DraftOptions { numero, base_name: old.display().to_string() })?;
            fsutil::write_atomic(&output, avenant::to_json(&cs).as_bytes())
        }
        AvenantCmd::Apply { source, avenant: path, output, force } => {
            let src = Source::load(&source)?;
            let cs = avenant::load(&path)?;
            let out = avenant::apply::apply(&src, &cs, &path, &avenant::apply::ApplyOptions { force })?;
            fsutil::write_dir_atomic(&output, &out.files())
        }
        AvenantCmd::Build { source, avenant: path, output } => {
            let format = Format::from_path(&output)?;
            let src = Source::load(&source)?;
            let cs = avenant::load(&path)?;
            let doc = avenant::document::build(&src, &cs, &path)?;
            fsutil::write_atomic(&output, &write::render(&doc, format))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clausier: {}", e);
            ExitCode::FAILURE
        }
    }
}
