//! The entity panel: people, organisations, countries and outlets that
//! quotes, claims and stances name. Browse, rename, add aliases, merge two
//! entities (every reference is rewritten), delete when unused.

use crate::app::command::Command;
use crate::app::registry::{Item, References, RegistryPanel, Use};
use crate::core::edit::{Edit, merge_entities};
use crate::core::model::{AnnotationSet, Entity, EntityId, EntityKind};

pub type EntitiesPanel = RegistryPanel<Entity>;

pub const KINDS: [EntityKind; 6] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Country,
    EntityKind::Outlet,
    EntityKind::Place,
    EntityKind::Other,
];

pub fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organisation",
        EntityKind::Country => "country",
        EntityKind::Outlet => "outlet",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

/// The entity chosen as the target of a merge.
#[derive(Default)]
pub struct MergeState {
    into: Option<EntityId>,
}

impl Item for Entity {
    const NOUN: &'static str = "entity";
    const ID_PREFIX: &'static str = "e";
    type Extra = MergeState;

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn blank(id: String) -> Self {
        Entity {
            id: EntityId::new(id),
            kind: EntityKind::Person,
            ..Entity::default()
        }
    }

    fn all(set: &AnnotationSet) -> Vec<&Self> {
        set.entities().values().collect()
    }

    fn get<'s>(set: &'s AnnotationSet, id: &str) -> Option<&'s Self> {
        set.entities().get(&EntityId::new(id))
    }

    fn users<'r>(refs: &'r References, id: &str) -> &'r [Use] {
        refs.entities.get(id).map_or(&[], Vec::as_slice)
    }

    fn label(&self, _set: &AnnotationSet) -> String {
        let mut label = format!("{} ({})", self.name, kind_label(self.kind));
        if !self.aliases.is_empty() {
            label.push_str(&format!(" aka {}", self.aliases.join(", ")));
        }
        label
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui, _set: &AnnotationSet, salt: &str) {
        egui::Grid::new((salt, "entity fields"))
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Name");
                ui.text_edit_singleline(&mut self.name)
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Kind");
                egui::ComboBox::from_id_salt((salt, "entity kind"))
                    .selected_text(kind_label(self.kind))
                    .show_ui(ui, |ui| {
                        for kind in KINDS {
                            ui.selectable_value(&mut self.kind, kind, kind_label(kind));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                // One alias per line: names may contain commas.
                let label = ui.label("Aliases\n(one per line)");
                let mut text = self.aliases.join("\n");
                if ui
                    .add(egui::TextEdit::multiline(&mut text).desired_rows(2))
                    .labelled_by(label.id)
                    .changed()
                {
                    self.aliases = text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect();
                }
                ui.end_row();
            });
    }

    fn is_complete(&self) -> bool {
        !self.name.trim().is_empty()
    }

    fn put(self) -> Edit {
        Edit::PutEntity(self)
    }

    fn remove(&self) -> Edit {
        Edit::RemoveEntity(self.id.clone())
    }

    /// "Merge into …": this entity's references move to the chosen one and
    /// this one goes, as one undo step.
    fn extra_ui(
        &self,
        merge: &mut MergeState,
        ui: &mut egui::Ui,
        set: &AnnotationSet,
    ) -> Option<Command> {
        if merge.into.as_ref() == Some(&self.id) {
            merge.into = None;
        }
        let mut cmd = None;
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.label("Merge into");
            let chosen = merge
                .into
                .as_ref()
                .and_then(|id| set.entities().get(id))
                .map_or_else(|| "Pick an entity…".to_owned(), |e| e.name.clone());
            egui::ComboBox::from_id_salt("merge into")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for other in set.entities().values().filter(|e| e.id != self.id) {
                        ui.selectable_value(&mut merge.into, Some(other.id.clone()), &other.name);
                    }
                })
                .response
                .labelled_by(label.id);
            let merge_button = ui.add_enabled(merge.into.is_some(), egui::Button::new("Merge"));
            if merge_button.clicked()
                && let Some(into) = merge.into.take()
            {
                // Both ids come from the set just shown, so this only fails
                // if the set changed under us; then do nothing.
                cmd = merge_entities(set, &self.id, &into).ok().map(Command::Edit);
            }
        });
        ui.weak(
            "Merging moves every quote, claim, stance and utterance that names this entity to \
             the chosen one, keeps this name as an alias, and removes this entity.",
        );
        cmd
    }
}
