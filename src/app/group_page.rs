//! The page of one proposition or utterance: its canonical text, every
//! annotation that carries it, outlet by outlet side by side with the words
//! that differ from the canonical text marked, the validator's findings that
//! name it, and the outlets that do not carry it.

use crate::app::command::Command;
use crate::app::findings::jump;
use crate::app::registry::excerpt;
use crate::app::widgets::kind_color;
use crate::core::model::{AnnotationId, AnnotationSet, KindName};
use crate::core::overview::{GroupId, Overview};
use crate::core::text::diff::{Change, Piece, word_diff};
use crate::core::validate::{Finding, Severity};
use unicode_segmentation::UnicodeSegmentation;

/// What the page reads.
pub struct PageView<'a> {
    pub set: &'a AnnotationSet,
    pub overview: &'a Overview,
    pub findings: &'a [Finding],
    pub selected: Option<&'a AnnotationId>,
    /// Changes with every change to the set; keys the page's diffs.
    pub revision: u64,
}

/// One annotation of the group as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: AnnotationId,
    /// Column in [`Overview::outlets`].
    pub outlet: usize,
    pub title: String,
    /// The annotation's text.
    pub wording: String,
    /// From the canonical text to [`Member::wording`].
    pub pieces: Vec<Piece>,
}

impl Member {
    /// The words of the wording the canonical text does not have, in order.
    pub fn added_words(&self) -> Vec<String> {
        self.words(Change::Insert, &self.wording, |p| &p.new)
    }

    /// The words of `canonical` the wording leaves out, in order.
    pub fn missing_words(&self, canonical: &str) -> Vec<String> {
        self.words(Change::Delete, canonical, |p| &p.old)
    }

    fn words(
        &self,
        change: Change,
        text: &str,
        side: impl Fn(&Piece) -> &std::ops::Range<usize>,
    ) -> Vec<String> {
        self.pieces
            .iter()
            .filter(|p| p.change == change)
            .flat_map(|p| words_of(&char_slice(text, side(p))))
            .collect()
    }
}

/// The words (not spaces or punctuation) of `text`.
fn words_of(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_owned).collect()
}

fn char_slice(text: &str, range: &std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

/// What the page worked out for one group at one revision.
struct Shown {
    revision: u64,
    group: GroupId,
    canonical: String,
    members: Vec<Member>,
}

#[derive(Default)]
pub struct GroupPage {
    pub open: bool,
    group: Option<GroupId>,
    shown: Option<Shown>,
}

impl GroupPage {
    /// Shows the page of `group` (in front, if it was open on another).
    pub fn open(&mut self, group: GroupId) {
        self.group = Some(group);
        self.open = true;
    }

    pub fn group(&self) -> Option<&GroupId> {
        self.group.as_ref()
    }

    /// The members as last shown, in outlet order: what tests compare
    /// against the set.
    pub fn members(&self) -> &[Member] {
        self.shown.as_ref().map_or(&[], |s| s.members.as_slice())
    }

    pub fn window_ui(&mut self, ctx: &egui::Context, view: &PageView) -> Vec<Command> {
        let Some(group) = self.group.clone() else {
            return Vec::new();
        };
        let mut open = self.open;
        let mut out = Vec::new();
        let title = match group {
            GroupId::Proposition(_) => "Proposition page",
            GroupId::Utterance(_) => "Utterance page",
        };
        egui::Window::new(title)
            .id(egui::Id::unique("concord group page"))
            .open(&mut open)
            .default_pos([300.0, 90.0])
            .default_size([900.0, 520.0])
            .min_width(420.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("group page")
                    .auto_shrink([false, true])
                    .show(ui, |ui| out = self.page_ui(ui, view, &group));
            });
        self.open = open;
        out
    }

    fn refresh(&mut self, view: &PageView, group: &GroupId) {
        if self
            .shown
            .as_ref()
            .is_some_and(|s| s.revision == view.revision && &s.group == group)
        {
            return;
        }
        let canonical = canonical(view.set, group);
        let members = view
            .overview
            .row(group)
            .map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .flat_map(|(outlet, ids)| ids.iter().map(move |id| (outlet, id)))
                    .filter_map(|(outlet, id)| {
                        let a = view.set.annotation(id)?;
                        let title = view
                            .set
                            .article(&a.article)
                            .map(|r| r.record.meta.title.trim())
                            .filter(|t| !t.is_empty())
                            .map_or_else(|| a.article.to_string(), str::to_owned);
                        Some(Member {
                            id: id.clone(),
                            outlet,
                            title,
                            pieces: word_diff(&canonical, a.span.exact()),
                            wording: a.span.exact().to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.shown = Some(Shown {
            revision: view.revision,
            group: group.clone(),
            canonical,
            members,
        });
    }

    fn page_ui(&mut self, ui: &mut egui::Ui, view: &PageView, group: &GroupId) -> Vec<Command> {
        self.refresh(view, group);
        let Some(shown) = &self.shown else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let dark = ui.visuals().dark_mode;
        let (noun, kind, id) = match group {
            GroupId::Proposition(p) => ("Proposition", KindName::Claim, p.as_str()),
            GroupId::Utterance(u) => ("Utterance", KindName::Quote, u.as_str()),
        };
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(noun)
                    .strong()
                    .color(kind_color(kind, dark)),
            );
            ui.weak(id);
            if let GroupId::Utterance(u) = group {
                let speaker = view
                    .set
                    .utterances()
                    .get(u)
                    .and_then(|u| u.speaker.as_ref())
                    .map(|s| {
                        view.set
                            .entities()
                            .get(s)
                            .map_or_else(|| s.to_string(), |e| e.name.clone())
                    });
                ui.label(format!(
                    "spoken by {}",
                    speaker.as_deref().unwrap_or("an unknown speaker")
                ));
            }
        });
        ui.add(egui::Label::new(egui::RichText::new(&shown.canonical).size(18.0)).wrap());
        ui.add_space(6.0);

        let outlets = &view.overview.outlets;
        let carrying: Vec<usize> = {
            let mut c: Vec<usize> = shown.members.iter().map(|m| m.outlet).collect();
            c.dedup();
            c
        };
        let missing: Vec<&str> = match view.overview.row(group) {
            Some(row) => view.overview.outlets_missing(row),
            None => outlets.iter().map(String::as_str).collect(),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Carried by {} of {} outlets, in {} annotation{}.",
                carrying.len(),
                outlets.len(),
                shown.members.len(),
                if shown.members.len() == 1 { "" } else { "s" }
            ));
            if missing.is_empty() {
                ui.weak("Every outlet carries it.");
            } else {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("Not carried by: {}", missing.join(", ")),
                );
            }
        });
        ui.add_space(6.0);

        if shown.members.is_empty() {
            ui.weak("No annotation carries it yet.");
        } else {
            legend_ui(ui);
            egui::ScrollArea::horizontal()
                .id_salt("group page members")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    // Columns share the width down to a readable minimum,
                    // then the row scrolls sideways.
                    let gaps = ui.spacing().item_spacing.x + 16.0;
                    let width = (ui.available_width() / carrying.len().max(1) as f32 - gaps)
                        .clamp(COLUMN_MIN, COLUMN_MAX);
                    ui.horizontal_top(|ui| {
                        for &outlet in &carrying {
                            let members = shown.members.iter().filter(|m| m.outlet == outlet);
                            let name = outlets.get(outlet).map_or("", String::as_str);
                            out.extend(column_ui(ui, view, name, width, &shown.canonical, members));
                        }
                    });
                });
        }

        ui.add_space(8.0);
        ui.separator();
        let named = naming(view.findings, group, &shown.members);
        ui.strong(format!("Findings ({})", named.len()));
        if named.is_empty() {
            ui.weak("The validator has nothing to say about it.");
        }
        for finding in named {
            let color = match finding.severity {
                Severity::Error => ui.visuals().error_fg_color,
                Severity::Warning => ui.visuals().warn_fg_color,
                Severity::Info => ui.visuals().weak_text_color(),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(finding.rule).color(color).monospace());
                if ui.link(&finding.message).clicked()
                    && let Some(cmd) = jump(finding)
                {
                    out.push(cmd);
                }
            });
        }
        out
    }
}

/// The statement or wording of `group`; its id when the set lost it.
fn canonical(set: &AnnotationSet, group: &GroupId) -> String {
    match group {
        GroupId::Proposition(p) => set
            .propositions()
            .get(p)
            .map_or_else(|| p.to_string(), |p| p.statement.clone()),
        GroupId::Utterance(u) => set
            .utterances()
            .get(u)
            .map_or_else(|| u.to_string(), |u| u.wording.clone()),
    }
}

/// The findings about `group`: at one of its members, or naming it in
/// their message ("proposition p1", "utterance u2").
fn naming<'f>(findings: &'f [Finding], group: &GroupId, members: &[Member]) -> Vec<&'f Finding> {
    let needle = match group {
        GroupId::Proposition(p) => format!("proposition {p}"),
        GroupId::Utterance(u) => format!("utterance {u}"),
    };
    let names = |message: &str| {
        message.match_indices(&needle).any(|(at, _)| {
            // "proposition p1" must not match "proposition p10".
            message[at + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
        })
    };
    findings
        .iter()
        .filter(|f| {
            names(&f.message)
                || f.locations.iter().any(|l| {
                    l.annotation
                        .as_ref()
                        .is_some_and(|a| members.iter().any(|m| &m.id == a))
                })
        })
        .collect()
}

/// Background of words the canonical text does not have.
fn added_fill(dark: bool) -> egui::Color32 {
    if dark {
        egui::Color32::from_rgb(0x6b, 0x55, 0x10)
    } else {
        egui::Color32::from_rgb(0xff, 0xe5, 0x8f)
    }
}

fn legend_ui(ui: &mut egui::Ui) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        let mut job = egui::text::LayoutJob::default();
        job.append(
            "marked",
            0.0,
            egui::TextFormat {
                background: added_fill(dark),
                color: ui.visuals().strong_text_color(),
                ..Default::default()
            },
        );
        ui.label(job);
        ui.weak("words not in the canonical text. Click a wording to select it.");
    });
}

/// Width of one outlet's column.
const COLUMN_MIN: f32 = 220.0;
const COLUMN_MAX: f32 = 380.0;

/// One outlet's members, each with its article, its wording (differing
/// words marked) and what of the canonical text it leaves out.
fn column_ui<'m>(
    ui: &mut egui::Ui,
    view: &PageView,
    outlet: &str,
    width: f32,
    canonical: &str,
    members: impl Iterator<Item = &'m Member>,
) -> Vec<Command> {
    let mut out = Vec::new();
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        // The row of columns lays out sideways; each column goes down.
        ui.vertical(|ui| {
            ui.set_width(width);
            ui.strong(outlet);
            for m in members {
                ui.add_space(4.0);
                ui.add(egui::Label::new(egui::RichText::new(&m.title).small().weak()).wrap());
                let job = marked(ui, m, dark);
                let selected = view.selected == Some(&m.id);
                let response = ui
                    .add(egui::Button::selectable(selected, job).wrap())
                    .on_hover_text(format!("Select {} in its article", m.id));
                if response.clicked() {
                    out.push(Command::SelectAnnotation(m.id.clone()));
                }
                let missing = m.missing_words(canonical);
                if !missing.is_empty() {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(format!(
                                "Leaves out: {}",
                                excerpt(&missing.join(" "), 120)
                            ))
                            .small()
                            .weak(),
                        )
                        .wrap(),
                    );
                }
            }
        });
    });
    out
}

/// The member's wording with the words the canonical text lacks on a
/// marked background.
fn marked(ui: &egui::Ui, m: &Member, dark: bool) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let mut job = egui::text::LayoutJob::default();
    let format = |background| egui::TextFormat {
        font_id: font.clone(),
        color,
        background,
        ..Default::default()
    };
    let shown: Vec<&Piece> = m
        .pieces
        .iter()
        .filter(|p| p.change != Change::Delete)
        .collect();
    for (i, p) in shown.iter().enumerate() {
        let text = char_slice(&m.wording, &p.new);
        let inserted = |j: Option<usize>| {
            j.and_then(|j| shown.get(j))
                .is_some_and(|p| p.change == Change::Insert)
        };
        // A space the two texts share between two insertions is marked
        // with them: the run reads as one change, not word by word.
        let bridge = p.change == Change::Equal
            && text.trim().is_empty()
            && inserted(i.checked_sub(1))
            && inserted(Some(i + 1));
        if p.change == Change::Equal && !bridge {
            job.append(&text, 0.0, format(egui::Color32::TRANSPARENT));
            continue;
        }
        // An insertion is marked from its first word to its last, not the
        // spaces around it, so neighbouring marks stay apart.
        let core = if bridge { text.as_str() } else { text.trim() };
        let lead = &text[..text.len() - text.trim_start().len()];
        let lead = if bridge { "" } else { lead };
        let tail = &text[lead.len() + core.len()..];
        job.append(lead, 0.0, format(egui::Color32::TRANSPARENT));
        job.append(core, 0.0, format(added_fill(dark)));
        job.append(tail, 0.0, format(egui::Color32::TRANSPARENT));
    }
    job
}
