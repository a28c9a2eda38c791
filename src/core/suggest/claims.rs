//! Sentences that state something checkable.
