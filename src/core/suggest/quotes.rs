//! Quoted passages, their speakers and cues.
