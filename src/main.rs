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
        /// Write into a folder that holds other files (they are kept).
        #[arg(long)]
        force: bool,
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
        /// Write into a folder that holds other files (they are kept).
        #[arg(long)]
        force: bool,
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
        /// Write into a folder that holds other files (they are kept).
        #[arg(long)]
        force: bool,
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
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        numero: Option<u32>,
    },
    /// Apply a change set: write the consolidated source.
    Apply {
        source: PathBuf,
        avenant: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Apply even to a text other than the one the avenant amends, and
        /// write into a folder that holds other files (they are kept), the
        /// source itself included.
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
            let path = source.unwrap_or_else(clausier::default_source);
            let src = source::Source::load(&path)?;
            fsutil::check_file_output(&output, &src.inputs())?;
            let doc = clausier::render::assemble(&src, &BuildOptions { annotate, ..Default::default() })?;
            fsutil::write_atomic(&output, &write::render(&doc, format))
        }
        Cmd::List { library, json } => {
            let lib = library.unwrap_or_else(clausier::default_library);
            let (items, mut broken) = source::list(&lib)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&items).map_err(|e| Error::Other(e.to_string()))?);
            } else {
                for i in items {
                    println!("{:<40} {:<24} {}", i.path, i.kind, i.title);
                }
            }
            // Each broken source on its own line; the status says some were.
            match broken.len() {
                0 => Ok(()),
                n => {
                    for e in &broken[..n - 1] {
                        eprintln!("clausier: {}", one_line(&e.to_string()));
                    }
                    Err(broken.pop().expect("n > 0"))
                }
            }
        }
        Cmd::Import { text, output, force } => {
            fsutil::check_dir_output(&output, std::slice::from_ref(&text), force, "source")?;
            let src = clausier::import::import_file(&text)?;
            fsutil::write_dir(&output, &src.files(), &fsutil::DirOptions { what: "source", force, check: None })
        }
        Cmd::Avenant { cmd } => avenant(cmd),
        Cmd::Originals { source, output, copies, avenant, pdf, force } => {
            use clausier::originals;
            let path = source.unwrap_or_else(clausier::default_source);
            let src = clausier::source::Source::load(&path)?;
            fsutil::check_dir_output(&output, &[src.inputs(), avenant.iter().cloned().collect()].concat(), force, "signing set")?;
            let base = clausier::render::assemble(&src, &BuildOptions::default())?;
            let (doc, stem, default_copies) = match &avenant {
                Some(a) => {
                    let cs = clausier::avenant::load(a)?;
                    clausier::avenant::check_parties(&cs, &src.manifest, a)?;
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
            let opts = originals::SetOptions { stem: &stem, copies: copies.unwrap_or(default_copies), initials: &initials, source: &source_name, source_fingerprint: &fp, pdf, force };
            let m = originals::write_set(&output, &doc, &opts)?;
            eprintln!("{} dans {} (empreinte du contenu {})", clausier::render::exemplaires(m.copies as u64), one_line(&output.display().to_string()), m.content_fingerprint);
            Ok(())
        }
        Cmd::Dossier { source, avenant, output, quiet, force } => {
            let src = clausier::source::Source::load(&source)?;
            let cs = clausier::avenant::load(&avenant)?;
            fsutil::check_dir_output(&output, &[src.inputs(), vec![avenant.clone()]].concat(), force, "council pack")?;
            let bar = if quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(7) };
            bar.set_style(indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").map_err(|e| Error::Other(e.to_string()))?);
            let mut step = |what: &str| {
                bar.set_message(what.to_string());
                bar.inc(1);
            };
            let m = clausier::dossier::build(&src, &cs, &avenant, &output, force, &mut step)?;
            bar.finish_and_clear();
            if !quiet {
                eprintln!("dossier de l'avenant n° {} : {} fichiers dans {}", m.avenant, m.files.len() + 1, one_line(&output.display().to_string()));
            }
            Ok(())
        }
        Cmd::Calendrier { source, adoption, json } => {
            let path = source.unwrap_or_else(clausier::default_source);
            let mut src = clausier::source::Source::load(&path)?;
            if let Some(a) = adoption {
                if clausier::french::Date::parse(&a).is_none() {
                    return Err(Error::Other(format!("--adoption « {} »: expected a date YYYY-MM-DD (year 1 to 9999)", a)));
                }
                src.manifest.dates.insert("adoption".into(), serde_json::Value::String(a));
            }
            let bad = |msg: String| Error::Manifest { path: src.manifest_path(), msg };
            let cal = clausier::calendar::Calendar::from_manifest(&src.manifest)
                .map_err(bad)?
                .ok_or_else(|| bad("no dates.adoption (YYYY-MM-DD): add it to the manifest, or pass --adoption".into()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&cal.to_json()).map_err(|e| Error::Other(e.to_string()))?);
            } else {
                print!("{}", cal.text());
            }
            Ok(())
        }
        Cmd::Redline { old, new, avenant, output, table, author, date, stat, format } => {
            use clausier::redline;
            if format != "text" && format != "json" {
                return Err(Error::Other(format!("--format {}: text or json", one_line(&format))));
            }
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
            let inputs = [src.inputs(), new.map(|_| new_src.inputs()).unwrap_or_default(), avenant.into_iter().collect()].concat();
            fsutil::check_file_output(&output, &inputs)?;
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

fn avenant(cmd: AvenantCmd) -> Result<()> {
    use clausier::avenant;
    use clausier::source::Source;
    match cmd {
        AvenantCmd::Draft { old, new, output, numero } => {
            let (o, n) = (Source::load(&old)?, Source::load(&new)?);
            fsutil::check_file_output(&output, &[o.inputs(), n.inputs()].concat())?;
            let cs = avenant::draft::draft(&o, &n, &avenant::draft::DraftOptions { numero, base_name: old.display().to_string() })?;
            fsutil::write_atomic(&output, avenant::to_json(&cs).as_bytes())
        }
        AvenantCmd::Apply { source, avenant: path, output, force } => {
            let src = Source::load(&source)?;
            let cs = avenant::load(&path)?;
            fsutil::check_dir_output(&output, &[src.inputs(), vec![path.clone()]].concat(), force, "source")?;
            let out = avenant::apply::apply(&src, &cs, &path, &avenant::apply::ApplyOptions { force })?;
            // What is put in place is a source `build` accepts, read back as written.
            let check = |staged: &std::path::Path| avenant::check_written_source(staged, &path);
            fsutil::write_dir(&output, &out.files(), &fsutil::DirOptions { what: "source", force, check: Some(&check) })
        }
        AvenantCmd::Build { source, avenant: path, output } => {
            let format = Format::from_path(&output)?;
            let src = Source::load(&source)?;
            let cs = avenant::load(&path)?;
            avenant::check_parties(&cs, &src.manifest, &path)?;
            fsutil::check_file_output(&output, &[src.inputs(), vec![path.clone()]].concat())?;
            let doc = avenant::document::build(&src, &cs, &path)?;
            fsutil::write_atomic(&output, &write::render(&doc, format))
        }
    }
}

/// One line whatever the names in it hold: a file called « a⏎b » or a
/// word with an escape sequence is shown escaped, not printed raw.
fn one_line(msg: &str) -> String {
    msg.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn main() -> ExitCode {
    // Bad arguments are bad input like any other: one line, status 1
    // (help and version are printed as clap prints them).
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("").trim_start_matches("error: ");
            eprintln!("clausier: {} (see clausier --help)", one_line(first));
            return ExitCode::FAILURE;
        }
    };
    fsutil::remove_temporaries_on_interrupt();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clausier: {}", one_line(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}
