//! The report's `index.html`: one self-contained page (inline CSS, no
//! scripts, no fonts or images from elsewhere) with the charts beside it,
//! the tables behind them and the validator's findings by severity.

use super::CHARTS;
use super::chart::{balance_colour, group_kind, ink_on, stance_counts};
use crate::core::article::Corpus;
use crate::core::model::{AnnotationId, AnnotationSet};
use crate::core::overview::Overview;
use crate::core::validate::{Finding, Location, Severity};
use std::fmt::Write as _;

pub(super) struct Page<'a> {
    pub set: &'a AnnotationSet,
    pub corpus: &'a Corpus,
    pub overview: &'a Overview,
    pub findings: &'a [Finding],
    /// Pixel size of each of [`CHARTS`], in order.
    pub sizes: &'a [(u32, u32)],
}

/// `text` safe in HTML text and in a quoted attribute.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#1e1e1e;line-height:1.4}\
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\
img{max-width:100%;height:auto;border:1px solid #ddd}\
table{border-collapse:collapse;margin:1em 0;font-size:.9em}\
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}\
td.empty{color:#999}.ids{color:#555;font-size:.85em}\
.error{color:#a40000}.warning{color:#8a5a00}.info{color:#24528a}\
ul.findings li{margin:.3em 0}code{font-size:.9em}\
";

fn ids(list: &[AnnotationId]) -> String {
    esc(&list
        .iter()
        .map(AnnotationId::as_str)
        .collect::<Vec<_>>()
        .join(", "))
}

fn outlet_header(out: &mut String, first: &[&str], o: &Overview) {
    out.push_str("<thead><tr>");
    for h in first {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    for outlet in &o.outlets {
        let _ = write!(out, "<th dir=\"auto\">{}</th>", esc(outlet));
    }
    out.push_str("</tr></thead>\n");
}

fn figure(out: &mut String, name: &str, size: (u32, u32), alt: &str) {
    let _ = writeln!(
        out,
        "<p><img src=\"{name}.svg\" width=\"{}\" height=\"{}\" alt=\"{}\"><br>\
         <a href=\"{name}.svg\">SVG</a> · <a href=\"{name}.png\">PNG</a></p>",
        size.0,
        size.1,
        esc(alt)
    );
}

fn stances(out: &mut String, o: &Overview, size: (u32, u32)) {
    out.push_str("<section id=\"stances\">\n<h2>Stances by outlet</h2>\n");
    figure(out, "stances", size, "Stance matrix: targets by outlet");
    let m = &o.stances;
    if m.targets.is_empty() {
        out.push_str("<p>No stance has a target and a polarity yet.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<p>Each cell: favor / against / neutral stances the outlet's articles take on the target.</p>\n<table>\n",
    );
    outlet_header(out, &["Target"], o);
    out.push_str("<tbody>\n");
    for (t, row) in m.targets.iter().zip(&m.cells) {
        let _ = write!(out, "<tr><th dir=\"auto\">{}</th>", esc(&t.label));
        for c in row {
            if c.total() == 0 {
                out.push_str("<td class=\"n empty\">–</td>");
                continue;
            }
            let colour = balance_colour(c.balance());
            let ink = ink_on(colour);
            let _ = write!(
                out,
                "<td class=\"n\" style=\"background:#{:02x}{:02x}{:02x};color:#{:02x}{:02x}{:02x}\" title=\"{}\">{}<br><span class=\"ids\" style=\"color:inherit\">{} favor, {} against, {} neutral</span></td>",
                colour.0,
                colour.1,
                colour.2,
                ink.0,
                ink.1,
                ink.2,
                ids(&c.stances),
                stance_counts(c),
                c.favor,
                c.against,
                c.neutral
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn coverage(out: &mut String, o: &Overview, size: (u32, u32)) {
    out.push_str(
        "<section id=\"coverage\">\n<h2>Which outlet carries which claim and quote</h2>\n",
    );
    figure(
        out,
        "coverage",
        size,
        "Coverage grid: claims and quotes by outlet",
    );
    if o.coverage.rows.is_empty() {
        out.push_str(
            "<p>No claim or quote is linked to a proposition or utterance yet.</p>\n</section>\n",
        );
        return;
    }
    out.push_str("<p>Each cell: the outlet's annotations of the claim or quote.</p>\n<table>\n");
    outlet_header(out, &["Kind", "Claim or words", "Outlets"], o);
    out.push_str("<tbody>\n");
    for r in &o.coverage.rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td dir=\"auto\">{}</td><td class=\"n\">{} of {}</td>",
            group_kind(&r.group),
            esc(&r.label),
            r.outlet_count(),
            o.outlets.len()
        );
        for cell in &r.cells {
            if cell.is_empty() {
                out.push_str("<td class=\"empty\">–</td>");
            } else {
                let _ = write!(out, "<td class=\"ids\">{}</td>", ids(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn speakers(out: &mut String, o: &Overview, size: (u32, u32)) {
    out.push_str("<section id=\"speakers\">\n<h2>Who is quoted by which outlet</h2>\n");
    figure(out, "speakers", size, "Speakers: quotes per outlet");
    if o.speakers.speakers.is_empty() {
        out.push_str("<p>No quote has a speaker yet.</p>\n</section>\n");
        return;
    }
    out.push_str("<table>\n");
    outlet_header(out, &["Speaker", "Quotes"], o);
    out.push_str("<tbody>\n");
    for s in &o.speakers.speakers {
        let _ = write!(
            out,
            "<tr><th dir=\"auto\">{}</th><td class=\"n\">{}</td>",
            esc(&s.label),
            s.total()
        );
        for (n, quotes) in s.counts.iter().zip(&s.quotes) {
            if *n == 0 {
                out.push_str("<td class=\"n empty\">0</td>");
            } else {
                let _ = write!(out, "<td class=\"n\" title=\"{}\">{n}</td>", ids(quotes));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn location(l: &Location) -> String {
    let mut s = l.article.to_string();
    match (l.start, l.end) {
        (Some(a), Some(b)) => {
            let _ = write!(s, " {a}–{b}");
        }
        (Some(a), None) => {
            let _ = write!(s, " at {a}");
        }
        _ => {}
    }
    if let Some(id) = &l.annotation {
        let _ = write!(s, " ({id})");
    }
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn findings(out: &mut String, findings: &[Finding]) {
    let _ = writeln!(
        out,
        "<section id=\"findings\">\n<h2>Findings ({})</h2>",
        findings.len()
    );
    if findings.is_empty() {
        out.push_str("<p>The validator found nothing.</p>\n</section>\n");
        return;
    }
    for (severity, title) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Infos"),
    ] {
        let these: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
        if these.is_empty() {
            continue;
        }
        let class = severity.as_str();
        let _ = writeln!(
            out,
            "<h3 class=\"{class}\">{title} ({})</h3>\n<ul class=\"findings\">",
            these.len()
        );
        for f in these {
            let _ = write!(
                out,
                "<li><code class=\"{class}\">{}</code> <span dir=\"auto\">{}</span>",
                esc(f.rule),
                esc(&f.message)
            );
            if !f.locations.is_empty() {
                let at: Vec<String> = f.locations.iter().map(location).collect();
                let _ = write!(
                    out,
                    "<br><span class=\"ids\">{}</span>",
                    esc(&at.join("; "))
                );
            }
            if let Some(fix) = &f.fix {
                let _ = write!(
                    out,
                    "<br><span class=\"ids\">fix: {}</span>",
                    esc(&fix.label)
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

pub(super) fn page(p: &Page) -> String {
    let o = p.overview;
    let name = match p.set.info().name.trim() {
        "" => "Coverage report".to_owned(),
        n => format!("Coverage report: {n}"),
    };
    let count = |s| p.findings.iter().filter(|f| f.severity == s).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1 dir=\"auto\">{}</h1>",
        esc(&name),
        esc(&name)
    );
    let _ = writeln!(
        out,
        "<p>{} from {}; {}. Findings: {}, {}, {}.</p>",
        plural(p.corpus.len(), "article", "articles"),
        plural(o.outlets.len(), "outlet", "outlets"),
        plural(p.set.annotation_count(), "annotation", "annotations"),
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Info), "info", "infos"),
    );
    out.push_str(
        "<nav><a href=\"#stances\">Stances</a> · <a href=\"#coverage\">Coverage</a> · \
         <a href=\"#speakers\">Speakers</a> · <a href=\"#findings\">Findings</a></nav>\n",
    );
    let size = |name: &str| {
        CHARTS
            .iter()
            .position(|c| *c == name)
            .and_then(|i| p.sizes.get(i).copied())
            .unwrap_or((0, 0))
    };
    stances(&mut out, o, size("stances"));
    coverage(&mut out, o, size("coverage"));
    speakers(&mut out, o, size("speakers"));
    findings(&mut out, p.findings);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn report_html_escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>\"Kim\" & 'Putin'</script>"),
            "&lt;script&gt;&quot;Kim&quot; &amp; &#39;Putin&#39;&lt;/script&gt;"
        );
    }
}
