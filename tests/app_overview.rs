//! The overview window and the proposition page, driven through the real
//! window on the shipped seeds set: a click on a stance-matrix cell lists
//! exactly that outlet's stances on that target, a click on one selects it;
//! a coverage-grid cell opens the proposition page, which lists the set's
//! members of it and marks the word a member words differently.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::overview::Tab;
use concord::app::{Command, ConcordApp};
use concord::core::edit::Edit;
use concord::core::model::{AnnotationId, Kind, Proposition, Target};
use concord::core::overview::{GroupId, outlet_of, overview};
use concord::core::store::Project;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::collections::BTreeSet;
use std::path::Path;

/// The repo's project (seed articles and the shipped set) in a fresh folder.
fn shipped_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut todo = vec![std::path::PathBuf::from("annotations"), "seeds".into()];
    while let Some(rel) = todo.pop() {
        let from = root.join(&rel);
        if from.is_dir() {
            std::fs::create_dir_all(dir.path().join(&rel)).unwrap();
            for entry in std::fs::read_dir(&from).unwrap() {
                todo.push(rel.join(entry.unwrap().file_name()));
            }
        } else {
            std::fs::copy(&from, dir.path().join(&rel)).unwrap();
        }
    }
    dir
}

fn harness_on(dir: &Path) -> Harness<'static, ConcordApp> {
    harness_with(window::writable(dir))
}

/// The shipped set as a project held in memory, so a snapshot shows no
/// temporary path.
fn in_memory() -> Harness<'static, ConcordApp> {
    let dir = shipped_folder();
    let p = window::writable(dir.path());
    let project = Project::in_memory(
        ".".into(),
        p.settings.clone(),
        p.corpus.clone(),
        p.set.clone(),
    );
    let mut harness = harness_with(project);
    // A set in memory has no writer; its banner is not what the picture
    // is about. The findings shown are the validator's of this set.
    harness.state_mut().banners.read_only = None;
    window::settle(&mut harness, "validation", ConcordApp::findings_are_current);
    harness
}

fn harness_with(project: Project) -> Harness<'static, ConcordApp> {
    let app = ConcordApp::new(project, window::prefs());
    let mut harness = Harness::builder()
        .with_size(vec2(1300.0, 850.0))
        .with_context_setup(|ctx| {
            concord::app::fonts::install(ctx);
            ctx.all_styles_mut(|s| s.animation_time = 0.0);
        })
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Opens the overview from the View menu, as the editor does.
fn open_overview(harness: &mut Harness<'_, ConcordApp>) {
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Overview").click();
    harness.run();
    assert!(harness.state().overview.open, "the overview opened");
}

/// The stances of the set whose article is `outlet`'s and whose target is
/// `target`, worked out from the set itself.
fn stances_of(app: &ConcordApp, outlet: &str, target: &Target) -> BTreeSet<AnnotationId> {
    let set = &app.project.set;
    set.annotations()
        .filter(|a| outlet_of(set, &a.article) == outlet)
        .filter(|a| match &a.kind {
            Kind::Stance(s) => s.target.as_ref() == Some(target) && s.polarity.is_some(),
            _ => false,
        })
        .map(|a| a.id.clone())
        .collect()
}

/// The annotation ids the listing under the table shows (each line names
/// its id between middle dots).
fn listed(
    harness: &Harness<'_, ConcordApp>,
    among: &BTreeSet<AnnotationId>,
) -> BTreeSet<AnnotationId> {
    among
        .iter()
        .filter(|id| {
            harness
                .query_by_label_contains(&format!(" · {id} · "))
                .is_some()
        })
        .cloned()
        .collect()
}

#[test]
fn a_stance_cell_lists_its_stances_and_a_click_selects_one() {
    let dir = shipped_folder();
    let mut harness = harness_on(dir.path());
    open_overview(&mut harness);
    assert_eq!(harness.state().overview.tab, Tab::Stances);

    // The busiest cell of the matrix, found from the set: every outlet ×
    // every target with a stance.
    let app = harness.state();
    let set = &app.project.set;
    let all_stances: BTreeSet<AnnotationId> = set
        .annotations()
        .filter(|a| matches!(a.kind, Kind::Stance(_)))
        .map(|a| a.id.clone())
        .collect();
    let outlets: BTreeSet<String> = set
        .annotations()
        .map(|a| outlet_of(set, &a.article))
        .collect();
    let targets: BTreeSet<Target> = set
        .annotations()
        .filter_map(|a| match &a.kind {
            Kind::Stance(s) => s.target.clone(),
            _ => None,
        })
        .collect();
    let (outlet, target, expected) = outlets
        .iter()
        .flat_map(|o| targets.iter().map(move |t| (o, t)))
        .map(|(o, t)| (o.clone(), t.clone(), stances_of(app, o, t)))
        .max_by_key(|(_, _, s)| s.len())
        .expect("the seeds have stances");
    assert!(
        expected.len() >= 2,
        "a cell with several stances: {expected:?}"
    );
    let target_name = match &target {
        Target::Entity(e) => set.entities()[e].name.clone(),
        Target::Proposition(p) => set.propositions()[p].statement.clone(),
    };

    // Nothing listed before a click.
    assert!(listed(&harness, &all_stances).is_empty());
    harness
        .get_by_label_contains(&format!("{outlet} on {target_name}: "))
        .click();
    harness.run();
    assert_eq!(
        listed(&harness, &all_stances),
        expected,
        "{outlet} on {target_name}"
    );
    harness.get_by_label_contains(&format!("Stances of {outlet} on"));

    let pick = expected.iter().next_back().unwrap().clone();
    harness
        .get_by_label_contains(&format!(" · {pick} · "))
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.selected.as_ref(), Some(&pick));
    assert_eq!(
        app.article.as_ref(),
        Some(&app.project.set.annotation(&pick).unwrap().article)
    );
}

/// A proposition two outlets carry, its page opened from the coverage grid:
/// the members are the set's claims of it, and the one word a member has
/// that the (edited) statement has not is marked, the statement's own word
/// named as left out.
#[test]
fn the_coverage_grid_opens_the_proposition_page() {
    let dir = shipped_folder();
    let mut harness = harness_on(dir.path());

    // The shared proposition, from the set: claims of it in two outlets.
    let app = harness.state();
    let set = &app.project.set;
    let shared = set
        .propositions()
        .values()
        .find(|p| {
            let outlets: BTreeSet<String> = set
                .annotations()
                .filter(|a| a.propositions().contains(&p.id))
                .map(|a| outlet_of(set, &a.article))
                .collect();
            outlets.len() >= 2
        })
        .expect("the seeds share a proposition across outlets")
        .clone();
    let members: BTreeSet<AnnotationId> = set
        .annotations()
        .filter(|a| a.propositions().contains(&shared.id))
        .map(|a| a.id.clone())
        .collect();
    // Word the statement as one member words it, but for one word.
    let first = set
        .annotation(members.iter().next().unwrap())
        .unwrap()
        .clone();
    let wording = first.span.exact().to_owned();
    let word = wording
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .rfind(|w| w.len() >= 5)
        .expect("a long word")
        .to_owned();
    // The last occurrence is the word itself, not a part of an earlier one.
    let at = wording.rfind(&word).unwrap();
    let statement = format!(
        "{}harbourmaster{}",
        &wording[..at],
        &wording[at + word.len()..]
    );
    let outlet = outlet_of(set, &first.article);
    let edit = Edit::PutProposition(Proposition {
        id: shared.id.clone(),
        statement: statement.clone(),
    });
    harness.state_mut().handle(Command::Edit(edit));
    harness.run();

    open_overview(&mut harness);
    harness.get_by_label("Coverage grid").click();
    harness.run();
    let short: String = statement.chars().take(50).collect();
    harness
        .get_by_label_contains(&format!("{outlet} carries “{short}"))
        .click();
    harness.run();

    let page = &harness.state().overview.page;
    assert!(page.open);
    assert_eq!(page.group(), Some(&GroupId::Proposition(shared.id.clone())));
    let shown: BTreeSet<AnnotationId> = page.members().iter().map(|m| m.id.clone()).collect();
    assert_eq!(shown, members);
    let member = page.members().iter().find(|m| m.id == first.id).unwrap();
    assert_eq!(member.added_words(), vec![word.clone()]);
    assert_eq!(
        member.missing_words(&statement),
        vec!["harbourmaster".to_owned()]
    );
    harness.get_by_label("Leaves out: harbourmaster");
    // Every outlet of the grid that has no member is named as missing it.
    let data = overview(
        &harness.state().project.set,
        &harness.state().project.corpus,
    );
    let row = data.row(&GroupId::Proposition(shared.id.clone())).unwrap();
    let missing = data.outlets_missing(row);
    if !missing.is_empty() {
        harness.get_by_label_contains(&format!("Not carried by: {}", missing.join(", ")));
    }

    // A member's wording selects it.
    let other = members.iter().find(|id| **id != first.id).unwrap().clone();
    let exact = harness
        .state()
        .project
        .set
        .annotation(&other)
        .unwrap()
        .span
        .exact()
        .to_owned();
    harness.get_by_label(&exact).click();
    harness.run();
    assert_eq!(harness.state().selected.as_ref(), Some(&other));
}

/// The propositions tab's "Open page" opens the same page.
#[test]
fn the_propositions_tab_opens_a_page() {
    let dir = shipped_folder();
    let mut harness = harness_on(dir.path());
    let id = harness
        .state()
        .project
        .set
        .propositions()
        .keys()
        .next()
        .unwrap()
        .clone();
    harness.state_mut().bottom_tab = concord::app::BottomTab::Propositions;
    harness.state_mut().propositions.select(id.as_str());
    harness.run();
    harness.get_by_label("Open page").click();
    harness.run();
    let page = &harness.state().overview.page;
    assert!(page.open);
    assert_eq!(page.group(), Some(&GroupId::Proposition(id)));
}

#[test]
fn overview_snapshot() {
    let mut harness = in_memory();
    open_overview(&mut harness);
    let app = harness.state();
    let data = overview(&app.project.set, &app.project.corpus);
    let (row, col) = (
        0,
        data.stances.cells[0]
            .iter()
            .position(|c| c.total() > 0)
            .unwrap(),
    );
    let label = format!(
        "{} on {}: ",
        data.outlets[col], data.stances.targets[row].label
    );
    harness.get_by_label_contains(&label).click();
    harness.run();
    harness.snapshot("overview");
}

#[test]
fn group_page_snapshot() {
    let mut harness = in_memory();
    let app = harness.state();
    let data = overview(&app.project.set, &app.project.corpus);
    let group = data.coverage.rows[0].group.clone();
    harness.state_mut().handle(Command::OpenGroup(group));
    harness.run();
    harness.snapshot("group_page");
}

/// The page lists the validator's findings that name its proposition: a
/// claim linked to one the set does not define.
#[test]
fn the_page_shows_the_findings_that_name_it() {
    let dir = shipped_folder();
    let mut harness = harness_on(dir.path());
    let app = harness.state();
    let mut claim = app
        .project
        .set
        .annotations()
        .find(|a| matches!(a.kind, Kind::Claim(_)))
        .unwrap()
        .clone();
    if let Kind::Claim(c) = &mut claim.kind {
        c.propositions
            .push(concord::core::model::PropositionId::new("ghost-deal"));
    }
    let edit = Edit::ReplaceAnnotation(Box::new(claim));
    harness.state_mut().handle(Command::Edit(edit));
    window::settle(&mut harness, "validation", |app| {
        app.findings_are_current() && app.revision > 0
    });
    let group = GroupId::Proposition(concord::core::model::PropositionId::new("ghost-deal"));
    harness.state_mut().handle(Command::OpenGroup(group));
    harness.run();
    let expected: Vec<String> = harness
        .state()
        .findings()
        .iter()
        .filter(|f| f.message.contains("proposition ghost-deal"))
        .map(|f| f.message.clone())
        .collect();
    assert!(
        !expected.is_empty(),
        "the validator names the missing proposition"
    );
    harness.get_by_label(&format!("Findings ({})", expected.len()));
    for message in expected {
        harness.get_by_label(&message);
    }
}
