//! The `clausier` command: a thin shell over the library. Each command is
//! one small function that reads its arguments, calls the library, writes
//! the output and prints the notes; the rules live in the library.

#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use clausier::write::{self, Purpose};
use clausier::{avenant, fsutil, source, Error, Misuse, Result};
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
    /// Assemble a source into a document (.docx, .odt, .pdf, .html, .md or .txt).
    Build {
        /// Source directory, with its manifest.json (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// Output file; its extension chooses the format: .docx, .odt, .pdf (PDF/A-2b), .html, .md or .txt.
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
        /// Output file: .docx or .odt (tracked changes, or the tableau with --table), .pdf (PDF/A-2b of either), or .html (the HTML view).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write the tableau comparatif instead of tracked changes (.docx, .odt or .pdf).
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
        /// The format of the originals: docx, odt, or pdf (PDF/A-2b, laid
        /// out by LibreOffice from the DOCX) — the writers made for pages.
        #[arg(long, default_value = "docx", value_parser = clap::builder::PossibleValuesParser::new(write::formats(Purpose::Originals)))]
        format: String,
        /// Also write a PDF/A of each original beside it (laid out by
        /// LibreOffice, whose sommaire shows the page of each division).
        #[arg(long)]
        pdf: bool,
        /// Lay the originals out with LibreOffice to print the sommaire's
        /// page numbers in the DOCX (implied by --pdf).
        #[arg(long)]
        pages: bool,
        /// Write into a folder that holds other files (they are kept).
        #[arg(long)]
        force: bool,
        /// Print them even though facts they need are missing, as a draft
        /// marked « PROJET » on every page (without it, missing facts are
        /// refused, each named with the `clausier facts … --set` that fills it).
        #[arg(long)]
        projet: bool,
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
        /// No PDF (and so no @CTES folder): the editable pieces only, without
        /// LibreOffice.
        #[arg(long)]
        no_pdf: bool,
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
    /// place, number of originals, each by the name `facts --set` takes.
    /// Fails when a fact the originals need is missing.
    Check {
        /// Source directory (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// Check the facts of this avenant (change set JSON) to the source instead.
        #[arg(long, value_name = "AVENANT.json")]
        avenant: Option<PathBuf>,
    },
    /// Every fact of a source (or of an avenant to it): value, where it came
    /// from, what needs it; `--set NAME=VALUE` sets one by the name `check`
    /// prints.
    Facts {
        /// Source directory (default: clauses/paris-ivry).
        source: Option<PathBuf>,
        /// The facts of this avenant (change set JSON) to the source.
        #[arg(long, value_name = "AVENANT.json")]
        avenant: Option<PathBuf>,
        /// Set a fact: « parties[paris].deliberation.numero=2026 SG 123 »,
        /// « dates.signature=10 mars 2026 », « originaux=4 » (repeatable; an
        /// empty value removes it). The files are written once all are checked.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<clausier::facts::Assignment>,
        /// Print JSON (name, label, value, origin, needed_by, blank, kind).
        #[arg(long)]
        json: bool,
    },
    /// The desk: a web application over the library, in French, for the
    /// legal service (bibliothèque, conventions, avenants, échéancier).
    #[cfg(feature = "desk")]
    Serve {
        /// Library directory (default: clauses/).
        #[arg(long, value_name = "DIR")]
        library: Option<PathBuf>,
        /// Address to listen on; any but 127.0.0.1 or ::1 needs --auth.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// Accounts file (NAME:argon2-hash a line): every page asks to log in.
        #[arg(long, value_name = "FILE")]
        auth: Option<PathBuf>,
        /// Work folder: avenants in preparation, jobs' outputs (default: LIBRARY/.bureau).
        #[arg(long, value_name = "DIR")]
        work: Option<PathBuf>,
        /// Add (or change) an account in the --auth FILE, its password read
        /// from standard input, then exit.
        #[arg(long, value_name = "NAME", requires = "auth")]
        add_user: Option<String>,
        /// Mark the session cookie Secure (the desk is reached through HTTPS).
        #[arg(long)]
        secure_cookies: bool,
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
    /// Build the avenant document (.docx, .odt, .pdf, .html, .md or .txt).
    Build {
        /// The source the avenant amends.
        source: PathBuf,
        /// The avenant (change set JSON).
        avenant: PathBuf,
        /// Output file; its extension chooses the format: .docx, .odt, .pdf (PDF/A-2b), .html, .md or .txt.
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
        Cmd::Originals { source, output, copies, avenant, format, pdf, pages, force, projet } => originals(
            source,
            &output,
            copies,
            avenant.as_deref(),
            Layout { format: write::writer(&format), pdf, pages },
            force,
            projet,
        ),
        Cmd::Dossier { source, avenant, output, quiet, force, no_pdf } => {
            dossier(&source, &avenant, &output, quiet, &clausier::dossier::Options { force, pdf: !no_pdf })
        }
        Cmd::Calendrier { source, adoption, json } => calendrier(source, adoption, json),
        Cmd::Check { source, avenant } => check(source, avenant.as_deref()),
        Cmd::Facts { source, avenant, set, json } => facts(source, avenant.as_deref(), &set, json),
        #[cfg(feature = "desk")]
        Cmd::Serve { library, bind, auth, work, add_user, secure_cookies } => {
            serve(library, bind, auth, work, add_user, secure_cookies)
        }
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
        return if stat.is_some() { Ok(()) } else { Err(Error::Usage(Misuse::OutputOrStat)) };
    };
    let writer = write::writer_for(output, if table { Purpose::Tableau } else { Purpose::Comparison })?;
    fsutil::check_file_output(output, &v.inputs)?;
    fsutil::write_atomic(output, &v.write(writer, author, date, &scratch_beside(output)?)?)
}

/// How `originals` writes its documents: their format, with a PDF each, or
/// their pages only.
struct Layout {
    format: &'static write::Writer,
    pdf: bool,
    pages: bool,
}

fn originals(
    source: Option<PathBuf>,
    output: &Path,
    copies: Option<usize>,
    avenant: Option<&Path>,
    Layout { format, pdf, pages }: Layout,
    force: bool,
    projet: bool,
) -> Result<()> {
    let path = source.unwrap_or_else(clausier::default_source);
    let req =
        clausier::originals::Request { source: &path, output, copies, avenant, format, pdf, pages, force, projet };
    let (m, notes) = clausier::originals::make(&req)?;
    eprintln!(
        "{} dans {} (empreinte du contenu {})",
        clausier::french::exemplaires(m.copies as u64),
        one_line(&output.display().to_string()),
        m.content_fingerprint
    );
    say(&notes);
    Ok(())
}

fn dossier(
    source: &Path,
    avenant_path: &Path,
    output: &Path,
    quiet: bool,
    opts: &clausier::dossier::Options,
) -> Result<()> {
    let src = source::Source::load(source)?;
    let given = clausier::dossier::avenant_for(&src, source, avenant_path)?;
    let cs = &given.avenant;
    fsutil::check_dir_output(
        output,
        &[src.inputs(), vec![avenant_path.to_path_buf()]].concat(),
        opts.force,
        "council pack",
    )?;
    let steps = clausier::dossier::steps(&src, opts);
    let bar = if quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(steps) };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} {msg}")
            .expect("a fixed, valid template"),
    );
    // LibreOffice takes seconds: the spinner says the run goes on.
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut step = |what: &str| {
        bar.set_message(what.to_string());
        bar.inc(1);
    };
    let report = clausier::dossier::build(&src, &given, avenant_path, output, opts, &mut step)?;
    bar.finish_and_clear();
    say(&given.notes);
    if !quiet {
        let mut notes = clausier::facts::warnings(&clausier::facts::of_avenant(&src, cs));
        notes.extend(clausier::facts::avenant_after_end(&src, cs));
        notes.extend(clausier::dossier::summary(&report, output));
        say(&notes);
    }
    Ok(())
}

fn calendrier(source: Option<PathBuf>, adoption: Option<String>, json: bool) -> Result<()> {
    let src = source::Source::load(&source.unwrap_or_else(clausier::default_source))?;
    let cal = clausier::calendar::Calendar::of_source(&src, adoption.as_deref())?;
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
        count => Err(Error::Usage(Misuse::FactsMissing {
            count,
            text: path.to_path_buf(),
            avenant: avenant.map(Path::to_path_buf),
        })),
    }
}

fn facts(
    source: Option<PathBuf>,
    avenant: Option<&Path>,
    set: &[clausier::facts::Assignment],
    json: bool,
) -> Result<()> {
    let path = source.unwrap_or_else(clausier::default_source);
    let mut files = clausier::facts::FactFiles::open(&path, avenant)?;
    // Every value checked before any file is written: all or nothing.
    let mut done = Vec::new();
    for a in set {
        done.push(files.set(&a.name, &a.value)?);
    }
    files.save()?;
    let shown = if set.is_empty() { files.list() } else { done };
    if json {
        println!("{}", serde_json::to_string_pretty(&shown).expect("facts always serialize"));
        return Ok(());
    }
    if set.is_empty() {
        println!(
            "{}",
            avenant.map_or_else(|| path.display().to_string(), |a| format!("{} → {}", path.display(), a.display()))
        );
    }
    for f in &shown {
        println!("{}", clausier::facts::line(f));
    }
    Ok(())
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
    let laying = write::Laying { pages: false, scratch: &scratch_beside(output)? };
    let (bytes, _) = writer.produce(&doc, &Default::default(), &laying)?;
    fsutil::write_atomic(output, &bytes)?;
    let mut notes = clausier::facts::warnings(&clausier::facts::of_avenant_to(
        &texts.iter().map(|(src, cs, _)| (src, cs)).collect::<Vec<_>>(),
    ));
    let principal = &texts[0].1;
    notes.extend(texts.iter().filter_map(|(src, _, _)| clausier::facts::avenant_after_end(src, principal)));
    say(&notes);
    Ok(())
}

#[cfg(feature = "desk")]
fn serve(
    library: Option<PathBuf>,
    bind: std::net::SocketAddr,
    auth: Option<PathBuf>,
    work: Option<PathBuf>,
    add_user: Option<String>,
    secure_cookies: bool,
) -> Result<()> {
    if let (Some(name), Some(file)) = (&add_user, &auth) {
        let mut password = String::new();
        std::io::stdin().read_line(&mut password).map_err(|e| Error::Usage(Misuse::ReadingPassword(e)))?;
        clausier::desk::add_user(file, name, password.trim_end_matches(['\n', '\r']))?;
        eprintln!("clausier: compte « {} » enregistré dans {}", name, one_line(&file.display().to_string()));
        return Ok(());
    }
    let mut config = clausier::desk::Config::local(library.unwrap_or_else(clausier::default_library));
    if let Some(w) = work {
        config.work = w;
    }
    config.users = auth.as_deref().map(clausier::desk::Users::load).transpose()?;
    config.secure_cookies = secure_cookies;
    clausier::desk::serve(config, bind)
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
    let code = match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clausier: {}", one_line(&e.to_string()));
            ExitCode::FAILURE
        }
    };
    let _over = fsutil::run_over();
    code
}
