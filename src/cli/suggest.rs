//! `concord suggest`: the first pass of annotation (quotes with speakers,
//! claims, cross-source links) listed for review, or accepted into the set
//! as one batch with `--apply`.

use super::Format;
use concord::core::edit::apply;
use concord::core::store::Project;
use concord::core::suggest::{
    Group, Options, Proposal, Speaker, SuggestKind, Suggestion, accept_all, suggest,
};
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct SuggestArgs {
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only these kinds (comma-separated): quote, claim, link.
    #[arg(long, value_delimiter = ',', value_parser = super::one_of(&SuggestKind::ALL, SuggestKind::as_str))]
    kinds: Vec<SuggestKind>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Accept every suggestion into the set as one batch and save.
    #[arg(long)]
    apply: bool,
    /// With --apply: wait up to this many seconds for another process
    /// writing the project to finish; without it, refuse at once (exit 2).
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    wait: f64,
}

pub fn run(args: SuggestArgs) -> anyhow::Result<ExitCode> {
    let project = super::open_project(&args.dir, args.apply.then_some(args.wait))?;
    let options = Options { kinds: args.kinds };
    let suggestions = suggest(&project.set, &project.corpus, &options);
    let mut out = match args.format {
        Format::Json => serde_json::to_string_pretty(&json!({
            "suggestions": suggestions.iter().map(to_json).collect::<Vec<_>>()
        }))?,
        Format::Text => text(project, &suggestions),
    };
    if args.apply {
        let author = project.set.info().annotator.clone();
        let edit = accept_all(
            &project.set,
            &project.corpus,
            &suggestions,
            &author,
            jiff::Timestamp::now(),
        )?;
        let before = project.set.annotation_count();
        apply(&mut project.set, edit)?;
        project.save()?;
        let added = project.set.annotation_count() - before;
        // The listing stays valid JSON; the count goes to stderr then.
        let note = format!(
            "accepted {} suggestions: {added} annotations added\n",
            suggestions.len()
        );
        match args.format {
            Format::Json => eprint!("{note}"),
            Format::Text => out.push_str(&note),
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(ExitCode::SUCCESS)
}

fn speaker(s: &Speaker) -> Value {
    match s {
        Speaker::Known(id) => json!(id),
        Speaker::New(name) => json!({ "new": name }),
    }
}

fn to_json(s: &Suggestion) -> Value {
    let mut v = json!({
        "article": s.article,
        "kind": s.kind().as_str(),
        "start": s.span.start,
        "end": s.span.end,
        "text": s.text,
        // Three decimals: an f32 widened to f64 prints with noise digits.
        "score": (f64::from(s.score) * 1000.0).round() / 1000.0,
    });
    let extra = match &s.proposal {
        Proposal::Quote {
            speaker: sp,
            cue,
            mode,
        } => json!({
            "speaker": sp.as_ref().map(speaker),
            "cue_start": cue.as_ref().map(|c| c.start),
            "cue_end": cue.as_ref().map(|c| c.end),
            "mode": mode,
        }),
        Proposal::Claim { worthiness } => json!({ "worthiness": worthiness }),
        Proposal::Link {
            group,
            linked_to,
            existing,
        } => {
            let (key, id) = match group {
                Group::Proposition(p) => ("proposition", json!(p)),
                Group::Utterance(u) => ("utterance", json!(u)),
            };
            json!({ key: id, "linked_to": linked_to, "existing": existing })
        }
    };
    if let (Some(v), Value::Object(extra)) = (v.as_object_mut(), extra) {
        v.extend(extra);
    }
    v
}

/// Shown of a suggestion's text in the listing, in chars.
const SHOWN: usize = 70;

fn text(project: &Project, suggestions: &[Suggestion]) -> String {
    let mut out = String::new();
    for s in suggestions {
        let (line, col) =
            super::validate::line_col(project, &s.article, Some(s.span.start)).unwrap_or((0, 0));
        let mut shown: String = s.text.chars().take(SHOWN).collect();
        if s.text.chars().count() > SHOWN {
            shown.push('…');
        }
        let detail = match &s.proposal {
            Proposal::Quote { speaker: sp, .. } => match sp {
                Some(Speaker::Known(id)) => format!(" speaker {id}"),
                Some(Speaker::New(name)) => format!(" speaker {name} (new)"),
                None => " speaker unknown".to_owned(),
            },
            Proposal::Claim { worthiness } => format!(" {worthiness:?}"),
            Proposal::Link {
                group, linked_to, ..
            } => {
                let group = match group {
                    Group::Proposition(Some(p)) => format!("proposition {p}"),
                    Group::Utterance(Some(u)) => format!("utterance {u}"),
                    Group::Proposition(None) => "a new proposition".to_owned(),
                    Group::Utterance(None) => "a new utterance".to_owned(),
                };
                format!(" as {linked_to} ({group})")
            }
        };
        out.push_str(&format!(
            "{}:{line}:{col} {} {:.2} \u{201C}{}\u{201D}{detail}\n",
            s.article,
            s.kind().as_str(),
            s.score,
            shown.replace('\n', "⏎"),
        ));
    }
    out.push_str(&format!("{} suggestions\n", suggestions.len()));
    out
}
