//! The article view from the keyboard, in the real window: a caret that
//! clicks place and arrows move, Shift and Ctrl+Shift selection (also in a
//! right-to-left paragraph, where the arrows follow the screen), the
//! sentence and quotation keys, Home/End/PageUp/PageDown through a long
//! article, the selected annotation's edges moved by handle drags and by
//! keys, clicks cycling through nested spans, and a quote made, given a
//! speaker and a cue, and saved with keys alone.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::{Command, ConcordApp, Prefs};
use concord::core::generate::{self, Spec};
use concord::core::model::{AnnotationId, ArticleId, EntityId, Kind};
use concord::core::store::Project;
use concord::core::text::Text;
use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::ops::Range;
use std::path::Path;
use window::{QUOTED, at_char, drag_to, harness, quote_range, seeds_folder, tag_quoted};

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT: Modifiers = Modifiers::ALT;
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);
const CTRL_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);
const CTRL_ALT_SHIFT: Modifiers = CTRL_ALT.plus(Modifiers::SHIFT);

fn press(harness: &mut Harness<'_, ConcordApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn chord(harness: &mut Harness<'_, ConcordApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn text(harness: &Harness<'_, ConcordApp>) -> Text {
    let app = harness.state();
    let id = app.article.clone().unwrap();
    app.project.corpus.get(&id).unwrap().text.clone()
}

fn caret(harness: &Harness<'_, ConcordApp>) -> usize {
    let app = harness.state();
    app.view
        .caret(app.article.as_ref().unwrap())
        .expect("the view has a caret")
}

/// The selected text, as a string.
fn selected(harness: &Harness<'_, ConcordApp>) -> Option<String> {
    let range = harness.state().selection.clone()?;
    text(harness).slice(range).map(str::to_owned)
}

/// The char offset of the first `needle` in the open article.
fn find(harness: &Harness<'_, ConcordApp>, needle: &str) -> usize {
    let text = text(harness);
    let byte = text.as_str().find(needle).expect("in the article");
    text.byte_to_char(byte).unwrap()
}

/// A single click on char `c`.
fn click_char(harness: &mut Harness<'_, ConcordApp>, c: usize) {
    let at = at_char(harness, c);
    window::click_at(harness, at);
}

/// The span of annotation `id` now, as chars and as text.
fn span(harness: &Harness<'_, ConcordApp>, id: &AnnotationId) -> (Range<usize>, String) {
    let a = harness
        .state()
        .project
        .set
        .annotation(id)
        .expect("it exists");
    (a.span.range(), a.span.exact().to_owned())
}

#[test]
fn caret_moves_by_char_and_word_and_shift_selects() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (s, e) = quote_range(&harness);
    // "Rus|sia is currently…"
    click_char(&mut harness, s + 3);
    assert_eq!(caret(&harness), s + 3);
    assert_eq!(harness.state().selection, None);
    assert!(
        harness.state().view.char_rect(s + 3).is_some(),
        "the caret is on screen"
    );

    for _ in 0..3 {
        chord(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    }
    assert_eq!(harness.state().selection, Some(s + 3..s + 6));
    assert_eq!(selected(&harness).as_deref(), Some("sia"));
    // By word: to the end of the next word…
    chord(&mut harness, CTRL_SHIFT, Key::ArrowRight);
    assert_eq!(selected(&harness).as_deref(), Some("sia is"));
    // …and back to word starts, across the anchor.
    chord(&mut harness, CTRL_SHIFT, Key::ArrowLeft);
    assert_eq!(selected(&harness).as_deref(), Some("sia "));
    chord(&mut harness, CTRL_SHIFT, Key::ArrowLeft);
    assert_eq!(harness.state().selection, Some(s..s + 3));
    assert_eq!(caret(&harness), s);

    // A plain arrow ends the selection at its side that way.
    press(&mut harness, Key::ArrowRight);
    assert_eq!(harness.state().selection, None);
    assert_eq!(caret(&harness), s + 3);
    chord(&mut harness, CTRL, Key::ArrowRight);
    assert_eq!(caret(&harness), s + "Russia".len());
    press(&mut harness, Key::ArrowLeft);
    assert_eq!(caret(&harness), s + "Russia".len() - 1);

    // The sentence around the caret, then the quotation around it.
    press(&mut harness, Key::Period);
    let sentence = selected(&harness).expect("a sentence is selected");
    assert!(
        sentence.starts_with("\"Russia is currently"),
        "{sentence:?}"
    );
    assert!(sentence.ends_with("to the Ukraine war."), "{sentence:?}");
    assert_eq!(
        caret(&harness),
        harness.state().selection.clone().unwrap().end
    );
    click_char(&mut harness, s + 10);
    press(&mut harness, Key::Quote);
    let quotation = selected(&harness).expect("the quotation is selected");
    assert!(quotation.starts_with(QUOTED), "{quotation:?}");
    assert!(
        quotation.ends_with("security and interests,"),
        "{quotation:?}"
    );
    assert_eq!(harness.state().selection.clone().unwrap().start, s);
    assert!(harness.state().selection.clone().unwrap().end > e);
}

#[test]
fn the_help_lists_the_view_keys() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    press(&mut harness, Key::F1);
    harness.get_by_label("Select the sentence around the caret");
    harness.get_by_label("Select a char to the left");
    harness.get_by_label("Move the selected annotation's end a word right");
    harness.get_by_label("Set the selected quote's cue from the selected text");
}

fn rtl_harness(dir: &Path) -> Harness<'static, ConcordApp> {
    let mut app = ConcordApp::new(window::writable(dir), window::prefs());
    app.handle(Command::OpenArticle(ArticleId::new("ar_vostochny")));
    let mut harness = Harness::builder()
        .with_size(vec2(1300.0, 820.0))
        .with_context_setup(concord::app::fonts::install)
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness
}

#[test]
fn in_a_right_to_left_paragraph_the_arrows_follow_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rtl/ar_vostochny.txt");
    std::fs::copy(fixture, seeds.join("ar_vostochny.txt")).unwrap();
    window::writable(dir.path()).save().unwrap();
    let mut harness = rtl_harness(dir.path());

    let word = "للصحفيين";
    let w = find(&harness, word);
    let n = word.chars().count();
    // Near the right edge of the word's first letter: the caret before it.
    let first = harness.state().view.range_rects(w..w + 1)[0];
    window::click_at(&mut harness, Pos2::new(first.max.x - 1.0, first.center().y));
    assert_eq!(caret(&harness), w);

    let x = |h: &Harness<'_, ConcordApp>, c: usize| h.state().view.char_rect(c).unwrap().min.x;
    let before = x(&harness, w);
    for _ in 0..3 {
        press(&mut harness, Key::ArrowLeft);
    }
    assert_eq!(caret(&harness), w + 3, "Left reads on, into the word");
    assert!(
        x(&harness, w + 3) < before - 5.0,
        "and moves left on screen"
    );

    for _ in 0..2 {
        chord(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    }
    assert_eq!(harness.state().selection, Some(w + 3..w + 5));
    chord(&mut harness, CTRL_SHIFT, Key::ArrowLeft);
    assert_eq!(harness.state().selection, Some(w + 3..w + n));
    chord(&mut harness, CTRL_SHIFT, Key::ArrowRight);
    assert_eq!(harness.state().selection, Some(w..w + 3));
    // Right ends the selection at its right side on screen: its start.
    press(&mut harness, Key::ArrowRight);
    assert_eq!(
        (harness.state().selection.clone(), caret(&harness)),
        (None, w)
    );
    press(&mut harness, Key::ArrowRight);
    assert_eq!(caret(&harness), w - 1, "Right goes back, to the space");
    assert!(x(&harness, w - 1) > before);
    // Ctrl+Shift+Left from there takes the whole word.
    chord(&mut harness, CTRL_SHIFT, Key::ArrowLeft);
    assert_eq!(harness.state().selection, Some(w - 1..w + n));
}

#[test]
fn home_end_and_page_keys_reach_the_end_of_a_long_article() {
    let spec = Spec {
        articles: 1,
        annotations_per_article: 20_000,
        seed: 11,
    };
    let project = generate::project(&spec, "generated".into());
    let len = {
        let article = project.corpus.articles().next().unwrap();
        assert!(
            article.text.as_str().len() >= 1_400_000,
            "only {} bytes",
            article.text.as_str().len()
        );
        article.text.len_chars()
    };
    let prefs = Prefs {
        autosave: false,
        ..Prefs::default()
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, app: &mut ConcordApp| app.ui(ui),
            ConcordApp::new(project, prefs),
        );
    harness.run();
    let on_screen = |h: &Harness<'_, ConcordApp>, c: usize| {
        let r = h
            .state()
            .view
            .char_rect(c)
            .unwrap_or_else(|| panic!("char {c} is not painted"));
        assert!(
            r.min.y >= 0.0 && r.max.y <= 800.0,
            "char {c} painted at {r:?}, off the window"
        );
        r
    };

    chord(&mut harness, CTRL, Key::End);
    assert_eq!(caret(&harness), len);
    let end = on_screen(&harness, len);
    press(&mut harness, Key::Home);
    let home = caret(&harness);
    assert!(home < len && home + 400 > len, "line start {home} of {len}");
    assert_eq!(on_screen(&harness, home).min.y, end.min.y, "the same row");
    press(&mut harness, Key::End);
    assert_eq!(caret(&harness), len);

    // Page by page up, and back down to the end.
    let mut carets = vec![len];
    let mut tops = vec![harness.state().view.first_painted_char().unwrap()];
    for _ in 0..3 {
        press(&mut harness, Key::PageUp);
        carets.push(caret(&harness));
        tops.push(harness.state().view.first_painted_char().unwrap());
        on_screen(&harness, caret(&harness));
    }
    assert!(carets.windows(2).all(|w| w[1] + 500 < w[0]), "{carets:?}");
    assert!(tops.windows(2).all(|w| w[1] < w[0]), "{tops:?}");
    for _ in 0..6 {
        press(&mut harness, Key::PageDown);
        on_screen(&harness, caret(&harness));
    }
    assert_eq!(caret(&harness), len, "PageDown stops at the end");

    chord(&mut harness, CTRL, Key::Home);
    assert_eq!(caret(&harness), 0);
    assert_eq!(harness.state().view.first_painted_char(), Some(0));
    let mut last = 0;
    for _ in 0..4 {
        press(&mut harness, Key::PageDown);
        let now = caret(&harness);
        assert!(now > last + 500, "PageDown from {last} went to {now}");
        on_screen(&harness, now);
        last = now;
    }
    // Down moves a row, keeping to the column.
    let row = on_screen(&harness, last);
    press(&mut harness, Key::ArrowDown);
    let below = on_screen(&harness, caret(&harness));
    assert!(caret(&harness) > last);
    assert!(
        (below.min.y - row.max.y).abs() < 4.0,
        "{row:?} then {below:?}"
    );
    assert!(
        (below.min.x - row.min.x).abs() < 12.0,
        "{row:?} then {below:?}"
    );
}

#[test]
fn span_boundary_drag_moves_the_end_and_undoes_in_one_step() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::Q);
    press(&mut harness, Key::Escape); // leaves the speaker field
    let (s, e) = quote_range(&harness);
    assert_eq!(span(&harness, &id).0, s..e);
    let [start, end] = harness.state().view.handle_rects().expect("handles");
    assert!(start.center().x < end.center().x || start.center().y < end.center().y);
    let expected_end = at_char(&harness, e);
    assert!(
        (end.center().x - expected_end.x).abs() < 3.0,
        "end handle at {end:?}, text end at {expected_end:?}"
    );

    // "…hegemonic forces to def|end its…": snapped to the word's end.
    let from = end.center();
    let to = at_char(&harness, e + " to def".len());
    drag_to(&mut harness, from, to);
    assert_eq!(
        span(&harness, &id).0,
        s..e,
        "not changed before the release"
    );
    harness.drop_at(to);
    harness.run();
    let moved = e + " to defend".len();
    assert_eq!(
        span(&harness, &id),
        (s..moved, format!("{QUOTED} to defend"))
    );
    assert_eq!(harness.state().selected.as_ref(), Some(&id));
    assert_eq!(harness.state().selection, None, "no text selected by it");
    let [_, end_after] = harness.state().view.handle_rects().unwrap();
    assert!(end_after.center().x > end.center().x + 20.0);

    chord(&mut harness, CTRL, Key::Z);
    assert_eq!(span(&harness, &id), (s..e, QUOTED.to_owned()), "one undo");
    chord(&mut harness, CTRL, Key::Z);
    assert!(
        harness.state().project.set.annotation(&id).is_none(),
        "the next undo takes the quote itself"
    );
}

#[test]
fn keys_move_the_selected_annotations_start_and_end() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::Q);
    press(&mut harness, Key::Escape);
    let (s, e) = quote_range(&harness);

    chord(&mut harness, CTRL_ALT_SHIFT, Key::ArrowRight);
    assert_eq!(span(&harness, &id), (s..e + 3, format!("{QUOTED} to")));
    chord(&mut harness, ALT_SHIFT, Key::ArrowLeft);
    assert_eq!(span(&harness, &id), (s..e + 2, format!("{QUOTED} t")));
    chord(&mut harness, ALT, Key::ArrowRight);
    assert_eq!(span(&harness, &id).0, s + 1..e + 2);
    assert!(span(&harness, &id).1.starts_with("ussia is"));
    chord(&mut harness, CTRL_ALT, Key::ArrowLeft);
    assert_eq!(span(&harness, &id).0, s..e + 2);
    chord(&mut harness, CTRL_ALT, Key::ArrowRight);
    assert_eq!(span(&harness, &id).0, s + "Russia ".len()..e + 2);
    assert!(span(&harness, &id).1.starts_with("is currently"));
    chord(&mut harness, CTRL_ALT_SHIFT, Key::ArrowLeft);
    assert_eq!(span(&harness, &id).0, s + "Russia ".len()..e);

    // Each key is one undo step.
    chord(&mut harness, CTRL, Key::Z);
    assert_eq!(span(&harness, &id).0, s + "Russia ".len()..e + 2);
    chord(&mut harness, CTRL, Key::Z);
    assert_eq!(span(&harness, &id).0, s..e + 2);

    // The start never passes the end: the span keeps one char.
    for _ in 0..30 {
        chord(&mut harness, CTRL_ALT, Key::ArrowRight);
    }
    assert_eq!(span(&harness, &id).0, e + 1..e + 2);
}

#[test]
fn clicking_a_selected_nested_span_selects_the_enclosing_one() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (s, _) = quote_range(&harness);
    // The sentence as a claim, by keys: caret in it, the sentence key, C.
    click_char(&mut harness, s + 2);
    press(&mut harness, Key::Period);
    press(&mut harness, Key::C);
    let claim = harness.state().selected.clone().expect("the claim");
    press(&mut harness, Key::Escape);
    let quote = tag_quoted(&mut harness, Key::Q);
    press(&mut harness, Key::Escape);
    assert_ne!(claim, quote);
    let claim_span = span(&harness, &claim).0;
    let quote_span = span(&harness, &quote).0;
    assert!(claim_span.start < quote_span.start && quote_span.end < claim_span.end);

    // The quote is selected; clicking it again goes out to the claim, and
    // from the outermost back to the innermost.
    for expected in [&claim, &quote, &claim] {
        click_char(&mut harness, s + 2);
        assert_eq!(harness.state().selected.as_ref(), Some(expected));
    }
    // Outside the quote, only the claim is under the pointer.
    click_char(&mut harness, claim_span.end - 3);
    assert_eq!(harness.state().selected.as_ref(), Some(&claim));
    click_char(&mut harness, claim_span.end - 3);
    assert_eq!(harness.state().selected.as_ref(), Some(&claim));
}

#[test]
fn keyboard_only_quote_with_speaker_and_cue_is_saved() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (s, e) = quote_range(&harness);

    // From the article's start down to the quote's line, into the quotation.
    chord(&mut harness, CTRL, Key::Home);
    assert_eq!(caret(&harness), 0);
    for _ in 0..30 {
        if caret(&harness) >= s - 1 {
            break;
        }
        press(&mut harness, Key::ArrowDown);
    }
    assert_eq!(caret(&harness), s - 1, "the start of the quote's line");
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::Quote);
    let quotation = harness.state().selection.clone().expect("the quotation");
    assert_eq!(quotation.start, s);
    assert!(quotation.end > e);

    press(&mut harness, Key::Q);
    let id = harness.state().selected.clone().expect("the new quote");
    // Out of the speaker field, and back into it with Enter.
    press(&mut harness, Key::Escape);
    assert!(!harness.ctx.text_edit_focused());
    press(&mut harness, Key::Enter);
    assert!(
        harness.ctx.text_edit_focused(),
        "the speaker picker has focus"
    );
    // Arrows there are the field's: the caret stays.
    let before = caret(&harness);
    press(&mut harness, Key::ArrowLeft);
    assert_eq!(caret(&harness), before);
    harness.event(egui::Event::Text("Kim".into()));
    harness.run();
    press(&mut harness, Key::Enter);

    // The cue: two words on ("…interests,\" Kim said"), then back over "said".
    assert!(!harness.ctx.text_edit_focused());
    chord(&mut harness, CTRL, Key::ArrowRight);
    chord(&mut harness, CTRL, Key::ArrowRight);
    chord(&mut harness, CTRL_SHIFT, Key::ArrowLeft);
    assert_eq!(selected(&harness).as_deref(), Some("said"));
    let said = harness.state().selection.clone().unwrap();
    press(&mut harness, Key::U);
    chord(&mut harness, CTRL, Key::S);
    assert!(!harness.state().unsaved());

    let saved = Project::open(dir.path()).unwrap();
    let quote = saved.set.annotation(&id).expect("the quote was saved");
    assert_eq!(quote.span.range(), quotation);
    assert!(quote.span.exact().starts_with(QUOTED));
    assert!(quote.span.exact().ends_with("security and interests,"));
    let Kind::Quote(q) = &quote.kind else {
        panic!("not a quote: {:?}", quote.kind);
    };
    assert_eq!(q.speaker, Some(EntityId::new("kim")));
    let cue = q.cue.as_deref().expect("the cue was saved");
    assert_eq!((cue.start..cue.end, cue.exact()), (said, "said"));
}

#[test]
fn keys_do_not_move_the_caret_while_a_menu_is_open() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (s, _) = quote_range(&harness);
    click_char(&mut harness, s + 3);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open folder…");
    assert!(
        egui::Popup::is_any_open(&harness.ctx),
        "the File menu is open"
    );
    press(&mut harness, Key::ArrowRight);
    assert_eq!(caret(&harness), s + 3);
    harness.get_by_label("File").click();
    harness.run();
    assert!(!egui::Popup::is_any_open(&harness.ctx), "closed again");
    press(&mut harness, Key::ArrowRight);
    assert_eq!(caret(&harness), s + 4);
}
