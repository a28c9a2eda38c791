//! `concord export`: write the set as a dataset.

use super::with_progress;
use clap::Args;
use concord::core::export::{ExportOptions, Format as ExportFormat, export};
use concord::core::model::{ArticleId, KindName};
use concord::core::validate::validate;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_parser = super::one_of(&ExportFormat::ALL, ExportFormat::as_str))]
    format: ExportFormat,
    /// The file to write (a folder for brat).
    #[arg(long)]
    out: PathBuf,
    /// Only these kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = super::one_of(&KindName::ALL, KindName::as_str))]
    kinds: Vec<KindName>,
    /// Only these articles (ids, comma-separated).
    #[arg(long, value_delimiter = ',')]
    articles: Vec<String>,
    /// Only articles from these outlets (comma-separated).
    #[arg(long, value_delimiter = ',')]
    outlets: Vec<String>,
    /// Leave out annotations that have error-level findings.
    #[arg(long)]
    valid_only: bool,
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// Exit 0 when everything chosen was written, 1 when some annotations were
/// left out (listed on stderr), 2 when the export could not run.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let project = super::open_project(&args.dir, None)?;
    let mut options = ExportOptions {
        kinds: args.kinds.iter().copied().collect(),
        articles: args.articles.iter().map(ArticleId::new).collect(),
        outlets: args.outlets.iter().cloned().collect(),
        ..ExportOptions::default()
    };
    if args.valid_only {
        options.leave_out_errors(&validate(&project.set, &project.corpus));
    }
    let format = args.format;
    let report = with_progress("exporting", |progress| {
        export(
            format,
            &project.set,
            &project.corpus,
            &options,
            &args.out,
            progress,
        )
    })?;
    for left in &report.left_out {
        match &left.annotation {
            Some(id) => eprintln!("left out {} in {}: {}", id, left.article, left.reason),
            None => eprintln!("left out: {}", left.reason),
        }
    }
    println!(
        "exported {} annotations from {} articles as {} to {}{}",
        report.annotations,
        report.articles,
        format.as_str(),
        args.out.display(),
        if options.exclude.is_empty() {
            String::new()
        } else {
            format!(
                " ({} annotations with errors left out)",
                options.exclude.len()
            )
        }
    );
    Ok(if report.left_out.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
