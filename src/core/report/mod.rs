//! `concord report`: the coverage overview for people who do not run
//! Concord. Each chart of [`crate::core::overview`] as `NAME.svg` and
//! `NAME.png`, and an `index.html` with the charts, the tables behind them
//! and the validator's findings. Everything works offline: the page has no
//! scripts and names only the files beside it, and the charts' text is
//! drawn with a font compiled into the binary.
//!
//! Every file is rendered in memory before the first is written, and each
//! is written atomically, so a failure leaves no half-written report.

mod chart;
mod glyph;
mod html;

use crate::core::article::Corpus;
use crate::core::error::FileError;
use crate::core::model::AnnotationSet;
use crate::core::overview::overview;
use crate::core::store::write_atomic;
use crate::core::validate::validate;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The charts, by file stem, in the order the page shows them.
pub const CHARTS: [&str; 3] = ["stances", "coverage", "speakers"];

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{} is a file; the report needs a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("the charts' font could not be read")]
    Font,
    #[error("could not draw the {chart} chart: {message}")]
    Draw {
        chart: &'static str,
        message: String,
    },
    #[error("could not encode the {chart} chart as PNG: {message}")]
    Png {
        chart: &'static str,
        message: String,
    },
    #[error(transparent)]
    File(#[from] FileError),
}

/// One file of the report, rendered.
#[derive(Clone, Debug)]
pub struct ReportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Latin, kana, kanji and hangul in one face (face 0 of the collection),
/// so labels in those scripts draw without system fonts.
pub(crate) static FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// Registers the embedded font as plotters' sans-serif, once per process.
fn fonts() -> Result<(), ReportError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, FONT)
            .is_ok()
    });
    if ok { Ok(()) } else { Err(ReportError::Font) }
}

fn svg(name: &'static str, c: &chart::Chart) -> Result<Vec<u8>, ReportError> {
    let layout = chart::layout(c);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, layout.size).into_drawing_area();
        let drawn =
            chart::draw(&root, &chart::scene(c, &layout), true).and_then(|()| root.present());
        drawn.map_err(|e| ReportError::Draw {
            chart: name,
            message: e.to_string(),
        })?;
    }
    Ok(out.into_bytes())
}

fn png(name: &'static str, c: &chart::Chart) -> Result<Vec<u8>, ReportError> {
    let layout = chart::layout(c);
    let (w, h) = layout.size;
    let scene = chart::scene(c, &layout);
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let drawn = chart::draw(&root, &scene, false).and_then(|()| root.present());
        drawn.map_err(|e| ReportError::Draw {
            chart: name,
            message: e.to_string(),
        })?;
    }
    glyph::draw(&mut rgb, (w, h), &scene.labels);
    let fail = |e: png::EncodingError| ReportError::Png {
        chart: name,
        message: e.to_string(),
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

/// Every file of the report on `set` over `corpus`, rendered in memory.
pub fn render(set: &AnnotationSet, corpus: &Corpus) -> Result<Vec<ReportFile>, ReportError> {
    fonts()?;
    let o = overview(set, corpus);
    let findings = validate(set, corpus);
    let charts = [chart::stances(&o), chart::coverage(&o), chart::speakers(&o)];
    let mut files = Vec::new();
    let mut sizes = Vec::new();
    for (name, c) in CHARTS.into_iter().zip(&charts) {
        sizes.push(chart::layout(c).size);
        files.push(ReportFile {
            name: format!("{name}.svg"),
            bytes: svg(name, c)?,
        });
        files.push(ReportFile {
            name: format!("{name}.png"),
            bytes: png(name, c)?,
        });
    }
    let page = html::page(&html::Page {
        set,
        corpus,
        overview: &o,
        findings: &findings,
        sizes: &sizes,
    });
    files.push(ReportFile {
        name: "index.html".into(),
        bytes: page.into_bytes(),
    });
    Ok(files)
}

/// Renders the report and writes it into folder `out` (made if missing),
/// replacing files of an earlier report; returns the paths written.
pub fn write_report(
    set: &AnnotationSet,
    corpus: &Corpus,
    out: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    if out.exists() && !out.is_dir() {
        return Err(ReportError::NotAFolder(out.to_owned()));
    }
    let files = render(set, corpus)?;
    std::fs::create_dir_all(out).map_err(|e| FileError::io(out, e))?;
    let mut written = Vec::new();
    for f in files {
        let path = out.join(&f.name);
        write_atomic(&path, |w| w.write_all(&f.bytes)).map_err(|e| FileError::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::chart::{balance_colour, shorten};
    use super::*;

    #[test]
    fn report_balance_colours_run_from_against_to_favor() {
        assert_eq!(balance_colour(-1.0), chart::AGAINST);
        assert_eq!(balance_colour(1.0), chart::FAVOR);
        let even = balance_colour(0.0);
        assert_eq!((even.0, even.1, even.2), (247, 247, 247));
        // Half way to favor: the blue channel between pale and full.
        let half = balance_colour(0.5);
        assert_eq!(half.2, ((247.0 + 172.0) / 2.0_f64).round() as u8);
    }

    #[test]
    fn report_labels_shorten_by_grapheme() {
        assert_eq!(shorten("Putin and Kim met", 40), "Putin and Kim met");
        assert_eq!(shorten("Putin and Kim met", 10), "Putin and…");
        // "é" as e + combining acute is one grapheme and is kept whole.
        assert_eq!(shorten("Cafe\u{301} talks resumed", 5), "Cafe\u{301}…");
    }
}
