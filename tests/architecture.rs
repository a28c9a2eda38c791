//! The window's modules form no import cycle: every panel is a leaf that
//! reads a narrow view and returns commands; `state.rs` (the one command
//! handler) may import panels, never the reverse. `src/app/mod.rs`, which
//! declares the modules and lays the window out, is the root and left out.
//!
//! An edge is any path `crate::app::X` (including `use crate::app::{X, Y}`)
//! or, in a top-level file, `super::X`, outside its `#[cfg(test)]` part.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The app modules `source` names after each `prefix` (`crate::app::` or
/// `super::`), including those in a `{…}` group.
fn named_after(source: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.insert(name.to_owned());
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name.to_owned());
            }
        }
    }
    out
}

/// Module → the modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut paths = Vec::new();
    files(&app, &mut paths);
    let module = |p: &Path| -> Option<String> {
        let rel = p.strip_prefix(&app).unwrap();
        let first = rel.components().next()?.as_os_str().to_string_lossy();
        let name = first.trim_end_matches(".rs").to_owned();
        (name != "mod").then_some(name)
    };
    let modules: BTreeSet<String> = paths.iter().filter_map(|p| module(p)).collect();
    // `crate::app::Command` and `ConcordApp` are re-exports of these.
    let reexports = [("Command", "command"), ("ConcordApp", "state")];
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &paths {
        let Some(from) = module(path) else { continue };
        let source = std::fs::read_to_string(path).unwrap();
        let source = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
        let mut names = named_after(source, "crate::app::");
        if path.parent() == Some(app.as_path()) {
            names.extend(named_after(source, "super::"));
        }
        let edges = graph.entry(from.clone()).or_default();
        for name in names {
            let to = reexports
                .iter()
                .find(|(alias, _)| *alias == name)
                .map_or(name.as_str(), |(_, m)| m);
            if to != from && modules.contains(to) {
                edges.insert(to.to_owned());
            }
        }
    }
    graph
}

/// A cycle through `graph`, if there is one, as the modules along it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if !done.insert(node.to_owned()) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_files_of_the_window_import_each_other_in_a_circle() {
    let graph = graph();
    // The checker sees the edges that matter: the handler imports panels.
    assert!(graph["state"].contains("inspector") && graph["state"].contains("find"));
    if let Some(c) = cycle(&graph) {
        panic!("src/app imports in a circle: {}", c.join(" -> "));
    }
    for panel in [
        "article_view",
        "inspector",
        "find",
        "article_list",
        "banners",
        "table",
    ] {
        assert!(
            !graph[panel].contains("state"),
            "{panel} imports the app state"
        );
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str| {
        g.entry(a.into()).or_default().insert(b.into());
    };
    edge(&mut graph, "state", "view");
    edge(&mut graph, "view", "select");
    assert_eq!(cycle(&graph), None);
    edge(&mut graph, "select", "state");
    let found = cycle(&graph).expect("a cycle");
    assert_eq!(found.first(), found.last());
    let mut members = found[1..].to_vec();
    members.sort();
    assert_eq!(members, ["select", "state", "view"]);
    assert_eq!(
        named_after(
            "use crate::app::{a, b::C};\nuse crate::app::x::Y;",
            "crate::app::"
        ),
        ["a", "b", "x"].into_iter().map(String::from).collect()
    );
}
