//! What UI code asks the app to do. Panels return commands; the app handles
//! them in one place once per frame, so no panel mutates the set itself.

use crate::core::edit::Edit;
use crate::core::import::NewArticle;
use crate::core::model::{AnnotationId, ArticleId};
use crate::core::overview::GroupId;
use crate::core::suggest::Rejection;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Apply an edit to the set as one undo step.
    Edit(Edit),
    Undo,
    Redo,
    Save,
    /// Write an import's new article texts with the next save, in the same
    /// transaction as the annotations on them, then read the folder again.
    AddArticles(Vec<NewArticle>),
    /// Open another project folder.
    OpenFolder(PathBuf),
    /// Read the open folder again (after an import added article files).
    Reload,
    /// Compare the set's files on disk with what the window loaded or last
    /// wrote (the watcher and the focus ask this too).
    CheckDisk,
    /// Files changed on disk: read them again; unsaved edits go to the
    /// journal first and are offered back.
    ReloadFromDisk,
    /// Files changed on disk: the next save writes this window's version.
    KeepMine,
    /// A read-only window: open the project for writing if it is free now.
    TryWritable,
    OpenArticle(ArticleId),
    /// Select an annotation: open its article, scroll to it, focus the inspector.
    SelectAnnotation(AnnotationId),
    /// Show a stretch of an article (e.g. a finding that names no annotation).
    RevealSpan {
        article: ArticleId,
        start: usize,
        end: usize,
    },
    /// Set (or clear) the text selection in the open article, in chars.
    Select(Option<std::ops::Range<usize>>),
    /// Deselect the selected annotation.
    ClearSelection,
    /// Make the text selection the selected quote's cue (what the
    /// inspector's "Set cue from selection" does, for the keyboard).
    CueFromSelection,
    /// Show the overview window (stance matrix, coverage grid, speakers).
    OpenOverview,
    /// Show the page of one proposition or utterance.
    OpenGroup(GroupId),
    /// Show these articles side by side (two to four; one closes the
    /// compare view).
    Compare(Vec<ArticleId>),
    /// Take one article out of the compare view.
    CloseColumn(ArticleId),
    /// Focus a suggestion of an article (a click on its outline).
    FocusSuggestion {
        article: ArticleId,
        key: Rejection,
    },
    /// Accept the focused suggestion, one undo step.
    AcceptSuggestion,
    /// Reject the focused suggestion: not offered again for its article.
    RejectSuggestion,
    /// Accept every suggestion of the open article shown on screen.
    AcceptSuggestionsInView,
    /// Link the selected claim or quote with the one last selected in
    /// another column of the compare view.
    LinkAcross,
}
