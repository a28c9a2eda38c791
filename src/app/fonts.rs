//! Fonts for every script an article may be in.
//!
//! egui's default font covers Latin (with curly quotes) and Cyrillic. Arabic,
//! Hebrew and CJK come from freely licensed fonts in `assets/fonts/`, compiled
//! in so a bare machine shows real glyphs too. They go last in each family's
//! fallback chain; eframe's system font provider (when enabled) is asked only
//! for what none of these has.

use egui::{Context, FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

/// (name, file) of each shipped fallback font, in the order they are tried.
const FALLBACKS: [(&str, &[u8]); 3] = [
    (
        "Noto Sans Arabic",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "Noto Sans Hebrew",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "WenQuanYi Micro Hei",
        include_bytes!("../../assets/fonts/wqy-microhei.ttc"),
    ),
];

/// Adds the shipped fonts as fallbacks for proportional and monospace text.
/// Call once, before the first frame (or in the first frame).
pub fn install(ctx: &Context) {
    for (name, bytes) in FALLBACKS {
        let families = [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect();
        ctx.add_font(FontInsert::new(
            name,
            FontData::from_static(bytes),
            families,
        ));
    }
}
