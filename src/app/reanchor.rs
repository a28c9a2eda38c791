//! The re-anchoring review list: what `core::reanchor` proposes for
//! changed articles, with accept or reject for each move and "accept all
//! moves". Approximate matches (the span's own text was edited) are
//! accepted one by one only; orphans are listed and kept as they are.
//! Accepting sends one edit, so it undoes like any edit.

use crate::app::command::Command;
use crate::core::article::Corpus;
use crate::core::model::{AnnotationId, AnnotationSet, ArticleId};
use crate::core::reanchor::{Outcome, Part, Plan, Proposal, plan, plan_article};
use std::collections::HashSet;

#[derive(Default)]
pub struct ReanchorPanel {
    pub open: bool,
    /// Only the article that was open when the list was asked for.
    scope: Option<ArticleId>,
    plan: Option<Plan>,
    /// Proposals accepted or rejected since the plan was made.
    decided: HashSet<(AnnotationId, Part)>,
}

fn key(p: &Proposal) -> (AnnotationId, Part) {
    (p.annotation.clone(), p.part)
}

fn short(text: &str) -> String {
    const SHOWN: usize = 48;
    let mut s: String = text.chars().take(SHOWN).collect();
    if text.chars().count() > SHOWN {
        s.push('…');
    }
    format!("\u{201C}{s}\u{201D}")
}

impl ReanchorPanel {
    /// Opens the list for one article, or for every article (`None`).
    pub fn show(&mut self, scope: Option<ArticleId>) {
        *self = Self {
            open: true,
            scope,
            ..Self::default()
        };
    }

    /// The review window, while open.
    pub fn window_ui(
        &mut self,
        ctx: &egui::Context,
        set: &AnnotationSet,
        corpus: &Corpus,
        waiting: Option<&str>,
    ) -> Vec<Command> {
        let mut open = self.open;
        let mut out = Vec::new();
        egui::Window::new("Re-anchor")
            .open(&mut open)
            .default_size([760.0, 440.0])
            .show(ctx, |ui| match waiting {
                // A plan of part of the set would list the rest as missing.
                Some(why) => {
                    ui.weak(format!("Starts once the whole set is read ({why})."));
                }
                None => out = self.ui(ui, set, corpus),
            });
        self.open &= open;
        out
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet, corpus: &Corpus) -> Vec<Command> {
        if self.plan.is_none() {
            self.plan = Some(match &self.scope {
                Some(id) => Plan {
                    articles: corpus
                        .get(id)
                        .and_then(|a| plan_article(set, a))
                        .into_iter()
                        .collect(),
                    missing: Vec::new(),
                },
                None => plan(set, corpus),
            });
        }
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        let pending: Vec<&Proposal> = plan
            .proposals()
            .filter(|p| !self.decided.contains(&key(p)))
            .collect();
        let moves = pending.iter().filter(|p| p.outcome.is_certain()).count();
        let mut accepted: Vec<(AnnotationId, Part)> = Vec::new();
        let mut rejected = Vec::new();
        let mut again = false;
        ui.horizontal(|ui| {
            let all = ui.add_enabled(
                moves > 0,
                egui::Button::new(format!("Accept all moves ({moves})")),
            );
            if all
                .on_hover_text(
                    "Moves to the exact stored text; changed text is reviewed one by one",
                )
                .clicked()
            {
                accepted.extend(
                    pending
                        .iter()
                        .filter(|p| p.outcome.is_certain())
                        .map(|p| key(p)),
                );
            }
            again = ui.button("Look again").clicked();
        });
        ui.separator();
        if pending.is_empty() {
            ui.label("Every span and cue is in place.");
        }
        let mut out = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt("reanchor")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for p in &pending {
                    // One line a proposal: the decision first, so the
                    // buttons line up; the texts truncate, whole on hover.
                    ui.horizontal(|ui| {
                        if p.outcome.new_span().is_some() {
                            if ui.small_button("Accept").clicked() {
                                accepted.push(key(p));
                            }
                            if ui.small_button("Reject").clicked() {
                                rejected.push(key(p));
                            }
                        }
                        let (tag, color) = match p.outcome {
                            Outcome::Moved { .. } => ("moved", ui.visuals().text_color()),
                            Outcome::Changed { .. } => ("changed", ui.visuals().warn_fg_color),
                            Outcome::InPlace | Outcome::Orphan => {
                                ("orphan", ui.visuals().error_fg_color)
                            }
                        };
                        ui.colored_label(color, tag);
                        if ui
                            .link(format!("{} {}", p.annotation, p.part.as_str()))
                            .clicked()
                        {
                            out.push(Command::SelectAnnotation(p.annotation.clone()));
                        }
                        let old = &p.old;
                        let (line, detail) = match &p.outcome {
                            Outcome::Moved {
                                span,
                                method,
                                score,
                            } => (
                                format!(
                                    "{}..{} to {}..{}  {}",
                                    old.start,
                                    old.end,
                                    span.start,
                                    span.end,
                                    short(old.exact())
                                ),
                                format!("found by {} ({score:.2})", method.as_str()),
                            ),
                            Outcome::Changed { span, score } => (
                                format!(
                                    "{}..{} to {}..{}  {} to {}",
                                    old.start,
                                    old.end,
                                    span.start,
                                    span.end,
                                    short(old.exact()),
                                    short(span.exact())
                                ),
                                format!(
                                    "its own words were edited: approximate match ({score:.2})\nwas: {}\nnow: {}",
                                    old.exact(), span.exact()
                                ),
                            ),
                            Outcome::InPlace | Outcome::Orphan => (
                                format!("{}..{}  {}", old.start, old.end, short(old.exact())),
                                "not found: kept as it is, with its stored text".to_owned(),
                            ),
                        };
                        ui.add(egui::Label::new(line).truncate())
                            .on_hover_text(format!("{}\n{detail}", old.exact()));
                    });
                }
            });
        if !accepted.is_empty()
            && let Some(edit) = plan.edit(set, corpus, |p| accepted.contains(&key(p)))
        {
            out.push(Command::Edit(edit));
        }
        self.decided.extend(accepted);
        self.decided.extend(rejected);
        if again {
            self.plan = None;
            self.decided.clear();
        }
        out
    }
}
