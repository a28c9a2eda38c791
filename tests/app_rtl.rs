//! Right-to-left articles in the real window: every painted row is in the
//! visual order GNU FriBidi gives for it, what the pointer is over is what
//! gets selected and tagged, and right-to-left paragraphs are right-aligned.
//! The articles in `tests/fixtures/rtl/` were written for these tests:
//! Arabic with «…», Latin agency names, numbers and times; Hebrew with
//! straight quotes, gershayim and a left-to-right line with a Hebrew name.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::{Command, ConcordApp};
use concord::core::model::{ArticleId, Kind};
use concord::core::text::{Text, bidi, unicode};
use egui::{Pos2, Rect, vec2};
use egui_kittest::Harness;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::process::{Command as Process, Stdio};

const ARABIC: &str = "ar_vostochny";
const HEBREW: &str = "he_vostochny";

fn rtl_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rtl");
    for entry in std::fs::read_dir(here).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
    }
    window::writable(dir.path()).save().unwrap();
    dir
}

fn open(dir: &Path, article: &str, width: f32) -> Harness<'static, ConcordApp> {
    let mut app = ConcordApp::new(window::writable(dir), window::prefs());
    app.handle(Command::OpenArticle(ArticleId::new(article)));
    let mut harness = Harness::builder()
        .with_size(vec2(width, 820.0))
        // Frames 0.1 s apart: two clicks a frame apart make a double click.
        .with_step_dt(0.1)
        .with_context_setup(concord::app::fonts::install)
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness
}

fn text(harness: &Harness<'_, ConcordApp>) -> Text {
    let app = harness.state();
    let id = app.article.clone().unwrap();
    app.project.corpus.get(&id).unwrap().text.clone()
}

/// The chars `range` of `text` as a string.
fn chars(text: &Text, range: Range<usize>) -> String {
    text.as_str()
        .chars()
        .skip(range.start)
        .take(range.len())
        .collect()
}

/// The line of the article (a paragraph) holding char `c`.
fn line_of(text: &Text, c: usize) -> String {
    let all: Vec<char> = text.as_str().chars().collect();
    let start = all[..c]
        .iter()
        .rposition(|&ch| ch == '\n')
        .map_or(0, |i| i + 1);
    let end = all[c..]
        .iter()
        .position(|&ch| ch == '\n')
        .map_or(all.len(), |i| c + i);
    all[start..end].iter().collect()
}

/// FriBidi's embedding levels of each paragraph (one per char), resolved
/// over the whole paragraph with its base direction forced.
fn fribidi_levels(paragraphs: &[String], rtl: bool) -> Vec<Vec<u8>> {
    let mut child = Process::new("fribidi")
        .args(["--nopad", "--nobreak", "--novisual", "--levels"])
        .arg(if rtl { "--rtl" } else { "--ltr" })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("GNU FriBidi's `fribidi` command (Debian: libfribidi-bin) is needed");
    let mut input = paragraphs.join("\n");
    input.push('\n');
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().map(|n| n.parse().unwrap()).collect())
        .collect()
}

/// UAX #9 L1 and L2 for one line: trailing whitespace takes the paragraph
/// level, then every run at or above each level, from the highest down to
/// the lowest odd one, is reversed. Returns the line's visual-to-logical map.
fn reorder(line: &[char], mut levels: Vec<u8>, para: u8) -> Vec<usize> {
    for (c, level) in line.iter().zip(levels.iter_mut()).rev() {
        if !c.is_whitespace() {
            break;
        }
        *level = para;
    }
    let mut order: Vec<usize> = (0..line.len()).collect();
    let highest = levels.iter().copied().max().unwrap_or(0);
    let lowest_odd = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(highest + 1);
    for level in (lowest_odd..=highest).rev() {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
    }
    order
}

/// Checks every painted row of the open article against FriBidi: its
/// levels for the row's paragraph, reordered for the row; returns how many
/// rows were right to left.
fn rows_agree_with_fribidi(harness: &Harness<'_, ConcordApp>) -> usize {
    let text = text(harness);
    let all: Vec<char> = text.as_str().chars().collect();
    let rows = harness.state().view.visual_rows();
    assert!(rows.len() > 8, "only {} rows painted", rows.len());
    let mut rtl_rows = 0;
    for row in rows.into_iter().filter(|r| !r.is_empty()) {
        let start = *row.iter().min().unwrap();
        let end = *row.iter().max().unwrap() + 1;
        let mut sorted = row.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            (start..end).collect::<Vec<_>>(),
            "a row is not one stretch"
        );
        let para_start = all[..start]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |i| i + 1);
        let paragraph = line_of(&text, start);
        let rtl = bidi::is_rtl(&paragraph);
        rtl_rows += rtl as usize;
        let levels = fribidi_levels(&[paragraph], rtl).remove(0);
        let row_levels = levels[start - para_start..end - para_start].to_vec();
        let theirs: Vec<usize> = reorder(&all[start..end], row_levels, rtl as u8)
            .into_iter()
            .map(|i| i + start)
            .collect();
        assert_eq!(
            row,
            theirs,
            "visual order differs from FriBidi's on {:?}",
            chars(&text, start..end)
        );
    }
    rtl_rows
}

/// Whether GNU FriBidi's command is here; without it (outside CI, where
/// `.ci/run` installs it) the check says it was skipped.
fn have_fribidi() -> bool {
    let found = Process::new("fribidi")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let why = "no `fribidi` command (Debian: apt-get install libfribidi-bin)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
    }
    found
}

#[test]
fn every_row_is_in_fribidis_visual_order() {
    if !have_fribidi() {
        return;
    }
    let dir = rtl_folder();
    for (article, width) in [
        (ARABIC, 1300.0),
        (ARABIC, 1000.0),
        (HEBREW, 1300.0),
        (HEBREW, 1000.0),
    ] {
        let harness = open(dir.path(), article, width);
        let text = text(&harness);
        let lines = text.as_str().lines().filter(|l| !l.is_empty()).count();
        let rtl_rows = rows_agree_with_fribidi(&harness);
        // Paragraphs wrap, so rows were broken by the view, not the file.
        assert!(
            rtl_rows > lines,
            "{article} at {width}: {rtl_rows} rows for {lines} lines"
        );
    }
}

/// The centre of char `c` on screen.
fn centre(harness: &Harness<'_, ConcordApp>, c: usize) -> Pos2 {
    harness.state().view.range_rects(c..c + 1)[0].center()
}

fn double_click(harness: &mut Harness<'_, ConcordApp>, at: Pos2) {
    // Past the triple-click window of the last double click.
    for _ in 0..7 {
        harness.step();
    }
    harness.hover_at(at);
    harness.step();
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
        harness.step();
    }
    harness.run();
}

/// The words of the article's right-to-left paragraphs that are on screen.
fn visible_rtl_words(harness: &Harness<'_, ConcordApp>) -> Vec<Range<usize>> {
    let text = text(harness);
    let s = text.as_str();
    unicode::words(s)
        .map(|(at, w)| {
            let start = text.byte_to_char(at).unwrap();
            start..text.byte_to_char(at + w.len()).unwrap()
        })
        .filter(|w| bidi::is_rtl(&line_of(&text, w.start)))
        .filter(|w| {
            let view = &harness.state().view;
            let rects = view.range_rects(w.clone());
            let shown = view.shown().unwrap();
            !rects.is_empty() && rects.iter().all(|r| shown.contains_rect(*r))
        })
        .collect()
}

#[test]
fn double_clicking_each_word_selects_that_words_chars() {
    let dir = rtl_folder();
    for article in [ARABIC, HEBREW] {
        let mut harness = open(dir.path(), article, 1300.0);
        let text = text(&harness);
        let words = visible_rtl_words(&harness);
        assert!(words.len() > 60, "{article}: {} words", words.len());
        for word in words {
            let at = centre(&harness, word.start + word.len() / 2);
            double_click(&mut harness, at);

            assert_eq!(
                harness.state().selection,
                Some(word.clone()),
                "{article}: double click on {:?}",
                chars(&text, word)
            );
        }
    }
}

/// The chars inside the first «…» after `after` in the open article.
fn guillemets(text: &Text, after: &str) -> Range<usize> {
    let s = text.as_str();
    let from = s.find(after).unwrap();
    let open = from + s[from..].find('«').unwrap() + '«'.len_utf8();
    let close = open + s[open..].find('»').unwrap();
    text.byte_to_char(open).unwrap()..text.byte_to_char(close).unwrap()
}

fn covers(rects: &[Rect], p: Pos2) -> bool {
    rects.iter().any(|r| r.expand(0.5).contains(p))
}

#[test]
fn dragging_over_a_quotation_selects_and_tags_what_is_highlighted() {
    let dir = rtl_folder();
    let mut harness = open(dir.path(), ARABIC, 1300.0);
    let text = text(&harness);
    let quote = guillemets(&text, "وقال بوتين");
    // From its first char (at the right) to its last (further left, maybe
    // on the next row), as the editor's hand goes.
    let from = centre(&harness, quote.start);
    let to = centre(&harness, quote.end - 1);
    assert!(
        to.x < from.x || to.y > from.y,
        "the quotation does not run right to left"
    );
    window::drag_to(&mut harness, from, to);
    harness.drop_at(to);
    harness.run();
    assert_eq!(harness.state().selection, Some(quote.clone()));

    harness.key_press(egui::Key::Q);
    harness.run();
    let app = harness.state();
    let id = app.selected.clone().expect("the new quote is selected");
    let quote_annotation = app.project.set.annotation(&id).unwrap();
    assert!(matches!(quote_annotation.kind, Kind::Quote(_)));
    assert_eq!(quote_annotation.span.range(), quote);
    assert_eq!(
        quote_annotation.span.exact(),
        chars(&text, quote.clone()),
        "tagged what was selected"
    );
    // The highlight covers every word of the quotation and nothing beside it.
    let highlight = app.view.range_rects(quote.clone());
    assert!(!highlight.is_empty());
    for (at, w) in unicode::words(text.as_str()) {
        let start = text.byte_to_char(at).unwrap();
        let word = start..text.byte_to_char(at + w.len()).unwrap();
        let rects = app.view.range_rects(word.clone());
        let Some(first) = rects.first() else { continue };
        let inside = word.start >= quote.start && word.end <= quote.end;
        let near = word.start + 40 > quote.start && word.end < quote.end + 40;
        if inside || near {
            assert_eq!(
                covers(&highlight, first.center()),
                inside,
                "highlight and word {w:?} disagree"
            );
        }
    }
}

#[test]
fn right_to_left_paragraphs_are_right_aligned_and_left_to_right_ones_left() {
    let dir = rtl_folder();
    let harness = open(dir.path(), HEBREW, 1300.0);
    let text = text(&harness);
    let view = &harness.state().view;
    let mut rtl_right = Vec::new();
    let mut ltr_left = Vec::new();
    for row in view.visual_rows().into_iter().filter(|r| r.len() > 20) {
        let start = *row.iter().min().unwrap();
        let end = *row.iter().max().unwrap() + 1;
        // The row's glyphs, without the spaces that hang at its end.
        let trimmed = chars(&text, start..end).trim_end().chars().count();
        let rects = view.range_rects(start..start + trimmed);
        let left = rects.iter().map(|r| r.min.x).fold(f32::MAX, f32::min);
        let right = rects.iter().map(|r| r.max.x).fold(f32::MIN, f32::max);
        if bidi::is_rtl(&line_of(&text, start)) {
            rtl_right.push(right);
        } else {
            ltr_left.push(left);
        }
    }
    assert!(rtl_right.len() >= 5 && !ltr_left.is_empty());
    let edge = rtl_right.iter().cloned().fold(f32::MIN, f32::max);
    for r in &rtl_right {
        assert!(
            (edge - r).abs() < 6.0,
            "a right-to-left row ends at {r}, not {edge}"
        );
    }
    for l in &ltr_left {
        assert!(*l < edge - 600.0, "the left-to-right line starts at {l}");
    }
}

/// The fixture in memory, with a quote, a claim and the quote selected, so
/// the snapshot holds no temporary path and shows highlights.
fn in_memory(article: &str, quote: &str, claim: &str) -> ConcordApp {
    use concord::core::article::{Article, Corpus};
    use concord::core::edit::{Edit, apply};
    use concord::core::model::{Annotation, AnnotationId, AnnotationSet, Claim, Quote, SetInfo};
    use concord::core::store::{FORMAT_VERSION, Project, Settings};
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/rtl/{article}.txt"));
    let id = ArticleId::new(article);
    let text = std::fs::read_to_string(file).unwrap();
    let article = Article::from_text(id.clone(), format!("{article}.txt").into(), text.clone());
    let span = |s: &str| {
        let start = article.text.byte_to_char(text.find(s).unwrap()).unwrap();
        article.text.span(start..start + s.chars().count()).unwrap()
    };
    let annotation = |n: &str, exact: &str, kind: Kind| {
        Edit::AddAnnotation(Box::new(Annotation {
            id: AnnotationId::new(n),
            article: id.clone(),
            span: span(exact),
            author: Default::default(),
            created: jiff::Timestamp::UNIX_EPOCH,
            modified: jiff::Timestamp::UNIX_EPOCH,
            note: String::new(),
            tags: Vec::new(),
            kind,
        }))
    };
    let mut set = AnnotationSet::new(SetInfo::default());
    let edits = vec![
        annotation("q1", quote, Kind::Quote(Quote::default())),
        annotation("c1", claim, Kind::Claim(Claim::default())),
    ];
    apply(&mut set, Edit::Batch(edits)).unwrap();
    let project = Project::in_memory(
        "rtl".into(),
        Settings {
            format: FORMAT_VERSION,
            articles: ".".into(),
            default_set: "default".into(),
        },
        Corpus::from_articles(".".into(), [article]).into(),
        set,
    );
    let mut app = ConcordApp::new(project, concord::app::Prefs::default());
    app.handle(Command::SelectAnnotation(AnnotationId::new("q1")));
    app
}

fn snapshot(app: ConcordApp, name: &str) {
    let mut harness = Harness::builder()
        .with_size(vec2(1100.0, 620.0))
        .with_context_setup(|ctx| {
            concord::app::fonts::install(ctx);
            ctx.all_styles_mut(|s| s.animation_time = 0.0);
        })
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness.snapshot(name);
}

#[test]
fn the_arabic_view_looks_right() {
    let app = in_memory(
        ARABIC,
        "سنساعدهم في بناء الأقمار الصناعية، ولهذا جئنا إلى هنا",
        "موسكو قد تحصل على ذخائر من بيونغ يانغ",
    );
    snapshot(app, "rtl_arabic");
}

#[test]
fn the_hebrew_view_looks_right() {
    let app = in_memory(
        HEBREW,
        "רוסיה נלחמת כעת מלחמה צודקת נגד כוחות הגמוניים",
        "השיחות נמשכו כ-4 שעות",
    );
    snapshot(app, "rtl_hebrew");
}
