//! The findings panel: what the validator found, grouped by rule or by
//! article, filtered by severity. A click jumps to the annotation (or the
//! span); a finding with several locations lists each, so every side of a
//! clash is one click away. "Apply fix" sends the fix's edit, so it undoes
//! like any edit.

use crate::app::command::Command;
use crate::core::validate::{Finding, Location, RULES, Severity};
use std::collections::BTreeMap;

/// Findings shown per group before "… N more": enough to work through,
/// few enough that a set with 100,000 findings stays responsive.
const SHOWN_PER_GROUP: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Rule,
    Article,
}

pub struct FindingsPanel {
    pub group_by: GroupBy,
    /// Whether errors, warnings and infos are shown.
    pub show_errors: bool,
    pub show_warnings: bool,
    pub show_infos: bool,
}

impl Default for FindingsPanel {
    fn default() -> Self {
        Self {
            group_by: GroupBy::Rule,
            show_errors: true,
            show_warnings: true,
            show_infos: true,
        }
    }
}

/// What a click on a finding asks for: its first annotation, else its
/// first span, else its article.
pub fn jump(finding: &Finding) -> Option<Command> {
    let at = finding
        .locations
        .iter()
        .find(|l| l.annotation.is_some())
        .or_else(|| finding.locations.first())?;
    Some(jump_to(at))
}

/// Selects the annotation at `at`, else reveals its span or opens its article.
pub fn jump_to(at: &Location) -> Command {
    match (&at.annotation, at.start) {
        (Some(id), _) => Command::SelectAnnotation(id.clone()),
        (None, Some(start)) => Command::RevealSpan {
            article: at.article.clone(),
            start,
            end: at.end.unwrap_or(start),
        },
        (None, None) => Command::OpenArticle(at.article.clone()),
    }
}

/// A location as a link label: `article:start`, or the article.
fn place(l: &Location) -> String {
    match l.start {
        Some(start) => format!("{}:{start}", l.article),
        None => l.article.to_string(),
    }
}

fn rule_title(code: &str) -> String {
    match RULES.iter().find(|r| r.code == code) {
        Some(rule) => format!("{code} {}", rule.name),
        None => code.to_owned(),
    }
}

fn severity_color(ui: &egui::Ui, severity: Severity) -> egui::Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
        Severity::Info => ui.visuals().weak_text_color(),
    }
}

impl FindingsPanel {
    pub fn new() -> Self {
        Self::default()
    }

    fn shows(&self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.show_errors,
            Severity::Warning => self.show_warnings,
            Severity::Info => self.show_infos,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, findings: &[Finding]) -> Vec<Command> {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        ui.horizontal_wrapped(|ui| {
            ui.toggle_value(
                &mut self.show_errors,
                format!("Errors ({})", count(Severity::Error)),
            );
            ui.toggle_value(
                &mut self.show_warnings,
                format!("Warnings ({})", count(Severity::Warning)),
            );
            ui.toggle_value(
                &mut self.show_infos,
                format!("Info ({})", count(Severity::Info)),
            );
            ui.separator();
            ui.label("Group by");
            ui.selectable_value(&mut self.group_by, GroupBy::Rule, "rule");
            ui.selectable_value(&mut self.group_by, GroupBy::Article, "article");
        });
        ui.separator();
        let mut groups: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
        for f in findings.iter().filter(|f| self.shows(f.severity)) {
            let key = match self.group_by {
                GroupBy::Rule => rule_title(f.rule),
                GroupBy::Article => f
                    .locations
                    .first()
                    .map_or_else(|| "the whole set".to_owned(), |l| l.article.to_string()),
            };
            groups.entry(key).or_default().push(f);
        }
        if groups.is_empty() {
            ui.label(if findings.is_empty() {
                "No findings."
            } else {
                "No findings at the chosen severities."
            });
            return vec![];
        }
        let mut out = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt("findings")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (key, group) in &groups {
                    egui::CollapsingHeader::new(format!("{key} ({})", group.len()))
                        .id_salt((self.group_by == GroupBy::Rule, key))
                        .default_open(true)
                        .show(ui, |ui| {
                            for f in group.iter().take(SHOWN_PER_GROUP) {
                                out.extend(self.finding_ui(ui, f));
                            }
                            if group.len() > SHOWN_PER_GROUP {
                                ui.weak(format!(
                                    "… and {} more; hide a severity or group by article to narrow",
                                    group.len() - SHOWN_PER_GROUP
                                ));
                            }
                        });
                }
            });
        out
    }

    fn finding_ui(&self, ui: &mut egui::Ui, f: &Finding) -> Option<Command> {
        let mut cmd = None;
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                severity_color(ui, f.severity),
                format!("{}[{}]", f.severity.as_str(), f.rule),
            );
            let text = match f.locations.as_slice() {
                [one] => format!("{} ({})", f.message, place(one)),
                _ => f.message.clone(),
            };
            if ui.link(text).clicked() {
                cmd = jump(f);
            }
            if let Some(fix) = &f.fix
                && ui.button("Apply fix").on_hover_text(&fix.label).clicked()
            {
                cmd = Some(Command::Edit(fix.edit.clone()));
            }
        });
        if f.locations.len() > 1 {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(16.0);
                ui.weak("at");
                for l in &f.locations {
                    let label = match &l.annotation {
                        Some(id) => format!("{} ({id})", place(l)),
                        None => place(l),
                    };
                    if ui.small_button(label).clicked() {
                        cmd = Some(jump_to(l));
                    }
                }
            });
        }
        cmd
    }
}
