//! Text for the PNGs, drawn here rather than by plotters: its ab_glyph
//! path places each glyph without its side bearing (so "cl" runs into a
//! "d"), draws one font only and draws right-to-left text backwards. Here
//! every glyph sits at its bearing, a glyph missing from the CJK+Latin face
//! comes from the Arabic or Hebrew one, and a line is drawn in visual
//! order (Unicode bidi). Arabic letters are not joined: there is no shaper.

use super::chart::Label;
use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::text_anchor::HPos;
use std::sync::OnceLock;

static ARABIC: &[u8] = include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf");
static HEBREW: &[u8] = include_bytes!("../../../assets/fonts/NotoSansHebrew-Regular.ttf");

/// The faces in the order a glyph is looked up in.
fn faces() -> &'static [FontRef<'static>] {
    static FACES: OnceLock<Vec<FontRef<'static>>> = OnceLock::new();
    FACES.get_or_init(|| {
        [super::FONT, ARABIC, HEBREW]
            .into_iter()
            .filter_map(|bytes| FontRef::try_from_slice(bytes).ok())
            .collect()
    })
}

/// The first face that has `c`, else the first (its missing-glyph box).
fn face_of(faces: &[FontRef<'static>], c: char) -> Option<(usize, GlyphId)> {
    faces
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.glyph_id(c)))
        .find(|(_, g)| g.0 != 0)
        .or_else(|| faces.first().map(|f| (0, f.glyph_id(c))))
}

/// `text` in the order it is seen, left to right.
fn visual(text: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(text, None);
    if !info.has_rtl() {
        return text.to_owned();
    }
    info.paragraphs
        .iter()
        .map(|p| info.reorder_line(p, p.range.clone()).into_owned())
        .collect()
}

/// Glyphs of one line: (face, glyph, x of its origin), and the line's width.
fn line(faces: &[FontRef<'static>], text: &str, size: f32) -> (Vec<(usize, GlyphId, f32)>, f32) {
    let mut glyphs = Vec::new();
    let mut x = 0.0;
    let mut prev: Option<(usize, GlyphId)> = None;
    for c in text.chars() {
        let Some((face, glyph)) = face_of(faces, c) else {
            continue;
        };
        let scaled = faces[face].as_scaled(PxScale::from(size));
        if let Some((pf, pg)) = prev
            && pf == face
        {
            x += scaled.kern(pg, glyph);
        }
        glyphs.push((face, glyph, x));
        x += scaled.h_advance(glyph);
        prev = Some((face, glyph));
    }
    (glyphs, x)
}

/// Draws `labels` onto an RGB buffer of `size` pixels.
pub(super) fn draw(rgb: &mut [u8], size: (u32, u32), labels: &[Label]) {
    let faces = faces();
    let (w, h) = (size.0 as i32, size.1 as i32);
    for label in labels {
        let px = label.size as f32;
        let text = visual(&label.text);
        let (glyphs, width) = line(faces, &text, px);
        let left = label.at.0 as f32
            - match label.h {
                HPos::Left => 0.0,
                HPos::Center => width / 2.0,
                HPos::Right => width,
            };
        // Centred on `at.1` between the first face's ascent and descent.
        let main = faces[0].as_scaled(PxScale::from(px));
        let baseline = label.at.1 as f32 + (main.ascent() + main.descent()) / 2.0;
        let colour = [label.colour.0, label.colour.1, label.colour.2];
        for (face, glyph, x) in glyphs {
            let glyph = glyph.with_scale_and_position(px, ab_glyph::point(left + x, baseline));
            let Some(outline) = faces[face].outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let x = bounds.min.x as i32 + gx as i32;
                let y = bounds.min.y as i32 + gy as i32;
                if x < 0 || y < 0 || x >= w || y >= h {
                    return;
                }
                let at = (y as usize * w as usize + x as usize) * 3;
                let a = coverage.clamp(0.0, 1.0);
                for (channel, ink) in rgb[at..at + 3].iter_mut().zip(colour) {
                    *channel = (f32::from(*channel) * (1.0 - a) + f32::from(ink) * a).round() as u8;
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_glyphs_come_from_the_face_that_has_them() {
        let faces = faces();
        assert_eq!(faces.len(), 3);
        assert_eq!(face_of(faces, 'K').map(|f| f.0), Some(0));
        assert_eq!(face_of(faces, '金').map(|f| f.0), Some(0));
        assert_eq!(face_of(faces, 'ب').map(|f| f.0), Some(1));
        assert_eq!(face_of(faces, 'ש').map(|f| f.0), Some(2));
    }

    #[test]
    fn report_right_to_left_text_is_drawn_in_visual_order() {
        assert_eq!(visual("Kim"), "Kim");
        assert_eq!(visual("שלום"), "םולש");
    }

    #[test]
    fn report_glyph_text_lands_where_anchored() {
        let (w, h) = (200u32, 40u32);
        let mut rgb = vec![255u8; (w * h * 3) as usize];
        let label = Label {
            text: "Kim".into(),
            at: (100, 20),
            size: 14.0,
            colour: plotters::style::RGBColor(0, 0, 0),
            h: HPos::Center,
        };
        draw(&mut rgb, (w, h), &[label]);
        let inked: Vec<(u32, u32)> = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| rgb[((y * w + x) * 3) as usize] < 128)
            .collect();
        assert!(!inked.is_empty());
        let xs = (
            inked.iter().map(|p| p.0).min().unwrap(),
            inked.iter().map(|p| p.0).max().unwrap(),
        );
        let ys = (
            inked.iter().map(|p| p.1).min().unwrap(),
            inked.iter().map(|p| p.1).max().unwrap(),
        );
        // About 25 px wide around x = 100, about 10 px tall around y = 20.
        assert!(xs.0 > 80 && xs.0 < 95 && xs.1 > 105 && xs.1 < 120, "{xs:?}");
        assert!(ys.0 >= 10 && ys.0 < 18 && ys.1 > 20 && ys.1 <= 30, "{ys:?}");
    }
}
