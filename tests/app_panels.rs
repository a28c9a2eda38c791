//! The window's panels driven with real pointer and keyboard events: each
//! panel reads a small set built through the edit path and returns commands;
//! the tests apply those commands with `core::edit::apply` and check the set.

#![cfg(feature = "gui")]

use concord::app::Command;
use concord::app::dialogs::{Dialogs, Picked, Purpose};
use concord::app::entities::EntitiesPanel;
use concord::app::findings::FindingsPanel;
use concord::app::metadata::MetadataForm;
use concord::app::propositions::PropositionsPanel;
use concord::app::table::{AnnotationTable, Scope};
use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, EditError, apply, merge_entities};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, Claim, Entity, EntityId,
    EntityKind, Kind, Polarity, Proposition, PropositionId, Quote, SetInfo, Stance, Target,
    Utterance, UtteranceId,
};
use concord::core::text::Text;
use concord::core::validate::{Finding, Location, Severity, validate};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

const A: &str = "a_article";
const B: &str = "b_article";
const TEXT_A: &str = "Putin said “we will win” and Kim agreed. Two missiles flew.";
const TEXT_B: &str = "Kim criticised Putin. “We will win,” Putin told reporters.";

fn entity(id: &str, name: &str) -> Entity {
    Entity {
        id: EntityId::new(id),
        name: name.to_owned(),
        kind: EntityKind::Person,
        aliases: vec![],
    }
}

fn annotation(id: &str, article: &str, text: &str, word: &str, kind: Kind) -> Annotation {
    let start = text[..text.find(word).expect("word in text")]
        .chars()
        .count();
    let span = Text::new(text.to_owned())
        .span(start..start + word.chars().count())
        .expect("span in text");
    Annotation {
        id: AnnotationId::new(id),
        article: ArticleId::new(article),
        span,
        author: Default::default(),
        created: jiff::Timestamp::UNIX_EPOCH,
        modified: jiff::Timestamp::UNIX_EPOCH,
        note: String::new(),
        tags: vec![],
        kind,
    }
}

fn quote(speaker: &str, utterance: Option<&str>) -> Kind {
    Kind::Quote(Quote {
        speaker: Some(EntityId::new(speaker)),
        utterance: utterance.map(UtteranceId::new),
        ..Quote::default()
    })
}

/// Two articles; "Putin" (e2) duplicates "Vladimir Putin" (e1) and is used by
/// a quote, a stance target and an utterance; e4 is used by nothing.
fn sample() -> AnnotationSet {
    let mut set = AnnotationSet::new(SetInfo {
        name: "test".into(),
        ..SetInfo::default()
    });
    let edits = vec![
        Edit::PutEntity(entity("e1", "Vladimir Putin")),
        Edit::PutEntity(entity("e2", "Putin")),
        Edit::PutEntity(entity("e3", "Kim Jong Un")),
        Edit::PutEntity(entity("e4", "Nobody Yet")),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("p1"),
            statement: "Two missiles were launched".into(),
        }),
        Edit::PutUtterance(Utterance {
            id: UtteranceId::new("u1"),
            speaker: Some(EntityId::new("e2")),
            wording: "we will win".into(),
        }),
        Edit::AddAnnotation(Box::new(annotation(
            "q1",
            A,
            TEXT_A,
            "we will win",
            quote("e2", Some("u1")),
        ))),
        Edit::AddAnnotation(Box::new(annotation(
            "q2",
            B,
            TEXT_B,
            "We will win,",
            quote("e1", None),
        ))),
        Edit::AddAnnotation(Box::new(annotation(
            "s1",
            B,
            TEXT_B,
            "Kim criticised Putin.",
            Kind::Stance(Stance {
                holder: Some(EntityId::new("e3")),
                target: Some(Target::Entity(EntityId::new("e2"))),
                polarity: Some(Polarity::Against),
            }),
        ))),
        Edit::AddAnnotation(Box::new(annotation(
            "c1",
            A,
            TEXT_A,
            "Two missiles flew.",
            Kind::Claim(Claim {
                propositions: [PropositionId::new("p1")].into(),
                ..Claim::default()
            }),
        ))),
    ];
    apply(&mut set, Edit::Batch(edits)).expect("sample set applies");
    set
}

fn corpus() -> Corpus {
    Corpus::from_articles(
        "seeds".into(),
        [(A, TEXT_A), (B, TEXT_B)].map(|(id, text)| {
            Article::from_text(ArticleId::new(id), format!("{id}.txt").into(), text.into())
        }),
    )
}

/// A panel's state, the set it reads and every command it returned.
struct Fixture<P> {
    panel: P,
    set: AnnotationSet,
    out: Vec<Command>,
}

fn harness<'a, P: 'a>(
    panel: P,
    set: AnnotationSet,
    mut ui: impl FnMut(&mut P, &mut egui::Ui, &AnnotationSet) -> Vec<Command> + 'a,
) -> Harness<'a, Fixture<P>> {
    Harness::builder().with_size([900.0, 700.0]).build_ui_state(
        move |egui_ui, f: &mut Fixture<P>| {
            let cmds = ui(&mut f.panel, egui_ui, &f.set);
            f.out.extend(cmds);
        },
        Fixture {
            panel,
            set,
            out: vec![],
        },
    )
}

fn only_edit(out: &[Command]) -> Edit {
    match out {
        [Command::Edit(edit)] => edit.clone(),
        other => panic!("expected one edit command, got {other:?}"),
    }
}

fn speaker_of(set: &AnnotationSet, id: &str) -> Option<EntityId> {
    match &set.annotation(&AnnotationId::new(id))?.kind {
        Kind::Quote(q) => q.speaker.clone(),
        _ => None,
    }
}

#[test]
fn entity_merge_rewrites_every_reference_and_removes_the_source() {
    let mut h = harness(EntitiesPanel::new(), sample(), |p, ui, set| {
        p.ui(ui, set, 0)
    });
    h.run();
    // "Putin" is used by q1, s1 and utterance u1.
    h.get_by_label("Putin (person) · 3").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Merge into")
        .click();
    h.run();
    h.get_by_label("Vladimir Putin").click();
    h.run();
    h.get_by_label("Merge").click();
    h.run();

    let before = h.state().set.clone();
    let edit = only_edit(&h.state().out);
    assert_eq!(
        Ok(edit.clone()),
        merge_entities(&before, &EntityId::new("e2"), &EntityId::new("e1"))
    );
    let mut after = before.clone();
    let inverse = apply(&mut after, edit).expect("merge applies");

    assert!(!after.entities().contains_key(&EntityId::new("e2")));
    assert_eq!(
        after.entities()[&EntityId::new("e1")].aliases,
        vec!["Putin".to_owned()]
    );
    assert_eq!(speaker_of(&after, "q1"), Some(EntityId::new("e1")));
    assert_eq!(speaker_of(&after, "q2"), Some(EntityId::new("e1")));
    match &after.annotation(&AnnotationId::new("s1")).unwrap().kind {
        Kind::Stance(s) => {
            assert_eq!(s.target, Some(Target::Entity(EntityId::new("e1"))));
            assert_eq!(s.holder, Some(EntityId::new("e3")));
        }
        other => panic!("s1 is {other:?}"),
    }
    assert_eq!(
        after.utterances()[&UtteranceId::new("u1")].speaker,
        Some(EntityId::new("e1"))
    );
    // One undo step restores the set.
    apply(&mut after, inverse).expect("undo applies");
    assert_eq!(after, before);
}

#[test]
fn entity_delete_is_refused_with_the_reason_while_referenced() {
    let mut h = harness(EntitiesPanel::new(), sample(), |p, ui, set| {
        p.ui(ui, set, 0)
    });
    h.run();
    h.get_by_label("Putin (person) · 3").click();
    h.run();
    h.get_by_label_contains("used by 2 annotations and 1 utterance");
    let delete = h.get_by_label("Delete entity");
    assert!(delete.accesskit_node().is_disabled());
    delete.click();
    h.run();
    assert_eq!(h.state().out, vec![]);
    // The core refuses the same removal for the same reason.
    let mut set = h.state().set.clone();
    let err = apply(&mut set, Edit::RemoveEntity(EntityId::new("e2"))).unwrap_err();
    assert!(
        matches!(&err, EditError::StillReferenced { by, .. } if by.len() == 3),
        "{err}"
    );
    // The users are listed; a click selects one.
    h.get_by_label_contains("quote q1").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![Command::SelectAnnotation(AnnotationId::new("q1"))]
    );

    // An unused entity can go.
    h.state_mut().out.clear();
    h.get_by_label("Nobody Yet (person) · 0").click();
    h.run();
    h.get_by_label("Delete entity").click();
    h.run();
    let edit = only_edit(&h.state().out);
    assert_eq!(edit, Edit::RemoveEntity(EntityId::new("e4")));
    apply(&mut set, edit).expect("unused entity removes");
    assert!(!set.entities().contains_key(&EntityId::new("e4")));
}

#[test]
fn entity_rename_and_new_with_aliases() {
    let mut h = harness(EntitiesPanel::new(), sample(), |p, ui, set| {
        p.ui(ui, set, 0)
    });
    h.run();
    h.get_by_label("New entity").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Dmitry Peskov");
    h.get_by_role_and_label(Role::MultilineTextInput, "Aliases\n(one per line)")
        .click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Aliases\n(one per line)")
        .type_text("Peskov");
    h.run();
    h.get_by_label("Create").click();
    h.run();
    let edit = only_edit(&h.state().out);
    let Edit::PutEntity(e) = &edit else {
        panic!("expected PutEntity, got {edit:?}")
    };
    assert_eq!(e.name, "Dmitry Peskov");
    assert_eq!(e.aliases, vec!["Peskov".to_owned()]);
    assert_eq!(e.kind, EntityKind::Person);
    let mut set = h.state().set.clone();
    apply(&mut set, edit.clone()).expect("new entity applies");
    assert_eq!(set.entities().len(), 5);
}

#[test]
fn table_row_click_selects_that_annotation() {
    let mut table = AnnotationTable::new();
    table.scope = Scope::Corpus;
    let mut h = harness(table, sample(), |t, ui, set| t.ui(ui, set, None, None, 0));
    h.run();
    h.get_by_label("4 annotations");
    h.get_by_label("Two missiles flew.").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![Command::SelectAnnotation(AnnotationId::new("c1"))]
    );
    // Filtering by kind and speaker narrows the rows.
    h.state_mut().out.clear();
    h.get_by_role_and_label(Role::TextInput, "Speaker").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Speaker")
        .type_text("vladimir");
    h.run();
    h.get_by_label("1 annotations");
    h.get_by_label("We will win,").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![Command::SelectAnnotation(AnnotationId::new("q2"))]
    );
}

#[test]
fn table_lists_only_the_open_article_in_article_scope() {
    let a = ArticleId::new(A);
    let mut h = harness(AnnotationTable::new(), sample(), move |t, ui, set| {
        t.ui(ui, set, Some(&a), None, 0)
    });
    h.run();
    h.get_by_label("2 annotations");
    assert!(h.query_by_label("Kim criticised Putin.").is_none());
}

/// The error-level findings: the sample set also carries a deliberate
/// duplicate entity (for the merge test) that the validator reports.
fn errors(findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

#[test]
fn findings_apply_fix_returns_the_fix_edit_and_it_resolves_the_finding() {
    // The article gained text at the front: the quote's words moved.
    let mut set = sample();
    let moved_text = format!("UPDATE: {TEXT_A}");
    let corpus = Corpus::from_articles(
        "seeds".into(),
        [
            Article::from_text(ArticleId::new(A), "a.txt".into(), moved_text),
            Article::from_text(ArticleId::new(B), "b.txt".into(), TEXT_B.into()),
        ],
    );
    let findings = errors(validate(&set, &corpus));
    let fixable: Vec<_> = findings.iter().filter(|f| f.fix.is_some()).collect();
    assert_eq!(fixable.len(), 2, "{findings:#?}");

    let shown = findings.clone();
    let mut h = Harness::builder().with_size([900.0, 600.0]).build_ui_state(
        move |ui, state: &mut (FindingsPanel, Vec<Command>)| {
            let cmds = state.0.ui(ui, &shown);
            state.1.extend(cmds);
        },
        (FindingsPanel::new(), vec![]),
    );
    h.run();
    h.get_by_label(&format!("Errors ({})", findings.len()));
    let first_fix = h
        .get_all_by_label("Apply fix")
        .next()
        .expect("a fix button");
    first_fix.click();
    h.run();
    let edit = only_edit(&h.state().1);
    assert_eq!(
        Some(&edit),
        fixable[0].fix.as_ref().map(|f| &f.edit),
        "the first fix shown is the first fixable finding"
    );
    apply(&mut set, edit).expect("fix applies");
    let left = errors(validate(&set, &corpus));
    assert_eq!(left.len(), findings.len() - 1, "{left:#?}");

    // Clicking a finding's message selects its annotation.
    h.state_mut().1.clear();
    h.get_by_label_contains("the text of c1 is no longer at")
        .click();
    h.run();
    assert_eq!(
        h.state().1,
        vec![Command::SelectAnnotation(AnnotationId::new("c1"))]
    );
}

/// A finding on both sides of a clash lists each location; a click on the
/// second selects the second annotation, not the first.
#[test]
fn findings_list_every_location_and_each_jumps() {
    let at = |article: &str, start: usize, id: &str| Location {
        article: ArticleId::new(article),
        start: Some(start),
        end: Some(start + 5),
        annotation: Some(AnnotationId::new(id)),
    };
    let shown = vec![Finding {
        rule: "X101",
        severity: Severity::Error,
        message: "quotes with the same words are attributed to different speakers".into(),
        locations: vec![at(A, 12, "q1"), at(B, 23, "q2")],
        fix: None,
    }];
    let mut h = Harness::builder().with_size([900.0, 400.0]).build_ui_state(
        move |ui, out: &mut Vec<Command>| {
            let cmds = FindingsPanel::new().ui(ui, &shown);
            out.extend(cmds);
        },
        vec![],
    );
    h.run();
    h.get_by_label(&format!("{B}:23 (q2)")).click();
    h.run();
    assert_eq!(
        h.state(),
        &vec![Command::SelectAnnotation(AnnotationId::new("q2"))]
    );
    h.state_mut().clear();
    h.get_by_label(&format!("{A}:12 (q1)")).click();
    h.run();
    assert_eq!(
        h.state(),
        &vec![Command::SelectAnnotation(AnnotationId::new("q1"))]
    );
}

#[test]
fn findings_severity_toggle_hides_errors() {
    let set = sample();
    let mut broken = set.clone();
    // A quote without a speaker: one missing-attribute error.
    let mut q = broken.annotation(&AnnotationId::new("q2")).unwrap().clone();
    q.kind = Kind::Quote(Quote::default());
    apply(&mut broken, Edit::ReplaceAnnotation(Box::new(q))).unwrap();
    let findings = errors(validate(&broken, &corpus()));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let mut h = Harness::builder().with_size([900.0, 600.0]).build_ui_state(
        move |ui, panel: &mut FindingsPanel| {
            panel.ui(ui, &findings);
        },
        FindingsPanel::new(),
    );
    h.run();
    h.get_by_label_contains("quote q2 has no speaker");
    h.get_by_label("Errors (1)").click();
    h.run();
    assert!(!h.state().show_errors);
    assert!(
        h.query_by_label_contains("quote q2 has no speaker")
            .is_none()
    );
    h.get_by_label("No findings at the chosen severities.");
}

#[test]
fn metadata_commit_returns_set_article_meta_with_the_typed_values() {
    let article = ArticleId::new(A);
    let shown = article.clone();
    let mut h = harness(MetadataForm::new(), sample(), move |form, ui, set| {
        form.ui(ui, set, &shown)
    });
    h.run();
    for (field, value) in [
        ("Outlet", "Daily Courier"),
        ("Title", "Leaders meet in the Far East"),
        ("Published", "2023-09-13"),
        ("Language", "en"),
    ] {
        h.get_by_role_and_label(Role::TextInput, field).click();
        h.run();
        h.get_by_role_and_label(Role::TextInput, field)
            .type_text(value);
        h.run();
    }
    // Typing alone sends nothing.
    assert_eq!(h.state().out, vec![]);
    h.get_by_label("Apply").click();
    h.run();
    let edit = only_edit(&h.state().out);
    assert_eq!(
        edit,
        Edit::SetArticleMeta {
            article: article.clone(),
            meta: ArticleMeta {
                outlet: "Daily Courier".into(),
                title: "Leaders meet in the Far East".into(),
                published: "2023-09-13".into(),
                language: "en".into(),
                ..ArticleMeta::default()
            },
        }
    );
    let mut set = h.state().set.clone();
    apply(&mut set, edit).unwrap();
    assert_eq!(
        set.article(&article).unwrap().record.meta.outlet,
        "Daily Courier"
    );
}

#[test]
fn typed_path_fallback_checks_the_path_exists() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder.txt");
    std::fs::write(&file, "x").unwrap();
    let mut dialogs = Dialogs::typed_only();
    dialogs.open(Purpose::OpenFolder, None);
    let mut h = Harness::builder().with_size([800.0, 400.0]).build_ui_state(
        |ui, state: &mut (Dialogs, Vec<Picked>)| {
            if let Some(picked) = state.0.ui(ui) {
                state.1.push(picked);
            }
        },
        (dialogs, vec![]),
    );
    h.run();
    h.get_by_label_contains("Type the path instead");

    let type_path = |h: &mut Harness<'_, (Dialogs, Vec<Picked>)>, path: &str| {
        h.get_by_role_and_label(Role::TextInput, "Path").click();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        h.get_by_role_and_label(Role::TextInput, "Path")
            .type_text(path);
        h.run();
        h.get_by_label("Open").click();
        h.run();
    };

    let missing = dir.path().join("missing");
    type_path(&mut h, &missing.display().to_string());
    h.get_by_label(&format!("{} does not exist", missing.display()));
    type_path(&mut h, &file.display().to_string());
    h.get_by_label(&format!("{} is not a folder", file.display()));
    assert_eq!(h.state().1, vec![]);
    assert!(h.state().0.is_open());

    type_path(&mut h, &dir.path().display().to_string());
    assert_eq!(
        h.state().1,
        vec![Picked {
            purpose: Purpose::OpenFolder,
            path: dir.path().to_owned(),
        }]
    );
    assert!(!h.state().0.is_open());
}

#[test]
fn proposition_statement_edit_and_linked_annotations() {
    let mut h = harness(PropositionsPanel::new(), sample(), |p, ui, set| {
        p.ui(ui, set, 0)
    });
    h.run();
    h.get_by_label("Two missiles were launched · 1").click();
    h.run();
    // The cross-source list names the article and the claim's text.
    h.get_by_label("a_article · claim c1 · “Two missiles flew.”");
    h.get_by_label_contains("Cannot delete: this proposition is used by 1 annotation.");
    let statement = h.get_by_role_and_label(Role::MultilineTextInput, "Statement");
    statement.click();
    h.run();
    h.key_press(egui::Key::End);
    h.get_by_role_and_label(Role::MultilineTextInput, "Statement")
        .type_text(" on 13 September");
    h.run();
    assert_eq!(h.state().out, vec![]);
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(
        only_edit(&h.state().out),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("p1"),
            statement: "Two missiles were launched on 13 September".into(),
        })
    );
}
