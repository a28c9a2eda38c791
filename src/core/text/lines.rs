//! Line and column of char offsets, as compilers print them: one table of
//! line starts per text, so a thousand locations in one article cost a
//! binary search each instead of a walk from the start.

/// The char offset at which each line starts. A line ends after `'\n'`;
/// `'\r'` is an ordinary char (a CRLF line's `'\r'` is its last column).
#[derive(Clone, Debug)]
pub struct Lines {
    starts: Vec<usize>,
    chars: usize,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut chars = 0;
        for c in text.chars() {
            chars += 1;
            if c == '\n' {
                starts.push(chars);
            }
        }
        Self { starts, chars }
    }

    /// 1-based line and column (in chars) of char offset `at`; `None` past
    /// the end of the text (the end itself has a place: after the last char).
    pub fn line_col(&self, at: usize) -> Option<(usize, usize)> {
        if at > self.chars {
            return None;
        }
        let line = self.starts.partition_point(|&s| s <= at);
        Some((line, at - self.starts[line - 1] + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        // 'é' and '😀' are one char each; '\r' is a column of its line.
        let lines = Lines::new("aé\r\n😀b\n\nz");
        let at = |i| lines.line_col(i);
        assert_eq!(at(0), Some((1, 1)));
        assert_eq!(at(2), Some((1, 3)), "the '\\r'");
        assert_eq!(at(3), Some((1, 4)), "the '\\n'");
        assert_eq!(at(4), Some((2, 1)));
        assert_eq!(at(6), Some((2, 3)));
        assert_eq!(at(7), Some((3, 1)), "an empty line");
        assert_eq!(at(8), Some((4, 1)));
        assert_eq!(at(9), Some((4, 2)), "the end of the text");
        assert_eq!(at(10), None);
        assert_eq!(Lines::new("").line_col(0), Some((1, 1)));
    }
}
