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
        /// Source directory, with its manifest.json (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// Output file; its extension chooses the format: .docx, .html, .md or .txt.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Show under each division the avenants that changed it, with their dates.
        #[arg(long)]
        annotate: bool,
        /// Lay the DOCX out with LibreOffice to print the sommaire's page
        /// numbers (otherwise Word fills them in on opening).
        #[arg(long)]
        pages: bool,
        /// For a consolidated source: the amended text alone, without the
        /// « Version consolidée » mention (what a redline's Accept All gives).
        #[arg(long)]
        unmarked: bool,
    },
    /// List the sources of the clause library.
    List {
        /// Library directory (default: clauses/).
        #[arg(long, value_name = "DIR")]
        library: Option<PathBuf>,
        /// Print JSON (path, kind, title, divisions) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Turn a convention written in Markdown into a source directory.
    Import {
        /// The text to import: Markdown, or plain lines exported from a word processor.
        text: PathBuf,
        /// Output folder: the source directory to create (manifest.json and fragments).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// Compare two versions: tracked changes (.docx), tableau comparatif
    /// (--table), HTML view (.html), or a summary (--stat).
    Redline {
        /// The old source (or the source an avenant amends).
        old: PathBuf,
        /// The new source (omit with --avenant).
        new: Option<PathBuf>,
        /// Compare the source before and after this avenant (change set JSON).
        #[arg(long, value_name = "AVENANT.json")]
        avenant: Option<PathBuf>,
        /// Output file: .docx (tracked changes, or the tableau with --table) or .html (the HTML view).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write the tableau comparatif instead of tracked changes (a .docx).
        #[arg(long)]
        table: bool,
        /// Author of the tracked changes (default: the avenant's, or « Comité technique »).
        #[arg(long)]
        author: Option<String>,
        /// Date of the tracked changes, ISO (default: the avenant's date, else none).
        #[arg(long, value_name = "YYYY-MM-DD")]
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
        /// Source directory (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// Output folder: the originals, manifest.json, manifest.txt and SHA256SUMS.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Number of originals (default: what the document states). A number
        /// other than the one the text states is refused, unless the text
        /// takes it from the `originaux` variable: then it is printed anew.
        #[arg(long, value_name = "N")]
        copies: Option<usize>,
        /// The originals of this avenant (change set JSON) to the source, rather than of the source.
        #[arg(long, value_name = "AVENANT.json")]
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
        /// The source the avenant amends.
        source: PathBuf,
        /// The avenant (change set JSON).
        avenant: PathBuf,
        /// Output folder: every document of the pack and its manifest.json.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
    },
    /// The terms the convention states: end of the first period, tacit
    /// renewal, last day to give notice.
    Calendrier {
        /// Source directory (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// Adoption date, when the manifest does not state it (dates.adoption).
        #[arg(long, value_name = "YYYY-MM-DD")]
        adoption: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// What a source lacks before signing: deliberations, dates, signatories,
    /// number of originals. Fails when a fact the originals need is missing.
    Check {
        /// Source directory (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// Check the facts of this avenant (change set JSON) to the source instead.
        #[arg(long, value_name = "AVENANT.json")]
        avenant: Option<PathBuf>,
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
        /// The source as it stands (the text the avenant amends).
        old: PathBuf,
        /// The source as it should read after the avenant.
        new: PathBuf,
        /// Output file: the change set, JSON.
        #[arg(short, long, value_name = "AVENANT.json")]
        output: PathBuf,
        /// The avenant's number (default: the next after those applied).
        #[arg(long)]
        numero: Option<u32>,
    },
    /// Apply a change set: write the consolidated source.
    Apply {
        /// The source the avenant amends.
        source: PathBuf,
        /// The avenant (change set JSON).
        avenant: PathBuf,
        /// Output folder: the consolidated source directory.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Apply even to a text other than the one the avenant amends.
        #[arg(long)]
        force: bool,
    },
    /// Build the avenant document (.docx, .html, .md or .txt).
    Build {
        /// The source the avenant amends.
        source: PathBuf,
        /// The avenant (change set JSON).
        avenant: PathBuf,
        /// Output file; its extension chooses the format: .docx, .html, .md or .txt.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Build { source, output, annotate, pages, unmarked } => {
            let writer = write::writer_for(&output, Purpose::Text)?;
            let path = source.unwrap_or_else(clausier::default_source);
            let src = source::Source::load(&path)?;
            let mut doc = clausier::render::assemble(&src, &BuildOptions { annotate, ..Default::default() })?;
            let mut notes = clausier::facts::warnings(&clausier::facts::of_source(&src));
            if !unmarked {
                clausier::consolidation::mark(&mut doc, &src.manifest);
            }
            let rev = clausier::compare::Revised::unchanged(&doc);
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
            let mut src = clausier::source::Source::load(&path)?;
            let base = clausier::render::assemble(&src, &BuildOptions::default())?;
            let mut notes = Vec::new();
            // The document to sign, as it reads with `originaux` = n (or as the source says).
            let (mut doc, stem, cs) = match &avenant {
                Some(a) => {
                    let cs = clausier::avenant::load(a)?;
                    notes.extend(clausier::facts::warnings(&clausier::facts::of_avenant(&src, &cs)));
                    notes.extend(clausier::facts::avenant_after_end(&src, &cs));
                    let doc = clausier::avenant::document::build_on(&src, &base, &cs, a)?;
                    (doc, format!("avenant-{}", cs.numero), Some(cs))
                }
                None => {
                    if !src.manifest.avenants.is_empty() {
                        return Err(Error::Usage(format!(
                            "{} is a consolidated version (it integrates avenant n° {}): it is not signed; sign the convention, or the avenant with --avenant",
                            path.display(),
                            src.manifest.avenants.iter().map(|a| a.numero.to_string()).collect::<Vec<_>>().join(", n° ")
                        )));
                    }
                    notes.extend(clausier::facts::warnings(&clausier::facts::of_source(&src)));
                    let stem = path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "convention".into());
                    (base.clone(), stem, None)
                }
            };
            let stated = originals::stated_copies(&doc);
            let copies = match (copies, stated) {
                (Some(n), Some(m)) if n != m => {
                    // The text says m: n originals of it would be false, unless the
                    // number is the `originaux` variable, printed anew as n.
                    let again = match (&avenant, &cs) {
                        (Some(a), Some(cs)) => {
                            let cs = clausier::avenant::ChangeSet { originaux: Some(n as u32), ..cs.clone() };
                            clausier::avenant::document::build_on(&src, &base, &cs, a)?
                        }
                        _ => {
                            src.manifest.originaux = Some(n as u32);
                            clausier::render::assemble(&src, &BuildOptions::default())?
                        }
                    };
                    if originals::stated_copies(&again) != Some(n) {
                        return Err(Error::Usage(format!("--copies {}: the text states {} exemplaires originaux, in its own words: change the text, or leave out --copies", n, m)));
                    }
                    notes.push(format!("note: the text now states {} exemplaires originaux (its source says {}): these originals are not the text of the source", n, m));
                    doc = again;
                    n
                }
                (Some(n), _) => n,
                (None, Some(m)) => m,
                (None, None) => src.manifest.originaux.unwrap_or(2) as usize,
            };
            let initials = originals::initials_of(&src.manifest);
            let source_name = path.display().to_string();
            let fp = clausier::fingerprint::of(&base);
            let opts = originals::SetOptions { stem: &stem, copies, initials: &initials, source: &source_name, source_fingerprint: &fp, pdf, pages };
            let m = originals::write_set(&output, &doc, &opts)?;
            if !(pdf || pages) && doc.toc_title.is_some() {
                notes.push("note: the sommaire's page numbers are left for Word to fill in on opening; --pages (or --pdf) computes them with LibreOffice".into());
            }
            say(&notes);
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
            let mut notes = clausier::facts::warnings(&clausier::facts::of_avenant(&src, &cs));
            notes.extend(clausier::facts::avenant_after_end(&src, &cs));
            if !quiet {
                say(&notes);
            }
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
            let cal = clausier::calendar::Calendar::from_manifest(&src.manifest).ok_or_else(|| Error::Manifest {
                path: src.manifest_path(),
                msg: if src.manifest.dates.contains_key("adoption") {
                    "dates.adoption is not a date (YYYY-MM-DD): correct it in the manifest, or pass --adoption".into()
                } else {
                    "the convention runs from its adoption, and the manifest states no adoption date: add \"dates\": {\"adoption\": \"YYYY-MM-DD\"} to it, or pass --adoption YYYY-MM-DD".into()
                },
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&cal.to_json()).expect("JSON always serializes"));
            } else {
                print!("{}", cal.text());
            }
            Ok(())
        }
        Cmd::Check { source, avenant } => {
            let path = source.unwrap_or_else(clausier::default_source);
            let src = source::Source::load(&path)?;
            let (what, missing, after_end) = match &avenant {
                Some(a) => {
                    let cs = clausier::avenant::load(a)?;
                    (format!("avenant n° {} to {}", cs.numero, path.display()), clausier::facts::of_avenant(&src, &cs), clausier::facts::avenant_after_end(&src, &cs))
                }
                None => (format!("{} ({})", path.display(), src.manifest.kind), clausier::facts::of_source(&src), None),
            };
            println!("{}", what);
            for m in &missing {
                println!("  missing: {}", m.line());
            }
            if let Some(w) = &after_end {
                println!("  {}", w);
            }
            let needed = missing.iter().filter(|m| m.required).count();
            if needed > 0 {
                return Err(Error::Usage(format!("{} fact{} needed to sign missing (listed above): the originals would print blanks in their place", needed, if needed > 1 { "s" } else { "" })));
            }
            println!("  nothing missing that the originals need");
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
            fsutil::write_atomic(&output, &(writer.write)(&clausier::compare::Revised::unchanged(&doc), &Default::default()))?;
            let mut notes = clausier::facts::warnings(&clausier::facts::of_avenant(&src, &cs));
            notes.extend(clausier::facts::avenant_after_end(&src, &cs));
            say(&notes);
            Ok(())
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
