//! `concord import`: read articles or annotations made elsewhere into the
//! project, through the edit path, and save.

use super::with_progress;
use clap::Args;
use concord::core::edit::apply;
use concord::core::import::{Format as ImportFormat, ProblemKind, import, write_new_articles};
use concord::core::store::Project;
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
}

/// Exit 0 when every record was imported (or already present), 1 when some
/// were not imported or conflicted (listed), 2 when the import could not run.
pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut project = Project::open(&args.dir)?;
    let format = args.format;
    let imported = with_progress("reading", |progress| {
        import(format, &args.path, &project.set, &project.corpus, progress)
    })?;
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
    if !args.dry_run {
        write_new_articles(&imported)?;
        apply(&mut project.set, imported.edit)?;
        project.save()?;
    }
    Ok(if trouble {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
