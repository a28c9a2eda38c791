//! Text in every script an article may be in shows real glyphs. The harness
//! panics on any character no installed font can draw, so this fails on
//! boxes; the snapshot shows the glyphs to a person.

#![cfg(feature = "gui")]

use egui_kittest::Harness;

const LINES: [(&str, &str); 7] = [
    ("Latin", "“Curly quotes,” ‘single’ — and café"),
    ("Cyrillic", "Путин заявил: «Встреча прошла успешно»"),
    ("Japanese", "日本語のテキスト、ひらがなとカタカナ"),
    ("Korean", "한국어 기사 본문입니다"),
    ("Chinese", "中文新闻报道：两国领导人会晤"),
    ("Arabic", "قال المتحدث إن الاجتماع كان مثمرا"),
    ("Hebrew", "הדובר אמר שהפגישה הייתה פורייה"),
];

#[test]
fn every_script_renders_with_the_shipped_fonts() {
    let mut harness = Harness::builder()
        .with_size([560.0, 260.0])
        .with_context_setup(concord::app::fonts::install)
        .build_ui(|ui| {
            egui::Grid::new("scripts").num_columns(2).show(ui, |ui| {
                for (script, line) in LINES {
                    ui.label(script);
                    ui.label(egui::RichText::new(line).size(18.0));
                    ui.end_row();
                }
            });
        });
    harness.run();
    for (_, line) in LINES {
        harness.ctx.fonts_mut(|fonts| {
            let font = egui::FontId::proportional(18.0);
            let missing: Vec<char> = line
                .chars()
                .filter(|c| !c.is_whitespace() && !fonts.has_glyph(&font, *c))
                .collect();
            assert!(missing.is_empty(), "no glyph for {missing:?} in {line}");
        });
    }
    harness.snapshot("scripts");
}
