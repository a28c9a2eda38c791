//! Passages in other articles that say what an annotation says.
