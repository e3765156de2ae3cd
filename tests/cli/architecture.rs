//! The layout's rules, checked on the `use crate::…` paths of `src/` (see ARCHITECTURE.md):
//! renderers read only the result types, graders never reach up into rendering or the
//! command line, commands share work through the engine and not through each other, and the
//! top-level modules form no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules that grade or hold what grading reads and writes.
const GRADERS: &[&str] = &["content", "kata", "coding", "written", "assessment", "results", "util"];
/// What `report/` may import besides itself.
const REPORT_MAY_USE: &[&str] = &["results", "util"];

/// One file's module path under `src/` and the crate paths it names outside comments.
struct Source {
    top: String,
    second: Option<String>,
    uses: Vec<Vec<String>>,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel: Vec<String> = path
                .strip_prefix(&src)
                .unwrap()
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let text = std::fs::read_to_string(&path).unwrap();
            Source { top: rel[0].clone(), second: rel.get(1).cloned(), uses: crate_paths(&text, &rel) }
        })
        .collect()
}

/// Every `crate::a::b` (and, inside `commands/`, `super::b`) path in code, comments left out.
fn crate_paths(text: &str, rel: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        // `super::` is resolved only in command files, where it names `commands` (elsewhere an
        // inline `mod tests` would make the textual guess wrong).
        let in_command = rel.len() == 2 && rel[0] == "commands" && rel[1] != "mod";
        let prefixes: &[(&str, Vec<String>)] = if in_command {
            &[("crate::", vec![]), ("super::", vec!["commands".to_string()])]
        } else {
            &[("crate::", vec![])]
        };
        for (prefix, base) in prefixes {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                let before = rest[..at].chars().last();
                rest = &rest[at + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let mut path: Vec<String> = base.clone();
                path.extend(
                    rest.split("::")
                        .map(|seg| seg.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
                        .take_while(|seg| !seg.is_empty())
                        .take(2),
                );
                if !path.is_empty() {
                    paths.push(path);
                }
            }
        }
    }
    paths
}

#[test]
fn report_imports_only_results_and_util() {
    let mut wrong = Vec::new();
    for source in sources().iter().filter(|s| s.top == "report") {
        for path in &source.uses {
            if path[0] != "report" && !REPORT_MAY_USE.contains(&path[0].as_str()) {
                wrong.push(format!("report/{}: crate::{}", source.second.as_deref().unwrap_or(""), path.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "report/ may import only results/ and util/:\n{}", wrong.join("\n"));
}

#[test]
fn no_grader_imports_report_commands_or_cli() {
    let mut wrong = Vec::new();
    for source in sources().iter().filter(|s| GRADERS.contains(&s.top.as_str())) {
        for path in &source.uses {
            if ["report", "commands", "cli"].contains(&path[0].as_str()) {
                wrong.push(format!("{}: crate::{}", source.top, path.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "graders must not import report/, commands/ or cli/:\n{}", wrong.join("\n"));
}

#[test]
fn no_command_imports_another_command() {
    let all = sources();
    let commands: BTreeSet<&str> = all
        .iter()
        .filter(|s| s.top == "commands")
        .filter_map(|s| s.second.as_deref())
        .filter(|m| *m != "mod")
        .collect();
    assert!(commands.len() > 5, "the commands folder was not found: {commands:?}");
    let mut wrong = Vec::new();
    for source in all.iter().filter(|s| s.top == "commands") {
        let own = source.second.as_deref().unwrap_or("mod");
        for path in source.uses.iter().filter(|p| p[0] == "commands" && p.len() > 1) {
            if commands.contains(path[1].as_str()) && path[1] != own {
                wrong.push(format!("commands/{own}: {}", path.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a command must not import another (share the work in the engine):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn top_level_modules_form_no_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for source in sources() {
        let from = source.top.clone();
        if from == "main" || from == "lib" {
            continue;
        }
        let entry = graph.entry(from.clone()).or_default();
        for path in source.uses {
            if path[0] != from {
                entry.insert(path[0].clone());
            }
        }
    }
    // Depth-first search, reporting the first cycle with its path.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle between top-level modules: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_checks_see_the_imports() {
    // Guard against a parser that finds nothing and so passes every rule.
    let all = sources();
    let report_uses: usize = all.iter().filter(|s| s.top == "report").map(|s| s.uses.len()).sum();
    assert!(report_uses > 5, "found only {report_uses} crate paths in report/");
    assert!(all.iter().any(|s| s.top == "commands" && s.uses.iter().any(|p| p[0] == "coding")));
}
