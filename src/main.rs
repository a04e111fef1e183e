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
            if json {
                println!("{}", serde_json::to_string_pretty(&items).map_err(|e| Error::Other(e.to_string()))?);
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
