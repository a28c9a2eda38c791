//! `concord import`: read articles or annotations made elsewhere into the
//! project, through the edit path, and save.

use super::with_progress;
use clap::Args;
use concord::core::edit::apply;
use concord::core::import::{Format as ImportFormat, ProblemKind, import};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ImportArgs {
    #[arg(long, value_parser = super::one_of(&ImportFormat::ALL, ImportFormat::as_str))]
    format: ImportFormat,
    /// The file or folder to import.
    path: PathBuf,
    /// The project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Report what would be imported; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Wait up to this many seconds for another process writing the
    /// project to finish; without it, refuse at once (exit 2).
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

/// Exit 0 when every record was imported (or already present), 1 when some
/// were not imported or conflicted (listed), 2 when the import could not run
/// (another process holds the project, or its files changed meanwhile).
pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let project = super::open_project(&args.dir, (!args.dry_run).then_some(args.wait))?;
    let format = args.format;
    let imported = with_progress("reading", |progress| {
        import(format, &args.path, &project.set, &project.corpus, progress)
    })?;
    // Nothing is said to be imported until it is saved.
    if !args.dry_run {
        apply(&mut project.set, imported.edit)?;
        project.save_with_articles(&imported.new_articles)?;
    }
    let r = &imported.report;
    for p in &r.problems {
        println!("{p}");
    }
    println!(
        "{}: {} annotations, {} entities, {} propositions, {} utterances, {} article records, {} new articles; {} not imported, {} conflicts, {} already present",
        if args.dry_run {
            "would import"
        } else {
            "imported"
        },
        r.annotations,
        r.entities,
        r.propositions,
        r.utterances,
        r.records,
        r.articles,
        r.count(ProblemKind::NotImported),
        r.count(ProblemKind::Conflict),
        r.count(ProblemKind::AlreadyPresent),
    );
    let trouble = r.count(ProblemKind::NotImported) + r.count(ProblemKind::Conflict) > 0;
    Ok(if trouble {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
