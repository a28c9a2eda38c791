//! The utterance panel: the same spoken words as several outlets report them.
//! Edit the wording and the speaker; see every linked quote across outlets.

use crate::app::registry::{Item, References, RegistryPanel, Use, excerpt};
use crate::core::edit::Edit;
use crate::core::model::{AnnotationSet, EntityId, Utterance, UtteranceId};
use crate::core::overview::GroupId;

pub type UtterancesPanel = RegistryPanel<Utterance>;

fn speaker_name(set: &AnnotationSet, speaker: Option<&EntityId>) -> String {
    match speaker {
        None => "no speaker".to_owned(),
        Some(id) => set
            .entities()
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone()),
    }
}

impl Item for Utterance {
    const NOUN: &'static str = "utterance";
    const ID_PREFIX: &'static str = "u";
    type Extra = ();

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn blank(id: String) -> Self {
        Utterance {
            id: UtteranceId::new(id),
            speaker: None,
            wording: String::new(),
        }
    }

    fn all(set: &AnnotationSet) -> Vec<&Self> {
        set.utterances().values().collect()
    }

    fn get<'s>(set: &'s AnnotationSet, id: &str) -> Option<&'s Self> {
        set.utterances().get(&UtteranceId::new(id))
    }

    fn users<'r>(refs: &'r References, id: &str) -> &'r [Use] {
        refs.utterances.get(id).map_or(&[], Vec::as_slice)
    }

    fn label(&self, set: &AnnotationSet) -> String {
        format!(
            "{}: “{}”",
            speaker_name(set, self.speaker.as_ref()),
            excerpt(&self.wording, 70)
        )
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet, salt: &str) {
        ui.horizontal(|ui| {
            let label = ui.label("Speaker");
            egui::ComboBox::from_id_salt((salt, "utterance speaker"))
                .selected_text(speaker_name(set, self.speaker.as_ref()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.speaker, None, "no speaker");
                    for e in set.entities().values() {
                        ui.selectable_value(&mut self.speaker, Some(e.id.clone()), &e.name);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        let label = ui.label("Wording");
        ui.add(
            egui::TextEdit::multiline(&mut self.wording)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    }

    fn is_complete(&self) -> bool {
        !self.wording.trim().is_empty()
    }

    fn put(self) -> Edit {
        Edit::PutUtterance(self)
    }

    fn page(&self) -> Option<GroupId> {
        Some(GroupId::Utterance(self.id.clone()))
    }

    fn remove(&self) -> Edit {
        Edit::RemoveUtterance(self.id.clone())
    }
}
