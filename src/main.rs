//! The `clausier` command: a thin shell over the library.

use clap::{Parser, Subcommand};
use clausier::render::BuildOptions;
use clausier::write::{self, Purpose};
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
        /// Lay the DOCX out with LibreOffice to print the sommaire's page
        /// numbers (otherwise Word fills them in on opening).
        #[arg(long)]
        pages: bool,
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
        /// Also write a PDF of each original (laid out by LibreOffice, whose
        /// sommaire shows the page of each division).
        #[arg(long)]
        pdf: bool,
        /// Lay the originals out with LibreOffice to print the sommaire's
        /// page numbers in the DOCX (implied by --pdf).
        #[arg(long)]
        pages: bool,
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
        Cmd::Build { source, output, annotate, pages } => {
            let writer = write::writer_for(&output, Purpose::Text)?;
            let src = source.unwrap_or_else(clausier::default_source);
            let doc = clausier::build(&src, &BuildOptions { annotate, ..Default::default() })?;
            let rev = clausier::compare::Revised::unchanged(&doc);
            let mut notes = Vec::new();
            let bytes = if writer.name == "docx" && doc.toc_title.is_some() {
                if pages {
                    let lo = clausier::layout::LibreOffice::find()?;
                    let job = clausier::layout::Job { name: "document.docx".into(), write: Box::new(|pages| (writer.write)(&rev, &write::Options { pages, ..Default::default() })) };
                    lo.lay_out(std::slice::from_ref(&job), &scratch_beside(&output)?)?.remove(0).docx
                } else {
                    notes.push("note: the sommaire's page numbers are left for Word to fill in on opening; --pages computes them with LibreOffice".to_string());
                    (writer.write)(&rev, &Default::default())
                }
            } else {
                (writer.write)(&rev, &Default::default())
            };
            fsutil::write_atomic(&output, &bytes)?;
            say(&notes);
            Ok(())
        }
        Cmd::List { library, json } => {
            let lib = library.unwrap_or_else(clausier::default_library);
            let items = source::list(&lib)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&items).expect("a list always serializes"));
            } else {
                for i in items {
                    println!("{:<40} {:<24} {}", i.path, i.kind, i.title);
                }
            }
            Ok(())
        }
        Cmd::Import { text, output } => {
            let src = clausier::import::import_file(&text)?;
            fsutil::write_dir_atomic(&output, &src.files())
        }
        Cmd::Avenant { cmd } => avenant(cmd),
        Cmd::Originals { source, output, copies, avenant, pdf, pages } => {
            use clausier::originals;
            let path = source.unwrap_or_else(clausier::default_source);
            let src = clausier::source::Source::load(&path)?;
            let base = clausier::render::assemble(&src, &BuildOptions::default())?;
            let (doc, stem, default_copies) = match &avenant {
                Some(a) => {
                    let cs = clausier::avenant::load(a)?;
                    let doc = clausier::avenant::document::build_on(&src, &base, &cs, a)?;
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
            let fp = clausier::fingerprint::of(&base);
            let opts = originals::SetOptions { stem: &stem, copies: copies.unwrap_or(default_copies), initials: &initials, source: &source_name, source_fingerprint: &fp, pdf, pages };
            let m = originals::write_set(&output, &doc, &opts)?;
            eprintln!("{} exemplaires originaux dans {} (empreinte du contenu {})", m.copies, output.display(), m.content_fingerprint);
            Ok(())
        }
        Cmd::Dossier { source, avenant, output, quiet } => {
            let src = clausier::source::Source::load(&source)?;
            let cs = clausier::avenant::load(&avenant)?;
            let bar = if quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(7) };
            bar.set_style(indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("a fixed, valid template"));
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
                println!("{}", serde_json::to_string_pretty(&cal.to_json()).expect("JSON always serializes"));
            } else {
                print!("{}", cal.text());
            }
            Ok(())
        }
        Cmd::Redline { old, new, avenant, output, table, author, date, stat, format } => {
            use clausier::compare;
            let src = clausier::source::Source::load(&old)?;
            let (new_src, cs) = match (&new, &avenant) {
                (Some(n), None) => (clausier::source::Source::load(n)?, None),
                (None, Some(a)) => {
                    let cs = clausier::avenant::load(a)?;
                    (clausier::avenant::apply::apply(&src, &cs, a, &Default::default())?, Some(cs))
                }
                _ => return Err(Error::Usage("give either NEW or --avenant AVENANT.json".into())),
            };
            let opts = BuildOptions::default();
            let (o, n) = (clausier::render::assemble(&src, &opts)?, clausier::render::assemble(&new_src, &opts)?);
            let red = compare::compare(&o, &n);
            if stat {
                let st = compare::stat::Stat::of(&red);
                if format == "json" {
                    println!("{}", serde_json::to_string_pretty(&st).expect("a summary always serializes"));
                } else {
                    print!("{}", st.text());
                }
            }
            let Some(output) = output else {
                return if stat { Ok(()) } else { Err(Error::Usage("give -o FILE (or --stat)".into())) };
            };
            let writer = write::writer_for(&output, if table { Purpose::Tableau } else { Purpose::Comparison })?;
            let author = author.or_else(|| cs.as_ref().and_then(|c| c.auteur.clone())).unwrap_or_else(|| "Comité technique".into());
            let date = date.or_else(|| cs.as_ref().and_then(|c| c.date.clone()));
            let rev = write::docx::RevInfo::new(author, date.as_deref())?;
            let title = cs.as_ref().map(|c| format!("Avenant n° {}", c.numero));
            let bytes = (writer.write)(&red, &write::Options { old: Some(&o), rev, title, ..Default::default() });
            fsutil::write_atomic(&output, &bytes)
        }
    }
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
            let writer = write::writer_for(&output, Purpose::Text)?;
            let src = Source::load(&source)?;
            let cs = avenant::load(&path)?;
            let doc = avenant::document::build(&src, &cs, &path)?;
            fsutil::write_atomic(&output, &(writer.write)(&clausier::compare::Revised::unchanged(&doc), &Default::default()))
        }
    }
}

/// Notes and warnings, once the output is written (a failed run prints its
/// one line of error, nothing else).
fn say(lines: &[String]) {
    for l in lines {
        eprintln!("clausier: {}", l);
    }
}

/// The directory of an output, where working files may go (it must exist).
fn scratch_beside(output: &std::path::Path) -> Result<PathBuf> {
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), PathBuf::from);
    if !dir.is_dir() {
        return Err(Error::Io { path: output.to_path_buf(), msg: format!("cannot write: directory {} does not exist", dir.display()) });
    }
    Ok(dir)
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
