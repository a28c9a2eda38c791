//! Quoted passages, their speakers and cues.

pub fn quotes(
    _set: &crate::core::model::AnnotationSet,
    _article: &crate::core::article::Article,
) -> Vec<super::Suggestion> {
    Vec::new()
}
