//! The `clausier` command: a thin shell over the library. Each command is
//! one small function that reads its arguments, calls the library, writes
//! the output and prints the notes; the rules live in the library.

use clap::{Parser, Subcommand};
use clausier::write::{self, Purpose};
use clausier::{avenant, fsutil, source, Error, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "clausier",
    version,
    about = "Conventions de coopération held as a clause library: assemble, amend, compare, sign"
)]
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
    /// Turn a convention written in Markdown or Word into a source directory.
    Import {
        /// The text to import: Markdown, plain lines exported from a word
        /// processor, or a Word document (.docx, tracked changes accepted).
        text: PathBuf,
        /// Output folder: the source directory to create (manifest.json and fragments).
        #[arg(short, long, value_name = "DIR")]
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
        /// The new source, or the convention edited in Word (a .docx built
        /// from OLD; omit with --avenant).
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
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
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
        /// Write into a folder that holds other files (they are kept).
        #[arg(long)]
        force: bool,
    },
    /// The council pack: avenant, consolidated text, redline, tableau, HTML, manifest.
    Dossier {
        /// The source the avenant amends.
        source: PathBuf,
        /// The avenant (change set JSON), or the convention edited in Word
        /// (a .docx built from SOURCE): the avenant is then drafted from it
        /// and joined to the pack.
        avenant: PathBuf,
        /// Output folder: every document of the pack and its manifest.json.
        #[arg(short, long, value_name = "DIR")]
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
    /// Derive the change set that turns OLD into NEW (a source, or the
    /// convention edited in Word).
    Draft {
        /// The source as it stands (the text the avenant amends).
        old: PathBuf,
        /// The source as it should read after the avenant, or a .docx built
        /// from OLD and edited in Word (with Track Changes or without).
        new: PathBuf,
        /// Output file: the change set, JSON.
        #[arg(short, long, value_name = "AVENANT.json")]
        output: PathBuf,
        /// The avenant's number (default: the next after those applied).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
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
        /// Apply even to a text other than the one the avenant amends, and
        /// write into a folder that holds other files (they are kept), the
        /// source itself included.
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
        /// Another text the same avenant amends, with its own change set
        /// (« --and CAHIER-DES-CHARGES B.json »); repeatable. The first text
        /// is the principal one: parties, date and signatures come from it.
        #[arg(long = "and", num_args = 2, value_names = ["SOURCE", "AVENANT.json"], action = clap::ArgAction::Append)]
        and: Vec<PathBuf>,
    },
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Build { source, output, annotate, pages, unmarked } => {
            build(source, &output, clausier::Print { annotate, pages, unmarked })
        }
        Cmd::List { library, json } => list(library, json),
        Cmd::Import { text, output, force } => import(&text, &output, force),
        Cmd::Redline { old, new, avenant, output, table, author, date, stat, format } => redline(
            &old,
            new.as_deref(),
            avenant.as_deref(),
            output.as_deref(),
            table,
            author,
            date,
            stat.then_some(format.as_str()),
        ),
        Cmd::Originals { source, output, copies, avenant, pdf, pages, force } => {
            originals(source, &output, copies, avenant.as_deref(), pdf, pages, force)
        }
        Cmd::Dossier { source, avenant, output, quiet, force } => dossier(&source, &avenant, &output, quiet, force),
        Cmd::Calendrier { source, adoption, json } => calendrier(source, adoption, json),
        Cmd::Check { source, avenant } => check(source, avenant.as_deref()),
        Cmd::Avenant { cmd: AvenantCmd::Draft { old, new, output, numero } } => {
            avenant_draft(&old, &new, &output, numero)
        }
        Cmd::Avenant { cmd: AvenantCmd::Apply { source, avenant, output, force } } => {
            avenant_apply(&source, &avenant, &output, force)
        }
        Cmd::Avenant { cmd: AvenantCmd::Build { source, avenant, output, and } } => {
            avenant_build(&source, &avenant, &and, &output)
        }
    }
}

fn build(source: Option<PathBuf>, output: &Path, how: clausier::Print) -> Result<()> {
    let writer = write::writer_for(output, Purpose::Text)?;
    let src = source::Source::load(&source.unwrap_or_else(clausier::default_source))?;
    fsutil::check_file_output(output, &src.inputs())?;
    let (bytes, notes) = clausier::print(&src, writer, &how, &scratch_beside(output)?)?;
    fsutil::write_atomic(output, &bytes)?;
    say(&notes);
    Ok(())
}

fn list(library: Option<PathBuf>, json: bool) -> Result<()> {
    let (items, mut broken) = source::list(&library.unwrap_or_else(clausier::default_library))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&items).expect("a list always serializes"));
    } else {
        for i in items {
            println!("{:<40} {:<24} {}", i.path, i.kind, i.title);
            for line in i.facts() {
                println!("    {}", line);
            }
        }
    }
    // Each broken source on its own line; the status says some were.
    match broken.pop() {
        None => Ok(()),
        Some(last) => {
            say(&broken.iter().map(|e| e.to_string()).collect::<Vec<_>>());
            Err(last)
        }
    }
}

fn import(text: &Path, output: &Path, force: bool) -> Result<()> {
    fsutil::check_dir_output(output, &[text.to_path_buf()], force, "source")?;
    let imported = clausier::import::import_file(text)?;
    fsutil::write_dir(output, &imported.source.files(), &fsutil::DirOptions { what: "source", force, check: None })?;
    say(&imported.notes);
    // What the text does not state is reported, never guessed.
    if !imported.missing.is_empty() {
        say(&[format!("{}: not found: {}", text.display(), imported.missing.join(", "))]);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn redline(
    old: &Path,
    new: Option<&Path>,
    avenant: Option<&Path>,
    output: Option<&Path>,
    table: bool,
    author: Option<String>,
    date: Option<String>,
    stat: Option<&str>,
) -> Result<()> {
    let v = clausier::redline::versions(old, new, avenant)?;
    say(&v.notes);
    if let Some(format) = stat {
        let st = clausier::compare::stat::Stat::of(&v.revised);
        match format {
            "json" => println!("{}", serde_json::to_string_pretty(&st).expect("a summary always serializes")),
            _ => print!("{}", st.text()),
        }
    }
    let Some(output) = output else {
        return if stat.is_some() { Ok(()) } else { Err(Error::Usage("give -o FILE (or --stat)".into())) };
    };
    let writer = write::writer_for(output, if table { Purpose::Tableau } else { Purpose::Comparison })?;
    fsutil::check_file_output(output, &v.inputs)?;
    fsutil::write_atomic(output, &v.write(writer, author, date)?)
}

fn originals(
    source: Option<PathBuf>,
    output: &Path,
    copies: Option<usize>,
    avenant: Option<&Path>,
    pdf: bool,
    pages: bool,
    force: bool,
) -> Result<()> {
    let path = source.unwrap_or_else(clausier::default_source);
    let mut src = source::Source::load(&path)?;
    fsutil::check_dir_output(
        output,
        &[src.inputs(), avenant.map(Path::to_path_buf).into_iter().collect()].concat(),
        force,
        "signing set",
    )?;
    let p = clausier::originals::prepare(&mut src, &path, avenant, copies)?;
    let source_name = path.display().to_string();
    let opts = clausier::originals::SetOptions {
        stem: &p.stem,
        copies: p.copies,
        initials: &p.initials,
        source: &source_name,
        source_fingerprint: &p.source_fingerprint,
        pdf,
        pages,
        force,
    };
    let m = clausier::originals::write_set(output, &p.doc, &opts)?;
    let mut notes = p.notes;
    if !(pdf || pages) && p.doc.toc_title.is_some() {
        notes.push("note: the sommaire's page numbers are left for Word to fill in on opening; --pages (or --pdf) computes them with LibreOffice".into());
    }
    eprintln!(
        "{} dans {} (empreinte du contenu {})",
        clausier::french::exemplaires(m.copies as u64),
        one_line(&output.display().to_string()),
        m.content_fingerprint
    );
    say(&notes);
    Ok(())
}

fn dossier(source: &Path, avenant_path: &Path, output: &Path, quiet: bool, force: bool) -> Result<()> {
    let src = source::Source::load(source)?;
    let given = clausier::dossier::avenant_for(&src, source, avenant_path)?;
    let cs = &given.avenant;
    fsutil::check_dir_output(
        output,
        &[src.inputs(), vec![avenant_path.to_path_buf()]].concat(),
        force,
        "council pack",
    )?;
    let bar = if quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(7) };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("a fixed, valid template"),
    );
    let mut step = |what: &str| {
        bar.set_message(what.to_string());
        bar.inc(1);
    };
    let m = clausier::dossier::build(&src, &given, avenant_path, output, force, &mut step)?;
    bar.finish_and_clear();
    say(&given.notes);
    if !quiet {
        let mut notes = clausier::facts::warnings(&clausier::facts::of_avenant(&src, cs));
        notes.extend(clausier::facts::avenant_after_end(&src, cs));
        notes.push(format!(
            "dossier de l'avenant n° {} : {} fichiers dans {}",
            m.avenant,
            m.files.len() + 1,
            output.display()
        ));
        say(&notes);
    }
    Ok(())
}

fn calendrier(source: Option<PathBuf>, adoption: Option<String>, json: bool) -> Result<()> {
    let mut src = source::Source::load(&source.unwrap_or_else(clausier::default_source))?;
    if let Some(a) = adoption {
        if clausier::french::Date::parse(&a).is_none() {
            return Err(Error::Usage(format!("--adoption « {} »: expected a date YYYY-MM-DD (year 1 to 9999)", a)));
        }
        src.manifest.dates.insert("adoption".into(), serde_json::Value::String(a));
    }
    let bad = |msg: String| Error::Manifest { path: src.manifest_path(), msg };
    let cal = clausier::calendar::Calendar::from_manifest(&src.manifest).map_err(bad)?.ok_or_else(|| {
        bad(if src.manifest.dates.contains_key("adoption") {
            "dates.adoption is not a date (YYYY-MM-DD): correct it in the manifest, or pass --adoption".into()
        } else {
            "the convention runs from its adoption, and the manifest states no adoption date: add \"dates\": {\"adoption\": \"YYYY-MM-DD\"} to it, or pass --adoption YYYY-MM-DD".into()
        })
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&cal.to_json()).expect("JSON always serializes"));
    } else {
        print!("{}", cal.text());
    }
    Ok(())
}

fn check(source: Option<PathBuf>, avenant: Option<&Path>) -> Result<()> {
    let path = source.unwrap_or_else(clausier::default_source);
    let src = source::Source::load(&path)?;
    let c = clausier::facts::check(&src, &path, avenant)?;
    println!("{}", c.what);
    for m in &c.missing {
        println!("  missing: {}", m.line());
    }
    if let Some(w) = &c.after_end {
        println!("  {}", w);
    }
    match c.missing.iter().filter(|m| m.required).count() {
        0 => {
            println!("  nothing missing that the originals need");
            Ok(())
        }
        n => Err(Error::Usage(format!(
            "{} fact{} needed to sign missing (listed above): the originals would print blanks in their place",
            n,
            if n > 1 { "s" } else { "" }
        ))),
    }
}

fn avenant_draft(old: &Path, new: &Path, output: &Path, numero: Option<u32>) -> Result<()> {
    let o = source::Source::load(old)?;
    let old_doc = clausier::render::assemble(&o, &Default::default())?;
    let n = clausier::word::read_version(new, &old_doc, &old.display().to_string())?;
    fsutil::check_file_output(output, &[o.inputs(), n.inputs.clone()].concat())?;
    let cs = avenant::draft::draft_from(
        &o,
        &old_doc,
        &n.doc,
        &avenant::draft::DraftOptions { numero, base_name: old.display().to_string() },
    )
    .map_err(|e| n.explain(e))?;
    fsutil::write_atomic(output, avenant::to_json(&cs).as_bytes())?;
    say(&n.notes);
    Ok(())
}

fn avenant_apply(source: &Path, path: &Path, output: &Path, force: bool) -> Result<()> {
    let src = source::Source::load(source)?;
    let cs = avenant::load(path)?;
    fsutil::check_dir_output(output, &[src.inputs(), vec![path.to_path_buf()]].concat(), force, "source")?;
    let out = avenant::apply::apply(&src, &cs, path, &avenant::apply::ApplyOptions { force })?;
    // What is put in place is a source `build` accepts, read back as written.
    let check = |staged: &Path| avenant::check_written_source(staged, path);
    fsutil::write_dir(output, &out.files(), &fsutil::DirOptions { what: "source", force, check: Some(&check) })
}

/// `and` holds the other texts amended, as SOURCE, AVENANT.json pairs.
fn avenant_build(source: &Path, path: &Path, and: &[PathBuf], output: &Path) -> Result<()> {
    let writer = write::writer_for(output, Purpose::Text)?;
    let paths: Vec<(&Path, &Path)> =
        std::iter::once((source, path)).chain(and.chunks_exact(2).map(|p| (p[0].as_path(), p[1].as_path()))).collect();
    let mut texts = Vec::new();
    for (source, path) in &paths {
        texts.push((source::Source::load(source)?, avenant::load(path)?, *path));
    }
    let inputs: Vec<PathBuf> =
        texts.iter().flat_map(|(src, _, path)| src.inputs().into_iter().chain([path.to_path_buf()])).collect();
    fsutil::check_file_output(output, &inputs)?;
    let doc =
        avenant::document::build_several(&texts.iter().map(|(src, cs, path)| (src, cs, *path)).collect::<Vec<_>>())?;
    fsutil::write_atomic(output, &(writer.write)(&clausier::compare::Revised::unchanged(&doc), &Default::default()))?;
    let mut notes = clausier::facts::warnings(&clausier::facts::of_avenant_to(
        &texts.iter().map(|(src, cs, _)| (src, cs)).collect::<Vec<_>>(),
    ));
    let principal = &texts[0].1;
    notes.extend(texts.iter().filter_map(|(src, _, _)| clausier::facts::avenant_after_end(src, principal)));
    say(&notes);
    Ok(())
}

/// Notes and warnings, once the output is written (a failed run prints its
/// one line of error, nothing else).
fn say(lines: &[String]) {
    for l in lines {
        eprintln!("clausier: {}", one_line(l));
    }
}

/// The directory of an output, where working files may go (it must exist).
fn scratch_beside(output: &Path) -> Result<PathBuf> {
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), PathBuf::from);
    if !dir.is_dir() {
        return Err(Error::Io {
            path: output.to_path_buf(),
            msg: format!("cannot write: directory {} does not exist", dir.display()),
        });
    }
    Ok(dir)
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
