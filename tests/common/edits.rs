//! Random edits of an article with their ground truth, for the re-anchoring
//! test and benchmark: insertions, deletions and replacements covering a
//! share of the text, and where each old offset went.

use concord::core::generate::Rng;

/// One edit: chars `start..end` of the old text become `new`.
pub struct TextEdit {
    pub start: usize,
    pub end: usize,
    pub new: String,
}

/// Words inserted by edits: some of them occur in the generated articles,
/// so an edit can plant a second copy of a span's word nearby.
const WORDS: &[&str] = &[
    "said",
    "the",
    "officials",
    "Okafor",
    "talks",
    "reportedly",
    "in May",
    "two",
    "border",
    "according to sources",
    "late on Tuesday",
    "—",
    "however",
    "the coast",
    "Norland",
];

fn filler(rng: &mut Rng, chars: usize) -> String {
    let mut s = String::new();
    while s.chars().count() < chars {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    s.chars().take(chars.max(1)).collect()
}

/// Edits touching about `percent` % of `text`'s chars, sorted and apart.
pub fn random_edits(text: &str, rng: &mut Rng, percent: usize) -> Vec<TextEdit> {
    let len = text.chars().count();
    let budget = len * percent / 100;
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut used = 0;
    let mut tries = 0;
    while used < budget && tries < 10_000 {
        tries += 1;
        let size = 1 + rng.below(16);
        let start = rng.below(len);
        let (end, new) = match rng.below(3) {
            0 => (start, filler(rng, size)),
            1 => ((start + size).min(len), String::new()),
            _ => {
                let with = 1 + rng.below(16);
                ((start + size).min(len), filler(rng, with))
            }
        };
        // Keep edits apart so each old char has one fate.
        if edits
            .iter()
            .any(|e| start <= e.end + 1 && e.start <= end + 1)
        {
            continue;
        }
        used += (end - start).max(new.chars().count());
        edits.push(TextEdit { start, end, new });
    }
    edits.sort_by_key(|e| e.start);
    edits
}

pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        out.extend(&chars[at..e.start]);
        out.push_str(&e.new);
        at = e.end;
    }
    out.extend(&chars[at..]);
    out
}

/// True when no edit touches the chars `start..end` (an insertion at either
/// end leaves them alone).
pub fn survives(edits: &[TextEdit], start: usize, end: usize) -> bool {
    edits.iter().all(|e| {
        if e.start == e.end {
            e.start <= start || e.start >= end
        } else {
            e.end <= start || e.start >= end
        }
    })
}

/// Where old offset `p` is now; inside a removed or replaced stretch, as far
/// into its replacement as into the old stretch.
pub fn map_offset(edits: &[TextEdit], p: usize) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        if e.start < p && p < e.end {
            let into = (p - e.start).min(e.new.chars().count());
            return (e.start as isize + shift) as usize + into;
        }
        if e.end <= p {
            shift += e.new.chars().count() as isize - (e.end - e.start) as isize;
        }
    }
    (p as isize + shift) as usize
}
