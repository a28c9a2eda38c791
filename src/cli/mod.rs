//! Command-line parsing: flags are parsed here, turned into calls into
//! `concord::core`, and results printed. Exit codes: 0 fine, 1 findings at
//! error level, 2 could not run.

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use concord::core::progress::Progress;
use concord::core::store::Project;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod export;
mod import;
mod reanchor;
mod report;
mod suggest;
mod validate;

#[derive(Parser)]
#[command(
    name = "concord",
    version,
    about = "Annotate claims, quotes and stances across news outlets, and check them for consistency across sources."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open a project folder in the window (the default, on the current folder).
    Open {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Count articles, annotations per kind, entities, propositions and utterances.
    Stats {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check the set; exit 1 if any finding is an error.
    Validate {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = validate::Format::Text)]
        format: validate::Format,
    },
    /// Write the set as a dataset: jsonl, csv, brat, w3c, conll or set.
    Export(export::ExportArgs),
    /// Read articles or annotations into the project (through undoable edits) and save.
    Import(import::ImportArgs),
    /// Find spans and quote cues of changed articles again; apply the certain moves and save.
    Reanchor(reanchor::ReanchorArgs),
    /// Write the coverage overview as SVG and PNG charts and an index.html.
    Report(report::ReportArgs),
    /// Suggest quotes (with speakers), claims and cross-source links; --apply accepts them all.
    Suggest(suggest::SuggestArgs),
    /// Write a reproducible synthetic project for benchmarks and tests.
    GenCorpus {
        #[arg(long)]
        articles: usize,
        #[arg(long)]
        annotations_per_article: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Parses one of a core enum's values by the name it gives itself, so the
/// command line lists exactly the formats and kinds the core has.
pub(crate) fn one_of<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(all.iter().map(|v| name(*v))).map(move |chosen| {
        // Clap accepted `chosen` only because it is one of these names.
        all.iter()
            .copied()
            .find(|v| name(*v) == chosen)
            .unwrap_or(all[0])
    })
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command.unwrap_or(Command::Open { dir: ".".into() })) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Open { dir } => open(&dir),
        Command::Stats { dir, format } => {
            let project = open_project(&dir, None)?;
            let stats = concord::core::stats::stats(&project.corpus, &project.set);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
                Format::Text => {
                    let a = &stats.annotations;
                    println!("articles      {}", stats.articles);
                    println!(
                        "annotations   {} ({} claims, {} quotes, {} stances)",
                        a.total(),
                        a.claim,
                        a.quote,
                        a.stance
                    );
                    println!("entities      {}", stats.entities);
                    println!("propositions  {}", stats.propositions);
                    println!("utterances    {}", stats.utterances);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { dir, format } => validate::run(&dir, format),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Reanchor(args) => reanchor::run(args),
        Command::Report(args) => report::run(args),
        Command::Suggest(args) => suggest::run(args),
        Command::GenCorpus {
            articles,
            annotations_per_article,
            out,
            seed,
        } => {
            let spec = concord::core::generate::Spec {
                articles,
                annotations_per_article,
                seed,
            };
            concord::core::generate::write_project(&spec, &out)
                .with_context(|| format!("could not write the corpus to {}", out.display()))?;
            println!(
                "wrote {articles} articles with {annotations_per_article} annotations each to {}",
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the project in `dir`: read-only, or for writing when `wait` is
/// given (waiting that many seconds for another writer), and prints what
/// was wrong in its files.
///
/// The project lives until the process ends, which frees it at once:
/// dropping a million annotations one by one first took a tenth of a
/// second of every command. Its locks are OS file locks, which the exit
/// releases too.
pub(crate) fn open_project(dir: &Path, wait: Option<f64>) -> anyhow::Result<&'static mut Project> {
    let project = match wait {
        None => Project::open(dir)?,
        Some(secs) => {
            let wait = std::time::Duration::try_from_secs_f64(secs)
                .map_err(|_| anyhow::anyhow!("--wait takes a number of seconds, got {secs}"))?;
            Project::open_writable(dir, wait)?
        }
    };
    warn(&project);
    Ok(Box::leak(Box::new(project)))
}

/// Prints what was wrong in the project's files that loaded anyway.
fn warn(project: &Project) {
    for p in &project.problems {
        eprintln!("warning: {p}");
    }
}

/// Runs `work` on a worker thread while a terminal progress bar follows
/// its [`Progress`]; the bar stays hidden when stderr is not a terminal.
fn with_progress<T: Send>(label: &str, work: impl FnOnce(&Progress) -> T + Send) -> T {
    let progress = Progress::new();
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_message(label.to_owned());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len}") {
        bar.set_style(style);
    }
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| work(&progress));
        while !worker.is_finished() {
            bar.set_length(progress.total());
            bar.set_position(progress.done());
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join()
    });
    bar.finish_and_clear();
    match result {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(feature = "gui")]
fn open(dir: &Path) -> anyhow::Result<ExitCode> {
    concord::app::run(dir)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open(dir: &Path) -> anyhow::Result<ExitCode> {
    let project = open_project(dir, None)?;
    println!(
        "This build has no window (built without the `gui` feature). It would open {} articles from {} with set {:?} ({} annotations).",
        project.corpus.len(),
        project.corpus.dir.display(),
        project.set.info().name,
        project.set.annotation_count()
    );
    Ok(ExitCode::SUCCESS)
}
