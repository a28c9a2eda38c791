//! The proposition panel: one claim as several articles make it. Edit the
//! canonical statement and see every linked claim and stance across outlets.

use crate::app::registry::{Item, References, RegistryPanel, Use, excerpt};
use crate::core::edit::Edit;
use crate::core::model::{AnnotationSet, Proposition, PropositionId};
use crate::core::overview::GroupId;

pub type PropositionsPanel = RegistryPanel<Proposition>;

impl Item for Proposition {
    const NOUN: &'static str = "proposition";
    const ID_PREFIX: &'static str = "p";
    type Extra = ();

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn blank(id: String) -> Self {
        Proposition {
            id: PropositionId::new(id),
            statement: String::new(),
        }
    }

    fn all(set: &AnnotationSet) -> Vec<&Self> {
        set.propositions().values().collect()
    }

    fn get<'s>(set: &'s AnnotationSet, id: &str) -> Option<&'s Self> {
        set.propositions().get(&PropositionId::new(id))
    }

    fn users<'r>(refs: &'r References, id: &str) -> &'r [Use] {
        refs.propositions.get(id).map_or(&[], Vec::as_slice)
    }

    fn label(&self, _set: &AnnotationSet) -> String {
        excerpt(&self.statement, 80)
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui, _set: &AnnotationSet, _salt: &str) {
        let label = ui.label("Statement");
        ui.add(
            egui::TextEdit::multiline(&mut self.statement)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    }

    fn is_complete(&self) -> bool {
        !self.statement.trim().is_empty()
    }

    fn put(self) -> Edit {
        Edit::PutProposition(self)
    }

    fn page(&self) -> Option<GroupId> {
        Some(GroupId::Proposition(self.id.clone()))
    }

    fn remove(&self) -> Edit {
        Edit::RemoveProposition(self.id.clone())
    }
}
