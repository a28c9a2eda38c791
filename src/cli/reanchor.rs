//! `concord reanchor`: finds every span and quote cue of changed articles
//! again, lists what moved, changed or was lost, and applies the certain
//! moves.

use super::Format;
use concord::core::edit::apply;
use concord::core::reanchor::{Outcome, Plan, Proposal, plan};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReanchorArgs {
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// List what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Also apply approximate matches (the span's own text was edited);
    /// without it they are listed for review only.
    #[arg(long)]
    accept_changed: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Wait up to this many seconds for another process writing the
    /// project to finish; without it, refuse at once (exit 2).
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

/// Shown of a span's text in the listing, in chars.
const SHOWN: usize = 60;

fn shown(text: &str) -> String {
    let mut s: String = text.chars().take(SHOWN).collect();
    if text.chars().count() > SHOWN {
        s.push('…');
    }
    format!("\u{201C}{}\u{201D}", s.replace('\n', "⏎"))
}

fn line(p: &Proposal) -> String {
    let (old, id, part) = (&p.old, &p.annotation, p.part.as_str());
    match &p.outcome {
        Outcome::InPlace => format!("  in place {id} {part}"),
        Outcome::Moved {
            span,
            method,
            score,
        } => format!(
            "  moved    {id} {part} {}..{} → {}..{} {} ({}, {score:.2})",
            old.start,
            old.end,
            span.start,
            span.end,
            shown(old.exact()),
            method.as_str()
        ),
        Outcome::Changed { span, score } => format!(
            "  changed  {id} {part} {}..{} → {}..{} {} → {} ({score:.2})",
            old.start,
            old.end,
            span.start,
            span.end,
            shown(old.exact()),
            shown(span.exact())
        ),
        Outcome::Orphan => format!(
            "  orphan   {id} {part} {}..{} {} (kept as it is)",
            old.start,
            old.end,
            shown(old.exact())
        ),
    }
}

fn text(plan: &Plan) -> String {
    let mut out = String::new();
    // Articles whose anchors are all in place only get their fingerprint.
    for a in plan.articles.iter().filter(|a| !a.proposals.is_empty()) {
        let count = |f: fn(&Outcome) -> bool| a.proposals.iter().filter(|p| f(&p.outcome)).count();
        out.push_str(&format!(
            "article {}: {} moved, {} changed, {} orphans, {} in place\n",
            a.article,
            count(|o| matches!(o, Outcome::Moved { .. })),
            count(|o| matches!(o, Outcome::Changed { .. })),
            count(|o| matches!(o, Outcome::Orphan)),
            a.in_place
        ));
        for p in &a.proposals {
            out.push_str(&line(p));
            out.push('\n');
        }
    }
    for id in &plan.missing {
        out.push_str(&format!(
            "article {id}: no file in the articles folder; not re-anchored\n"
        ));
    }
    out
}

pub fn run(args: ReanchorArgs) -> anyhow::Result<ExitCode> {
    let project = super::open_project(&args.dir, (!args.dry_run).then_some(args.wait))?;
    let plan = plan(&project.set, &project.corpus);
    let accept_changed = args.accept_changed;
    let accept = |p: &Proposal| match p.outcome {
        Outcome::Moved { .. } => true,
        Outcome::Changed { .. } => accept_changed,
        Outcome::InPlace | Outcome::Orphan => false,
    };
    let accepted = plan.proposals().filter(|p| accept(p)).count();
    // Anything neither in place nor accepted stays wrong: exit 1 for it.
    let left = plan
        .proposals()
        .filter(|p| p.outcome != Outcome::InPlace && !accept(p))
        .count();
    let mut applied = 0;
    if !args.dry_run
        && let Some(edit) = plan.edit(&project.set, &project.corpus, accept)
    {
        apply(&mut project.set, edit)?;
        project.save()?;
        applied = accepted;
    }
    let counts = plan.counts();
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "counts": counts,
                "applied": applied,
                "dry_run": args.dry_run,
                "articles": plan.articles,
                "missing": plan.missing,
            }))?
        ),
        Format::Text => {
            print!("{}", text(&plan));
            let verb = if args.dry_run {
                "would apply"
            } else {
                "applied"
            };
            let n = if args.dry_run { accepted } else { applied };
            println!(
                "{} moved, {} changed, {} orphans; {verb} {n}{}",
                counts.moved,
                counts.changed,
                counts.orphans,
                if counts.changed > 0 && !accept_changed {
                    " (changed text is applied only with --accept-changed)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(if left > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
