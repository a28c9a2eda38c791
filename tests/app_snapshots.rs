//! PNG snapshots of the window with nested and overlapping spans, in the
//! light and dark themes (`UPDATE_SNAPSHOTS=1` rewrites them).

#![cfg(feature = "gui")]

use concord::app::{Command, ConcordApp, Prefs};
use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, apply};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, Claim, Entity, EntityId,
    EntityKind, Kind, Polarity, Quote, SetInfo, Stance, Target,
};
use concord::core::store::{FORMAT_VERSION, Project, Settings};
use egui::vec2;
use egui_kittest::Harness;

const TEXT: &str = "Leaders met on Wednesday at the Vostochny Cosmodrome.\n\n\
“Russia is currently engaged in a just fight against hegemonic forces,” Kim said, \
in an apparent reference to the war. Critics called the summit a clear violation of \
UN resolutions.\n\nThe two sides discussed military cooperation, space technology \
and the war in Ukraine, officials said.";

fn project() -> Project {
    let id = ArticleId::new("summit");
    let article = Article::from_text(id.clone(), "summit.txt".into(), TEXT.into());
    let mut set = AnnotationSet::new(SetInfo::default());
    let span = |s: &str| {
        let byte = TEXT.find(s).unwrap();
        let start = article.text.byte_to_char(byte).unwrap();
        article.text.span(start..start + s.chars().count()).unwrap()
    };
    let annotation = |n: usize, exact: &str, kind: Kind| {
        Edit::AddAnnotation(Box::new(Annotation {
            id: AnnotationId::new(format!("a{n}")),
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
    let kim = EntityId::new("kim");
    let edits = vec![
        Edit::PutEntity(Entity {
            id: kim.clone(),
            name: "Kim Jong Un".into(),
            kind: EntityKind::Person,
            aliases: vec!["Kim".into()],
        }),
        Edit::SetArticleMeta {
            article: id.clone(),
            meta: ArticleMeta {
                outlet: "Daily Courier".into(),
                title: "Summit in the Far East".into(),
                published: "2023-09-13".into(),
                ..ArticleMeta::default()
            },
        },
        // A claim over a whole sentence, with a quote inside it, a stance
        // inside the quote, and a claim overlapping the quote's end.
        annotation(
            1,
            "“Russia is currently engaged in a just fight against hegemonic forces,” Kim said",
            Kind::Claim(Claim::default()),
        ),
        annotation(
            2,
            "Russia is currently engaged in a just fight against hegemonic forces",
            Kind::Quote(Quote {
                speaker: Some(kim.clone()),
                ..Quote::default()
            }),
        ),
        annotation(
            3,
            "a just fight",
            Kind::Stance(Stance {
                holder: Some(kim),
                target: None,
                polarity: Some(Polarity::Favor),
            }),
        ),
        annotation(
            4,
            "Critics called the summit a clear violation of UN resolutions",
            Kind::Stance(Stance {
                holder: None,
                target: Some(Target::Entity(EntityId::new("kim"))),
                polarity: Some(Polarity::Against),
            }),
        ),
        annotation(
            5,
            "discussed military cooperation, space technology and the war in Ukraine",
            Kind::Claim(Claim::default()),
        ),
    ];
    apply(&mut set, Edit::Batch(edits)).unwrap();
    Project::in_memory(
        "summit".into(),
        Settings {
            format: FORMAT_VERSION,
            articles: ".".into(),
            default_set: "default".into(),
        },
        Corpus::from_articles(".".into(), [article]).into(),
        set,
    )
}

fn snapshot(theme: egui::Theme, name: &str) {
    let mut app = ConcordApp::new(project(), Prefs::default());
    app.handle(Command::SelectAnnotation(AnnotationId::new("a2")));
    let mut harness = Harness::builder()
        .with_size(vec2(1100.0, 520.0))
        .with_theme(theme)
        .with_context_setup(|ctx| ctx.all_styles_mut(|s| s.animation_time = 0.0))
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness.snapshot(name);
}

#[test]
fn article_view_light() {
    snapshot(egui::Theme::Light, "article_view_light");
}

#[test]
fn article_view_dark() {
    snapshot(egui::Theme::Dark, "article_view_dark");
}
