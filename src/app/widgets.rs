//! Small pieces several panels draw the same way: the kind colours and the
//! annotation summary card. A leaf module: it imports no panel.

use crate::core::model::{Annotation, AnnotationSet, Kind, KindName, Target};
use egui::Color32;

/// One colour per kind, readable on light and dark backgrounds.
pub fn kind_color(kind: KindName, dark: bool) -> Color32 {
    match (kind, dark) {
        (KindName::Claim, false) => Color32::from_rgb(0x1f, 0x6f, 0xd1),
        (KindName::Claim, true) => Color32::from_rgb(0x6c, 0xb2, 0xff),
        (KindName::Quote, false) => Color32::from_rgb(0xc2, 0x6a, 0x00),
        (KindName::Quote, true) => Color32::from_rgb(0xff, 0xb3, 0x4d),
        (KindName::Stance, false) => Color32::from_rgb(0x8e, 0x35, 0xc9),
        (KindName::Stance, true) => Color32::from_rgb(0xd0, 0x8c, 0xff),
    }
}

/// Kind and key attributes, for the hover card.
pub fn annotation_summary_ui(ui: &mut egui::Ui, set: &AnnotationSet, a: &Annotation) {
    let dark = ui.visuals().dark_mode;
    let name = a.kind.name();
    ui.set_min_width(220.0);
    ui.label(
        egui::RichText::new(name.as_str())
            .strong()
            .color(kind_color(name, dark)),
    );
    let entity = |id: Option<&crate::core::model::EntityId>, none: &str| -> String {
        id.map_or(none.to_owned(), |id| {
            set.entities()
                .get(id)
                .map_or(format!("{id} (missing)"), |e| e.name.clone())
        })
    };
    match &a.kind {
        Kind::Claim(c) => {
            ui.label(format!(
                "by {}",
                entity(c.attributed_to.as_ref(), "the outlet")
            ));
            if c.modality != crate::core::model::Modality::Asserted {
                ui.label(c.modality.as_str());
            }
            for p in &c.propositions {
                let statement = set
                    .propositions()
                    .get(p)
                    .map_or(p.as_str(), |p| p.statement.as_str());
                ui.label(format!("proposition: {statement}"));
            }
        }
        Kind::Quote(q) => {
            ui.label(format!(
                "speaker: {}",
                entity(q.speaker.as_ref(), "— not set")
            ));
            ui.label(format!("{:?}", q.mode).to_lowercase());
        }
        Kind::Stance(s) => {
            ui.label(format!(
                "holder: {}",
                entity(s.holder.as_ref(), "the outlet")
            ));
            let target = match &s.target {
                Some(Target::Entity(e)) => entity(Some(e), ""),
                Some(Target::Proposition(p)) => set
                    .propositions()
                    .get(p)
                    .map_or(p.to_string(), |p| p.statement.clone()),
                None => "— not set".into(),
            };
            ui.label(format!("target: {target}"));
            let polarity = s.polarity.map_or("— not set".to_owned(), |p| {
                format!("{p:?}").to_lowercase()
            });
            ui.label(format!("polarity: {polarity}"));
        }
    }
    if !a.note.is_empty() {
        ui.weak(&a.note);
    }
}
