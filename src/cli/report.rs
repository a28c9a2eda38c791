//! `concord report`: the coverage overview as charts and a page, for
//! readers who do not run Concord.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ReportArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The folder to write into (made if missing; earlier report files in it are replaced).
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let project = super::open_project(&args.dir, None)?;
    let written = concord::core::report::write_report(&project.set, &project.corpus, &args.out)?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
