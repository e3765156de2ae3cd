//! `kata check`: validate every kata and rubric definition without building anything.

use crate::content::Content;
use crate::error::exit_codes;
use crate::kata;

pub(crate) fn run(content: &Content) -> anyhow::Result<u8> {
    let mut problems = Vec::new();
    let ids = kata::ids(&content.katas)?;
    for id in &ids {
        match kata::load_by_id(&content.katas, id) {
            Ok(k) => {
                problems.extend(kata_extras(&k));
                problems.extend(kata::requirement_gaps(&k).iter().map(|e| e.to_string()));
            }
            Err(err) => problems.push(err.to_string()),
        }
    }
    let rubric_problems = crate::written::check_rubrics(&content.rubrics);
    let rubric_count = std::fs::read_dir(&content.rubrics)
        .map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "yaml")).count())
        .unwrap_or(0);
    problems.extend(rubric_problems.iter().map(|e| e.to_string()));
    let assessments = crate::assessment::definition::ids(&content.assessments);
    for id in &assessments {
        match crate::assessment::definition::find(&content.assessments, id) {
            Ok(assessment) => {
                for kata_id in assessment.kata_ids() {
                    if let Err(err) = kata::load_by_id(&content.katas, kata_id) {
                        problems.push(format!("assessment `{id}` names kata `{kata_id}`: {err}"));
                    }
                }
            }
            Err(err) => problems.push(err.to_string()),
        }
    }
    let mut text = String::new();
    for problem in &problems {
        text.push_str(&format!("error: {problem}\n"));
    }
    if problems.is_empty() {
        text.push_str(&format!(
            "check: {}, {} and {} are well-formed\n",
            count(ids.len(), "kata"),
            count(rubric_count, "rubric"),
            count(assessments.len(), "assessment")
        ));
        text.push_str(CHECK_BUILDS_NOTHING);
        super::print(&text)?;
        Ok(exit_codes::OK)
    } else {
        text.push_str(&format!("check: {} problem(s)\n", problems.len()));
        super::print(&text)?;
        Ok(exit_codes::FAILED)
    }
}

/// Checks that need more than the kata's own files to be parseable.
fn kata_extras(k: &kata::Kata) -> Vec<String> {
    let mut problems = Vec::new();
    let manifest = k.dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    if !text.contains("unsafe_code = \"forbid\"") {
        problems.push(format!(
            "{}: add `[lints.rust] unsafe_code = \"forbid\"`; graded code must not use unsafe",
            manifest.display()
        ));
    }
    if !text.contains(&format!("name = \"{}\"", k.def.crate_name)) {
        problems.push(format!(
            "{}: the package name must be `{}` (the kata's `crate`)",
            manifest.display(),
            k.def.crate_name
        ));
    }
    if !text.contains("kata-harness") {
        problems.push(format!(
            "{}: add `[dev-dependencies] kata-harness = {{ path = \"kata-harness\" }}`",
            manifest.display()
        ));
    }
    if !k.dir.join("Cargo.lock").is_file() {
        problems.push(format!("{}: missing Cargo.lock; see the checklist in katas/README.md", k.dir.display()));
    }
    let hidden = std::fs::read_dir(k.hidden_dir())
        .map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "rs")).count())
        .unwrap_or(0);
    if hidden == 0 && k.is_gradable() {
        problems.push(format!("{}: no hidden test files", k.hidden_dir().display()));
    }
    // Tests the grader leaves as written can never prove a pass.
    for entry in std::fs::read_dir(k.hidden_dir()).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if let Ok(rewritten) = kata::suite::rewrite(&text) {
                problems.extend(rewritten.unsupported.iter().map(|u| format!("{}:{u}", path.display())));
            }
        }
    }
    problems
}

/// `1 kata`, `2 katas`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// What `check` does not do, said every time so that nobody takes it for `verify`.
const CHECK_BUILDS_NOTHING: &str = "check builds nothing: `kata verify` builds each kata's hidden suite, compares the \
     tests kata.yaml lists with the built ones, and grades every solution\n";
