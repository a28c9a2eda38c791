//! The three overview charts as one kind of picture: a grid with row labels
//! on the left, outlets across the top and a coloured, written cell per
//! row and outlet. Built from [`Overview`] here, drawn by `plotters` onto
//! any backend, so the SVG and the PNG are the same drawing.

use crate::core::overview::{GroupId, Overview, StanceCell};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};
use unicode_segmentation::UnicodeSegmentation as _;

/// The family every text is drawn in; registered with the embedded font,
/// and in an SVG left to the viewer's own sans-serif.
const FAMILY: FontFamily<'static> = FontFamily::SansSerif;
const TEXT: f64 = 14.0;
const TITLE: f64 = 20.0;
const MARGIN: i32 = 16;
const ROW: i32 = 28;
const GAP: i32 = 12;
const MIN_COLUMN: i32 = 84;
const MAX_COLUMN: i32 = 200;
const MAX_LABEL: i32 = 440;
/// Row labels longer than this many characters are shortened; the HTML
/// tables have them in full.
const LABEL_CHARS: usize = 60;

pub(crate) const FAVOR: RGBColor = RGBColor(33, 102, 172);
pub(crate) const AGAINST: RGBColor = RGBColor(178, 24, 43);
const EVEN: RGBColor = RGBColor(247, 247, 247);
const VACANT: RGBColor = RGBColor(232, 232, 232);
const CARRIED: RGBColor = RGBColor(27, 120, 111);
const BAR: RGBColor = RGBColor(69, 117, 180);
const INK: RGBColor = RGBColor(30, 30, 30);
const RULE: RGBColor = RGBColor(200, 200, 200);

/// One chart before it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Chart {
    pub title: String,
    /// How to read the cells.
    pub legend: String,
    pub columns: Vec<String>,
    pub rows: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
    /// Said instead of a grid when there are no rows.
    pub empty: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cell {
    pub fill: RGBColor,
    /// A bar across this fraction (0..=1) of the cell, over `fill`.
    pub bar: Option<f64>,
    pub text: String,
}

impl Cell {
    fn vacant() -> Self {
        Cell {
            fill: VACANT,
            bar: None,
            text: String::new(),
        }
    }
}

/// The colour of a stance balance: red (all against) through near-white
/// (even) to blue (all favor).
pub(crate) fn balance_colour(balance: f32) -> RGBColor {
    let t = f64::from(balance.clamp(-1.0, 1.0));
    let (to, t) = if t < 0.0 { (AGAINST, -t) } else { (FAVOR, t) };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(EVEN.0, to.0), mix(EVEN.1, to.1), mix(EVEN.2, to.2))
}

/// Black or white, whichever reads on `fill`.
pub(crate) fn ink_on(fill: RGBColor) -> RGBColor {
    let luma = 0.299 * f64::from(fill.0) + 0.587 * f64::from(fill.1) + 0.114 * f64::from(fill.2);
    if luma < 140.0 { WHITE } else { INK }
}

/// A stance cell's counts as the charts and tables write them.
pub(crate) fn stance_counts(c: &StanceCell) -> String {
    format!("{} / {} / {}", c.favor, c.against, c.neutral)
}

pub(crate) fn stances(o: &Overview) -> Chart {
    let m = &o.stances;
    Chart {
        title: "Stances by outlet".into(),
        legend: "Cells: favor / against / neutral. Blue leans favor, red against, pale is even."
            .into(),
        columns: o.outlets.clone(),
        rows: m.targets.iter().map(|t| t.label.clone()).collect(),
        cells: m
            .cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| match c.total() {
                        0 => Cell::vacant(),
                        _ => Cell {
                            fill: balance_colour(c.balance()),
                            bar: None,
                            text: stance_counts(c),
                        },
                    })
                    .collect()
            })
            .collect(),
        empty: "No stance has a target and a polarity yet.",
    }
}

/// The row label of a coverage row: what kind of group, then its text.
pub(crate) fn group_kind(g: &GroupId) -> &'static str {
    match g {
        GroupId::Proposition(_) => "Claim",
        GroupId::Utterance(_) => "Quote",
    }
}

pub(crate) fn coverage(o: &Overview) -> Chart {
    Chart {
        title: "Which outlet carries which claim and quote".into(),
        legend: "Filled: the outlet carries it (the number of its annotations). Shared ones first."
            .into(),
        columns: o.outlets.clone(),
        rows: o
            .coverage
            .rows
            .iter()
            .map(|r| format!("{}: {}", group_kind(&r.group), r.label))
            .collect(),
        cells: o
            .coverage
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| match c.len() {
                        0 => Cell::vacant(),
                        n => Cell {
                            fill: CARRIED,
                            bar: None,
                            text: n.to_string(),
                        },
                    })
                    .collect()
            })
            .collect(),
        empty: "No claim or quote is linked to a proposition or utterance yet.",
    }
}

pub(crate) fn speakers(o: &Overview) -> Chart {
    let rows = &o.speakers.speakers;
    let most = rows
        .iter()
        .flat_map(|r| r.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    Chart {
        title: "Who is quoted by which outlet".into(),
        legend: "Quotes per speaker and outlet; bars to scale, most quoted first.".into(),
        columns: o.outlets.clone(),
        rows: rows.iter().map(|r| r.label.clone()).collect(),
        cells: rows
            .iter()
            .map(|r| {
                r.counts
                    .iter()
                    .map(|&n| match n {
                        0 => Cell::vacant(),
                        n => Cell {
                            fill: WHITE,
                            bar: Some(f64::from(n) / f64::from(most)),
                            text: n.to_string(),
                        },
                    })
                    .collect()
            })
            .collect(),
        empty: "No quote has a speaker yet.",
    }
}

/// `text` cut to at most `chars` grapheme clusters, with an ellipsis.
pub(crate) fn shorten(text: &str, chars: usize) -> String {
    let text = text.trim();
    if text.graphemes(true).count() <= chars {
        return text.to_owned();
    }
    let mut out: String = text.graphemes(true).take(chars.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FAMILY, size, FontStyle::Normal)
}

fn width_of(text: &str, size: f64) -> i32 {
    font(size)
        .box_size(text)
        .map_or(text.chars().count() as i32 * size as i32, |(w, _)| w as i32)
}

/// `text` shortened until it is at most `px` wide.
fn fit(text: &str, px: i32, size: f64) -> String {
    let mut chars = text.graphemes(true).count();
    let mut out = text.to_owned();
    while chars > 1 && width_of(&out, size) > px {
        chars -= 1;
        out = shorten(text, chars);
    }
    out
}

/// Where everything goes, worked out once for both backends.
pub(crate) struct Layout {
    pub size: (u32, u32),
    label: i32,
    column: i32,
    top: i32,
    rows: Vec<String>,
    columns: Vec<String>,
}

pub(crate) fn layout(chart: &Chart) -> Layout {
    let rows: Vec<String> = chart.rows.iter().map(|r| shorten(r, LABEL_CHARS)).collect();
    let label = rows
        .iter()
        .map(|r| width_of(r, TEXT))
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    let rows: Vec<String> = rows.iter().map(|r| fit(r, label, TEXT)).collect();
    let column = chart
        .columns
        .iter()
        .map(|c| width_of(c, TEXT) + GAP)
        .max()
        .unwrap_or(0)
        .clamp(MIN_COLUMN, MAX_COLUMN);
    let columns = chart
        .columns
        .iter()
        .map(|c| fit(c, column - GAP, TEXT))
        .collect();
    let top = MARGIN + TITLE as i32 + GAP + TEXT as i32 + 2 * GAP + ROW;
    let grid = label + GAP + column * chart.columns.len() as i32;
    let text = width_of(&chart.title, TITLE)
        .max(width_of(&chart.legend, TEXT))
        .max(width_of(chart.empty, TEXT));
    let width = 2 * MARGIN + grid.max(text);
    let height = top + ROW * chart.rows.len().max(1) as i32 + MARGIN;
    Layout {
        size: (width.max(1) as u32, height.max(1) as u32),
        label,
        column,
        top,
        rows,
        columns,
    }
}

/// A rectangle of a drawn chart, filled or outlined.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Shape {
    pub from: (i32, i32),
    pub to: (i32, i32),
    pub colour: RGBColor,
    pub filled: bool,
}

/// A line of text of a drawn chart, vertically centred on `at.1`.
#[derive(Clone)]
pub(crate) struct Label {
    pub text: String,
    pub at: (i32, i32),
    pub size: f64,
    pub colour: RGBColor,
    pub h: HPos,
}

/// What a chart draws, in drawing order (labels over shapes).
#[derive(Clone, Default)]
pub(crate) struct Scene {
    pub shapes: Vec<Shape>,
    pub labels: Vec<Label>,
}

impl Scene {
    fn rect(&mut self, from: (i32, i32), to: (i32, i32), colour: RGBColor, filled: bool) {
        self.shapes.push(Shape {
            from,
            to,
            colour,
            filled,
        });
    }

    fn text(&mut self, text: &str, at: (i32, i32), size: f64, colour: RGBColor, h: HPos) {
        self.labels.push(Label {
            text: text.to_owned(),
            at,
            size,
            colour,
            h,
        });
    }
}

/// Lays `chart` out at `l` as shapes and labels.
pub(crate) fn scene(chart: &Chart, l: &Layout) -> Scene {
    let mut s = Scene::default();
    let (w, h) = l.size;
    s.rect((0, 0), (w as i32, h as i32), WHITE, true);
    let title_y = MARGIN + TITLE as i32 / 2;
    s.text(&chart.title, (MARGIN, title_y), TITLE, INK, HPos::Left);
    let legend_y = title_y + TITLE as i32 / 2 + GAP + TEXT as i32 / 2;
    s.text(&chart.legend, (MARGIN, legend_y), TEXT, INK, HPos::Left);
    if chart.rows.is_empty() {
        s.text(
            chart.empty,
            (MARGIN, l.top + ROW / 2),
            TEXT,
            INK,
            HPos::Left,
        );
        return s;
    }
    let left = MARGIN + l.label + GAP;
    let header_y = l.top - ROW / 2;
    for (i, name) in l.columns.iter().enumerate() {
        let x = left + l.column * i as i32 + l.column / 2;
        s.text(name, (x, header_y), TEXT, INK, HPos::Center);
    }
    for (r, (label, cells)) in l.rows.iter().zip(&chart.cells).enumerate() {
        let y = l.top + ROW * r as i32;
        let mid = y + ROW / 2;
        s.text(label, (MARGIN, mid), TEXT, INK, HPos::Left);
        for (c, cell) in cells.iter().enumerate() {
            let x = left + l.column * c as i32;
            let (x0, y0, x1, y1) = (x + 1, y + 1, x + l.column - 1, y + ROW - 1);
            s.rect((x0, y0), (x1, y1), cell.fill, true);
            if let Some(fraction) = cell.bar {
                let end = x0 + 2 + ((x1 - x0 - 4) as f64 * fraction.clamp(0.0, 1.0)) as i32;
                s.rect((x0 + 2, y0 + 5), (end, y1 - 5), BAR, true);
                // The count goes right of the bar, or inside a bar with no
                // room beside it.
                if end + 4 + width_of(&cell.text, TEXT) < x1 {
                    s.text(&cell.text, (end + 4, mid), TEXT, INK, HPos::Left);
                } else {
                    s.text(&cell.text, (end - 4, mid), TEXT, WHITE, HPos::Right);
                }
                continue;
            }
            s.rect((x0, y0), (x1, y1), RULE, false);
            if !cell.text.is_empty() {
                let centre = (x + l.column / 2, mid);
                s.text(&cell.text, centre, TEXT, ink_on(cell.fill), HPos::Center);
            }
        }
    }
    s
}

/// Draws the scene's shapes onto `root`, and its labels too when `text`.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &Scene,
    text: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for r in &scene.shapes {
        let style = if r.filled {
            r.colour.filled()
        } else {
            r.colour.stroke_width(1)
        };
        root.draw(&Rectangle::new([r.from, r.to], style))?;
    }
    if text {
        for t in &scene.labels {
            let style = font(t.size)
                .color(&t.colour)
                .pos(Pos::new(t.h, VPos::Center));
            root.draw(&Text::new(t.text.clone(), t.at, style))?;
        }
    }
    Ok(())
}
