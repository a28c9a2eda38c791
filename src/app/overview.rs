//! The overview window: the coverage of the event drawn as three tables over
//! the outlets, from `core::overview` (the same numbers `concord report`
//! renders). The stance matrix colours each outlet's stances on a target
//! from against to favor; the coverage grid shows which outlet carries which
//! claim or words, shared ones first, each row opening its page; the speaker
//! table shows who each outlet quotes. A click on a stance or speaker cell
//! lists its annotations below the table.
//!
//! The overview is worked out again only when the set changes, and only
//! while the window or the page shows it.

use crate::app::command::Command;
use crate::app::group_page::{GroupPage, PageView};
use crate::app::registry::excerpt;
use crate::app::widgets::kind_color;
use crate::core::article::Corpus;
use crate::core::model::{AnnotationId, AnnotationSet, EntityId, Kind, KindName, Polarity, Target};
use crate::core::overview::{GroupId, Overview, StanceCell, overview};
use crate::core::validate::Finding;
use egui::accesskit::Role;
use egui::{Color32, Sense, vec2};

/// What the window reads.
pub struct OverviewView<'a> {
    pub set: &'a AnnotationSet,
    pub corpus: &'a Corpus,
    /// Changes with every change to the set (or the corpus).
    pub revision: u64,
    pub findings: &'a [Finding],
    pub selected: Option<&'a AnnotationId>,
    /// Why the set is not complete yet, if it is not: the windows wait.
    pub incomplete: Option<&'a str>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Stances,
    Coverage,
    Speakers,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Stances, Tab::Coverage, Tab::Speakers];

    fn label(self) -> &'static str {
        match self {
            Tab::Stances => "Stance matrix",
            Tab::Coverage => "Coverage grid",
            Tab::Speakers => "Speakers",
        }
    }
}

/// The clicked cell, by what it shows rather than by position, so it stays
/// on the same target or speaker when an edit reorders the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Stances { target: Target, outlet: String },
    Quotes { speaker: EntityId, outlet: String },
}

#[derive(Default)]
pub struct OverviewWindow {
    pub open: bool,
    pub tab: Tab,
    pub picked: Option<Picked>,
    /// The page of one proposition or utterance, opened from the grid.
    pub page: GroupPage,
    cache: Option<(u64, Overview)>,
}

/// Size of one table cell and of the row labels before them.
const CELL: egui::Vec2 = vec2(118.0, 30.0);
const LABEL_WIDTH: f32 = 250.0;

/// Share of the height a table with a listing under it takes.
const LISTED_SHARE: f32 = 0.62;

impl OverviewWindow {
    /// The overview of the set at `view.revision`, worked out once per revision.
    pub fn data(&mut self, view: &OverviewView) -> &Overview {
        if self.cache.as_ref().is_none_or(|(r, _)| *r != view.revision) {
            self.cache = Some((view.revision, overview(view.set, view.corpus)));
        }
        // Filled just above.
        &self.cache.get_or_insert_with(Default::default).1
    }

    /// Both windows, the overview and the page.
    pub fn ui(&mut self, ctx: &egui::Context, view: &OverviewView) -> Vec<Command> {
        if !self.open && !self.page.open {
            return Vec::new();
        }
        if let Some(why) = view.incomplete {
            // Outlets side by side over part of the set would show every
            // article not read yet as an outlet of its own, taking no side.
            egui::Window::new("Overview")
                .id(egui::Id::unique("concord overview"))
                .open(&mut self.open)
                .default_pos([24.0, 40.0])
                .show(ctx, |ui| {
                    ui.weak(format!("Starts once the whole set is read ({why})."));
                });
            return Vec::new();
        }
        self.data(view);
        let Some((_, data)) = self.cache.take() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut open = self.open;
        egui::Window::new("Overview")
            .id(egui::Id::unique("concord overview"))
            .open(&mut open)
            .default_pos([24.0, 40.0])
            .default_size([820.0, 560.0])
            .min_width(420.0)
            .show(ctx, |ui| out = self.window_ui(ui, view, &data));
        self.open = open;
        let page = PageView {
            set: view.set,
            overview: &data,
            findings: view.findings,
            selected: view.selected,
            revision: view.revision,
        };
        out.extend(self.page.window_ui(ctx, &page));
        self.cache = Some((view.revision, data));
        out
    }

    fn window_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &OverviewView,
        data: &Overview,
    ) -> Vec<Command> {
        ui.horizontal(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.label());
            }
            ui.separator();
            ui.weak(format!(
                "{} outlet{} · {} stance target{} · {} propositions and utterances · {} speaker{}",
                data.outlets.len(),
                plural(data.outlets.len()),
                data.stances.targets.len(),
                plural(data.stances.targets.len()),
                data.coverage.rows.len(),
                data.speakers.speakers.len(),
                plural(data.speakers.speakers.len()),
            ));
        });
        ui.separator();
        if data.outlets.is_empty() {
            ui.weak("No articles yet.");
            return Vec::new();
        }
        match self.tab {
            Tab::Stances => self.stances_ui(ui, view, data),
            Tab::Coverage => coverage_ui(ui, data),
            Tab::Speakers => self.speakers_ui(ui, view, data),
        }
    }

    fn stances_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &OverviewView,
        data: &Overview,
    ) -> Vec<Command> {
        let matrix = &data.stances;
        if matrix.targets.is_empty() {
            ui.weak("No stance has both a target and a polarity yet.");
            return Vec::new();
        }
        stance_legend_ui(ui);
        let dark = ui.visuals().dark_mode;
        let mut clicked = None;
        table_ui(
            ui,
            &Table {
                salt: "stance matrix",
                corner: "Target",
                outlets: &data.outlets,
                extra: None,
                share: LISTED_SHARE,
            },
            matrix.targets.len(),
            |ui, row| {
                let target = &matrix.targets[row];
                row_label(ui, &target.label);
                for (col, cell) in matrix.cells[row].iter().enumerate() {
                    let outlet = &data.outlets[col];
                    let picked = Picked::Stances {
                        target: target.target.clone(),
                        outlet: outlet.clone(),
                    };
                    let label = format!(
                        "{outlet} on {}: {} favor, {} against, {} neutral",
                        target.label, cell.favor, cell.against, cell.neutral
                    );
                    let (fill, text) = match cell.total() {
                        0 => (ui.visuals().faint_bg_color, "none".to_owned()),
                        _ => (
                            balance_color(cell.balance(), dark),
                            format!("{} F · {} A · {} N", cell.favor, cell.against, cell.neutral),
                        ),
                    };
                    let ink = match cell.total() {
                        0 => ui.visuals().weak_text_color(),
                        _ => ink_on(fill),
                    };
                    let selected = self.picked.as_ref() == Some(&picked);
                    if cell_ui(ui, fill, &text, ink, &label, selected, None).clicked() {
                        clicked = Some(picked);
                    }
                }
            },
        );
        if let Some(picked) = clicked {
            self.picked = Some(picked);
        }
        ui.separator();
        let Some(Picked::Stances { target, outlet }) = &self.picked else {
            ui.weak("Click a cell to list its stances.");
            return Vec::new();
        };
        let cell = stance_cell(data, target, outlet);
        let label = data
            .stances
            .targets
            .iter()
            .find(|t| &t.target == target)
            .map_or("", |t| t.label.as_str());
        ui.strong(format!(
            "Stances of {outlet} on {} ({})",
            excerpt(label, 60),
            cell.map_or(0, |c| c.stances.len())
        ));
        listing_ui(ui, view, cell.map_or(&[], |c| c.stances.as_slice()))
    }

    fn speakers_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &OverviewView,
        data: &Overview,
    ) -> Vec<Command> {
        let table = &data.speakers;
        if table.speakers.is_empty() {
            ui.weak("No quote names its speaker yet.");
            return Vec::new();
        }
        let most = table
            .speakers
            .iter()
            .flat_map(|s| s.counts.iter().copied())
            .max()
            .unwrap_or(1)
            .max(1);
        let bar = kind_color(KindName::Quote, ui.visuals().dark_mode);
        let mut clicked = None;
        table_ui(
            ui,
            &Table {
                salt: "speaker table",
                corner: "Speaker",
                outlets: &data.outlets,
                extra: Some("all"),
                share: LISTED_SHARE,
            },
            table.speakers.len(),
            |ui, row| {
                let speaker = &table.speakers[row];
                row_label(ui, &speaker.label);
                for (col, &count) in speaker.counts.iter().enumerate() {
                    let outlet = &data.outlets[col];
                    let picked = Picked::Quotes {
                        speaker: speaker.speaker.clone(),
                        outlet: outlet.clone(),
                    };
                    let label = format!(
                        "{outlet} quotes {} {count} time{}",
                        speaker.label,
                        plural(count as usize)
                    );
                    let text = if count == 0 {
                        String::new()
                    } else {
                        count.to_string()
                    };
                    let selected = self.picked.as_ref() == Some(&picked);
                    let share = count as f32 / most as f32;
                    let ink = ui.visuals().text_color();
                    let fill = ui.visuals().faint_bg_color;
                    if cell_ui(ui, fill, &text, ink, &label, selected, Some((bar, share))).clicked()
                    {
                        clicked = Some(picked);
                    }
                }
                ui.add_sized(
                    vec2(CELL.x * 0.5, CELL.y),
                    egui::Label::new(egui::RichText::new(speaker.total().to_string()).strong()),
                );
            },
        );
        if let Some(picked) = clicked {
            self.picked = Some(picked);
        }
        ui.separator();
        let Some(Picked::Quotes { speaker, outlet }) = &self.picked else {
            ui.weak("Click a cell to list its quotes.");
            return Vec::new();
        };
        let row = table.speakers.iter().find(|s| &s.speaker == speaker);
        let col = data.outlets.iter().position(|o| o == outlet);
        let quotes = row
            .zip(col)
            .and_then(|(r, c)| r.quotes.get(c))
            .map_or(&[][..], Vec::as_slice);
        ui.strong(format!(
            "Quotes of {} in {outlet} ({})",
            row.map_or("", |r| r.label.as_str()),
            quotes.len()
        ));
        listing_ui(ui, view, quotes)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The cell of `target` and `outlet`, if both are still in the matrix.
fn stance_cell<'d>(data: &'d Overview, target: &Target, outlet: &str) -> Option<&'d StanceCell> {
    let row = data
        .stances
        .targets
        .iter()
        .position(|t| &t.target == target)?;
    let col = data.outlets.iter().position(|o| o == outlet)?;
    data.stances.cells.get(row)?.get(col)
}

/// Against (red) through neutral (grey) to favor (green).
pub fn balance_color(balance: f32, dark: bool) -> Color32 {
    let (against, neutral, favor) = if dark {
        (
            Color32::from_rgb(0x9c, 0x32, 0x2c),
            Color32::from_rgb(0x5a, 0x5d, 0x63),
            Color32::from_rgb(0x2f, 0x7d, 0x45),
        )
    } else {
        (
            Color32::from_rgb(0xe0, 0x6c, 0x5f),
            Color32::from_rgb(0xc4, 0xc6, 0xcb),
            Color32::from_rgb(0x5c, 0xb8, 0x6f),
        )
    };
    let t = balance.clamp(-1.0, 1.0);
    if t < 0.0 {
        neutral.lerp_to_gamma(against, -t)
    } else {
        neutral.lerp_to_gamma(favor, t)
    }
}

/// Dark text on a light fill, light text on a dark one.
fn ink_on(fill: Color32) -> Color32 {
    let [r, g, b, _] = fill.to_array();
    let luma = 0.299 * r as f32 + 0.587 * g as f32 + 0.114 * b as f32;
    if luma > 140.0 {
        Color32::from_gray(20)
    } else {
        Color32::from_gray(240)
    }
}

fn stance_legend_ui(ui: &mut egui::Ui) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        for (balance, word) in [(-1.0, "against"), (0.0, "neutral or mixed"), (1.0, "favor")] {
            let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
            ui.painter()
                .rect_filled(rect, 3.0, balance_color(balance, dark));
            ui.label(word);
            ui.add_space(6.0);
        }
        ui.weak("F favor · A against · N neutral. Click a cell to list its stances.");
    });
}

/// The frame of a table over the outlets.
struct Table<'a> {
    /// Keeps the scroll positions of the three tables apart.
    salt: &'a str,
    /// The header over the row labels.
    corner: &'a str,
    outlets: &'a [String],
    /// The header of a narrow last column, if any.
    extra: Option<&'a str>,
    /// At most this share of the height left.
    share: f32,
}

/// A table: a header row, then `rows` rows drawn by `row_ui` (a label of
/// [`LABEL_WIDTH`], then one [`CELL`] per outlet), only the visible ones
/// laid out.
fn table_ui(
    ui: &mut egui::Ui,
    table: &Table,
    rows: usize,
    mut row_ui: impl FnMut(&mut egui::Ui, usize),
) {
    let Table {
        salt,
        corner,
        outlets,
        extra,
        share,
    } = *table;
    let height = (ui.available_height() * share - CELL.y).max(CELL.y * 3.0);
    egui::ScrollArea::horizontal()
        .id_salt((salt, "across"))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                row_label(ui, corner).on_hover_text("Rows");
                for outlet in outlets {
                    ui.allocate_ui_with_layout(
                        CELL,
                        egui::Layout::centered_and_justified(egui::Direction::LeftToRight),
                        |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(outlet).strong()).truncate(),
                            )
                        },
                    )
                    .inner
                    .on_hover_text(outlet);
                }
                if let Some(extra) = extra {
                    ui.add_sized(
                        vec2(CELL.x * 0.5, CELL.y),
                        egui::Label::new(egui::RichText::new(extra).strong()),
                    );
                }
            });
            egui::ScrollArea::vertical()
                .id_salt((salt, "down"))
                .max_height(height)
                .auto_shrink([false, true])
                .show_rows(ui, CELL.y, rows, |ui, range| {
                    for row in range {
                        ui.horizontal(|ui| row_ui(ui, row));
                    }
                });
        });
}

/// A row's label, cut to [`LABEL_WIDTH`] with the whole text on hover.
fn row_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.allocate_ui_with_layout(
        vec2(LABEL_WIDTH, CELL.y),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(LABEL_WIDTH);
            ui.add(egui::Label::new(text).truncate())
        },
    )
    .inner
}

/// One clickable cell, painted: `fill`, centred `text`, and optionally a
/// bar of `share` (0..=1) of the width. `label` is what a screen reader
/// (and a test) finds it by, and the hover text.
fn cell_ui(
    ui: &mut egui::Ui,
    fill: Color32,
    text: &str,
    ink: Color32,
    label: &str,
    selected: bool,
    bar: Option<(Color32, f32)>,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(CELL, Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(Role::Button, true, label));
    if ui.is_rect_visible(rect) {
        let rect = rect.shrink(1.5);
        let painter = ui.painter();
        painter.rect_filled(rect, 4.0, fill);
        // With a bar, the number stands right of it rather than over it.
        let mut at = (rect.center(), egui::Align2::CENTER_CENTER);
        if let Some((color, share)) = bar {
            let number = 28.0;
            let mut bar = rect.shrink(5.0);
            bar.set_width((bar.width() - number) * share.clamp(0.0, 1.0));
            if share > 0.0 {
                painter.rect_filled(bar, 3.0, color.gamma_multiply(0.7));
            }
            at = (
                egui::pos2(rect.right() - 6.0, rect.center().y),
                egui::Align2::RIGHT_CENTER,
            );
        }
        let stroke = if selected {
            egui::Stroke::new(2.5, ui.visuals().selection.stroke.color)
        } else if response.hovered() {
            ui.visuals().widgets.hovered.fg_stroke
        } else {
            egui::Stroke::NONE
        };
        painter.rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
        painter.text(
            at.0,
            at.1,
            text,
            egui::TextStyle::Button.resolve(ui.style()),
            ink,
        );
    }
    response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(label)
}

/// Propositions and utterances × outlets, each filled cell with how many of
/// the outlet's annotations carry the group; a click opens its page.
fn coverage_ui(ui: &mut egui::Ui, data: &Overview) -> Vec<Command> {
    let grid = &data.coverage;
    if grid.rows.is_empty() {
        ui.weak("No claim is linked to a proposition and no quote to an utterance yet.");
        return Vec::new();
    }
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        for (kind, word) in [
            (KindName::Claim, "proposition (claims)"),
            (KindName::Quote, "utterance (quotes)"),
        ] {
            let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
            ui.painter().rect_filled(rect, 3.0, kind_color(kind, dark));
            ui.label(word);
            ui.add_space(6.0);
        }
        ui.weak("Shared by the most outlets first. Click a row or a cell to open its page.");
    });
    let mut out = Vec::new();
    let width = data.outlets.len();
    table_ui(
        ui,
        &Table {
            salt: "coverage grid",
            corner: "Proposition or utterance",
            outlets: &data.outlets,
            extra: Some("outlets"),
            share: 1.0,
        },
        grid.rows.len(),
        |ui, row| {
            let row = &grid.rows[row];
            let kind = match row.group {
                GroupId::Proposition(_) => KindName::Claim,
                GroupId::Utterance(_) => KindName::Quote,
            };
            let color = kind_color(kind, dark);
            let open = Command::OpenGroup(row.group.clone());
            let label = ui
                .allocate_ui_with_layout(
                    vec2(LABEL_WIDTH, CELL.y),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(LABEL_WIDTH);
                        let (dot, _) = ui.allocate_exact_size(vec2(8.0, 8.0), Sense::hover());
                        ui.painter().rect_filled(dot, 2.0, color);
                        ui.add(
                            egui::Label::new(&row.label)
                                .truncate()
                                .sense(Sense::click()),
                        )
                    },
                )
                .inner;
            if label
                .on_hover_cursor(egui::CursorIcon::PointingHand)
                .on_hover_text(format!("{}\n\nClick to open its page.", row.label))
                .clicked()
            {
                out.push(open.clone());
            }
            for (col, ids) in row.cells.iter().enumerate() {
                let outlet = &data.outlets[col];
                let short = excerpt(&row.label, 50);
                let (fill, text, ink, label) = match ids.len() {
                    0 => (
                        ui.visuals().faint_bg_color,
                        String::new(),
                        ui.visuals().weak_text_color(),
                        format!("{outlet} does not carry “{short}”"),
                    ),
                    n => {
                        let fill = color.gamma_multiply(if dark { 0.75 } else { 0.85 });
                        (
                            fill,
                            n.to_string(),
                            ink_on(fill),
                            format!("{outlet} carries “{short}” in {n} annotation{}", plural(n)),
                        )
                    }
                };
                if cell_ui(ui, fill, &text, ink, &label, false, None).clicked() {
                    out.push(open.clone());
                }
            }
            ui.add_sized(
                vec2(CELL.x * 0.5, CELL.y),
                egui::Label::new(format!("{} of {width}", row.outlet_count())),
            );
        },
    );
    out
}

/// The annotations of a clicked cell, one per line with what they say; a
/// click selects one.
fn listing_ui(ui: &mut egui::Ui, view: &OverviewView, ids: &[AnnotationId]) -> Vec<Command> {
    let mut out = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("overview listing")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for id in ids {
                let Some(a) = view.set.annotation(id) else {
                    continue;
                };
                let entity = |e: &EntityId| {
                    view.set
                        .entities()
                        .get(e)
                        .map_or_else(|| e.to_string(), |x| x.name.clone())
                };
                let lead = match &a.kind {
                    Kind::Stance(s) => {
                        let polarity = match s.polarity {
                            Some(Polarity::Favor) => "favor",
                            Some(Polarity::Against) => "against",
                            Some(Polarity::Neutral) => "neutral",
                            None => "no polarity",
                        };
                        match &s.holder {
                            Some(h) => format!("{polarity}, held by {}", entity(h)),
                            None => polarity.to_owned(),
                        }
                    }
                    Kind::Quote(q) => q
                        .speaker
                        .as_ref()
                        .map_or_else(|| "quote".to_owned(), entity),
                    Kind::Claim(_) => "claim".to_owned(),
                };
                let text = format!("{lead} · {} · “{}”", a.id, excerpt(a.span.exact(), 140));
                let selected = view.selected == Some(id);
                if ui
                    .add(egui::Button::selectable(selected, text).wrap())
                    .on_hover_text("Select it in its article")
                    .clicked()
                {
                    out.push(Command::SelectAnnotation(id.clone()));
                }
            }
        });
    out
}
