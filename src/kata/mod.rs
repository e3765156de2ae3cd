//! Kata definitions: loading and validating `katas/<id>/` (metadata, challenge, code folders).

pub mod model;
pub mod readme;
pub mod record;
pub mod scaffold;
pub mod suite;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use model::{KataDef, Requirement, TestDef, TestDefaults};
pub use readme::Challenge;

use crate::content::KataDirs;
use crate::error::DefinitionError;
use model::{Expect, FORMAT_VERSION};

/// A loaded, validated kata.
#[derive(Debug, Clone)]
pub struct Kata {
    /// The metadata.
    pub def: KataDef,
    /// The challenge as the candidate reads it, and the hints.
    pub challenge: Challenge,
    /// The kata folder.
    pub dir: PathBuf,
    /// Whether `kata.yaml` lists the tests; otherwise they are discovered (see
    /// [`Kata::with_discovered`]) and `def.tests` holds those the hidden files declare.
    pub tests_listed: bool,
}

impl Kata {
    /// The kata id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// The starter crate folder.
    pub fn starter_dir(&self) -> PathBuf {
        self.dir.join("starter")
    }

    /// The hidden tests folder.
    pub fn hidden_dir(&self) -> PathBuf {
        self.dir.join("hidden")
    }

    /// The reference solution's folder.
    pub fn reference_dir(&self) -> PathBuf {
        let reference = self.def.solutions.iter().find(|s| s.expect == Expect::Pass);
        self.dir.join(&reference.expect("validated: one passing solution").dir)
    }

    /// Whether this copy of the kata carries its hidden tests and solutions. A candidate build
    /// of `kata` (`--features candidate`) leaves them out of the binary: candidates can start
    /// and test katas, not grade them.
    pub fn is_gradable(&self) -> bool {
        self.hidden_dir().is_dir() && self.reference_dir().join("src/lib.rs").is_file()
    }

    /// Fails with a clear message when this copy cannot grade (see [`Kata::is_gradable`]).
    pub fn require_gradable(&self) -> anyhow::Result<()> {
        if self.is_gradable() {
            return Ok(());
        }
        anyhow::bail!(
            "kata `{}` has no hidden tests or solutions here ({}); this is a candidate build of kata, \
             or the kata folder is incomplete: grade with the interviewer's build",
            self.id(),
            self.dir.display()
        )
    }

    /// The hidden test definition named `name`.
    pub fn test(&self, name: &str) -> Option<&TestDef> {
        self.def.tests.iter().find(|t| t.name == name)
    }

    /// This kata graded on `discovered`, the tests its built hidden suite lists, when
    /// `kata.yaml` lists none (each with `test-defaults`); unchanged otherwise.
    pub fn with_discovered(&self, discovered: &[String]) -> Kata {
        let mut kata = self.clone();
        if !self.tests_listed {
            kata.def.tests = discovered.iter().map(|name| self.def.test_defaults.test(name)).collect();
            kata.def.points = kata.def.tests.iter().map(|t| t.weight).sum();
        }
        kata
    }

    /// Whether grading needs the reference built beside the candidate (for timing ratios).
    pub fn has_timing(&self) -> bool {
        self.def.tests.iter().any(|t| t.timing.is_some())
    }
}

/// Ids of every kata in the folders of `katas`, sorted; an id found in two folders is an error
/// naming both.
pub fn ids(katas: &KataDirs) -> Result<Vec<String>, DefinitionError> {
    Ok(located(katas)?.into_iter().map(|(id, _)| id).collect())
}

/// Ids of the katas in the user's own folders (`--katas`), sorted.
pub fn own_ids(katas: &KataDirs) -> Result<Vec<String>, DefinitionError> {
    let own = katas.own();
    Ok(located(katas)?
        .into_iter()
        .filter(|(_, dir)| own.iter().any(|o| dir.starts_with(o)))
        .map(|(id, _)| id)
        .collect())
}

/// Every kata id with its folder.
fn located(katas: &KataDirs) -> Result<Vec<(String, PathBuf)>, DefinitionError> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for root in &katas.all {
        for id in ids_in(root)? {
            let dir = root.join(&id);
            if let Some((_, first)) = found.iter().find(|(known, _)| *known == id) {
                return Err(DefinitionError::file(
                    &dir,
                    format!(
                        "kata `{id}` is defined twice: {} and {}; rename one folder (a kata's id is its folder name)",
                        first.display(),
                        dir.display()
                    ),
                ));
            }
            found.push((id, dir));
        }
    }
    found.sort();
    Ok(found)
}

/// Ids of the katas directly in `katas_dir`, sorted (folders starting with `_` or `.` are not
/// katas).
pub fn ids_in(katas_dir: &Path) -> Result<Vec<String>, DefinitionError> {
    let entries = std::fs::read_dir(katas_dir)
        .map_err(|e| DefinitionError::file(katas_dir, format!("cannot list katas: {e}")))?;
    let mut ids: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && !n.starts_with('.'))
        .collect();
    ids.sort();
    Ok(ids)
}

/// Loads the kata `id` from the folders of `katas`, with a clear error for an unknown id.
pub fn load_by_id(katas: &KataDirs, id: &str) -> Result<Kata, DefinitionError> {
    let found = located(katas)?;
    match found.iter().find(|(known, _)| known == id) {
        Some((_, dir)) if !id.contains('/') && !id.starts_with('_') && dir.join("kata.yaml").is_file() => load(dir),
        _ => {
            let known: Vec<String> = found.into_iter().map(|(id, _)| id).collect();
            Err(DefinitionError::unknown("kata", id, &known, "see `kata list`"))
        }
    }
}

/// Loads and validates the kata in `dir`.
pub fn load(dir: &Path) -> Result<Kata, DefinitionError> {
    let yaml_path = dir.join("kata.yaml");
    let text = crate::util::fs::read_text(&yaml_path)?;
    let mut def: KataDef = crate::content::yaml::parse(&text, &yaml_path)?;
    let tests_listed = !def.tests.is_empty();
    if !tests_listed {
        if def.points != 0 {
            return Err(DefinitionError::at(
                &yaml_path,
                line_containing(&text, "points"),
                1,
                "`points` is computed when `tests:` is absent (each discovered test weighs \
                 `test-defaults: { weight }`); remove it",
            ));
        }
        // Until a build lists them, the tests are those the hidden files declare.
        def.tests =
            suite::declared_tests(&dir.join("hidden"))?.iter().map(|name| def.test_defaults.test(name)).collect();
    }
    if def.points == 0 {
        def.points = def.tests.iter().map(|t| t.weight).sum();
    }
    validate(&def, &text, dir, &yaml_path, tests_listed)?;
    let readme_path = dir.join("README.md");
    let challenge = readme::parse(&crate::util::fs::read_text(&readme_path)?, &readme_path)?;
    Ok(Kata { def, challenge, dir: dir.to_path_buf(), tests_listed })
}

/// Checks what serde cannot: versions, sums, names, files that must exist.
fn validate(def: &KataDef, text: &str, dir: &Path, path: &Path, tests_listed: bool) -> Result<(), DefinitionError> {
    let at = |needle: &str, message: String| DefinitionError::at(path, line_containing(text, needle), 1, message);
    if def.format_version > FORMAT_VERSION {
        return Err(at(
            "format-version",
            format!(
                "format-version {} is newer than this kata tool understands ({FORMAT_VERSION}); upgrade kata",
                def.format_version
            ),
        ));
    }
    let folder = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if def.id != folder {
        return Err(at("id:", format!("id `{}` differs from the folder name `{folder}`; make them equal", def.id)));
    }
    if def.tests.is_empty() && dir.join("hidden").is_dir() {
        return Err(at(
            "id:",
            "no hidden test: the files of hidden/ declare no #[test] (list the tests under `tests:` if a macro \
             generates them)"
                .into(),
        ));
    }
    let mut seen = HashSet::new();
    for test in &def.tests {
        let here = |m: String| at(&format!("name: {}", test.name), m);
        if !test.name.split("::").all(is_rust_ident) {
            return Err(here(format!(
                "test name `{}` is not a Rust function name (or `module::name` for a test in a module)",
                test.name
            )));
        }
        if !seen.insert(test.name.as_str()) {
            return Err(here(if tests_listed {
                format!("test `{}` is listed twice", test.name)
            } else {
                format!("test `{}` is declared in two hidden files; test names must be unique", test.name)
            }));
        }
        if test.timeout_ms == 0 || test.timeout_ms > 600_000 {
            return Err(here(format!("test `{}`: timeout-ms must be between 1 and 600000", test.name)));
        }
        if test.cpus.is_some_and(|n| n > 64) {
            return Err(here(format!(
                "test `{}`: cpus must be between 0 (a test that mostly waits) and 64",
                test.name
            )));
        }
        if let Some(timing) = &test.timing {
            if timing.limit_ratio < 2.0 {
                return Err(here(format!(
                    "test `{}`: limit-ratio {} is below 2.0; noise on a shared machine flips verdicts \
                     that close to the reference",
                    test.name, timing.limit_ratio
                )));
            }
            if !(3..=15).contains(&timing.runs) {
                return Err(here(format!("test `{}`: timing runs must be between 3 and 15", test.name)));
            }
        }
        if let Some(cf) = &test.compile_fail {
            if dir.join("hidden").exists() && !dir.join(&cf.snippet).is_file() {
                return Err(here(format!("test `{}`: snippet {} does not exist", test.name, cf.snippet.display())));
            }
            if test.timing.is_some() {
                return Err(here(format!("test `{}`: a compile-fail test cannot have timing", test.name)));
            }
        }
    }
    let total: u32 = def.tests.iter().map(|t| t.weight).sum();
    if total != def.points {
        return Err(at(
            "points",
            format!("points is {} but the test weights add up to {total}; make them equal", def.points),
        ));
    }
    let passing = def.solutions.iter().filter(|s| s.expect == Expect::Pass).count();
    if passing == 0 {
        return Err(at(
            "solutions",
            "no solution has `expect: pass`; list the reference first, then any other correct ones".into(),
        ));
    }
    validate_requirement_ids(def, &at, tests_listed)?;
    // A candidate build carries neither hidden tests nor solutions; with one of them present,
    // the kata folder is simply broken.
    let candidate_copy = !dir.join("hidden").exists() && !dir.join("solutions").exists();
    for solution in &def.solutions {
        let here = |m: String| at(&format!("{}", solution.dir.display()), m);
        if !candidate_copy && !dir.join(&solution.dir).join("src/lib.rs").is_file() {
            return Err(here(format!("solution {} has no src/lib.rs", solution.dir.display())));
        }
        if solution.expect == Expect::Fail && solution.verdicts.is_empty() {
            return Err(here(format!(
                "failing solution {} declares no verdicts; list the tests it must fail and how",
                solution.dir.display()
            )));
        }
        for expected in &solution.verdicts {
            if !seen.contains(expected.test.as_str()) {
                return Err(here(format!(
                    "solution {} expects a verdict for unknown test `{}`",
                    solution.dir.display(),
                    expected.test
                )));
            }
        }
    }
    for fixed in &def.fixed_files {
        let ok = fixed.extension().is_some_and(|e| e == "rs")
            && fixed.starts_with("src")
            && !fixed.components().any(|c| matches!(c, std::path::Component::ParentDir))
            && dir.join("starter").join(fixed).is_file();
        if !ok {
            return Err(at(
                "fixed-files",
                format!("fixed file {} must be a .rs file under starter/src/", fixed.display()),
            ));
        }
    }
    let required: &[&str] = if candidate_copy {
        &["starter/src/lib.rs", "Cargo.toml"]
    } else {
        &["starter/src/lib.rs", "Cargo.toml", "hidden"]
    };
    for required in required {
        if !dir.join(required).exists() {
            return Err(DefinitionError::file(dir, format!("missing {required}; see katas/README.md for the layout")));
        }
    }
    Ok(())
}

/// Requirement ids are unique and well-formed, and every `checks:`/`breaks:` names one of them.
fn validate_requirement_ids(
    def: &KataDef,
    at: &dyn Fn(&str, String) -> DefinitionError,
    tests_listed: bool,
) -> Result<(), DefinitionError> {
    // A kata that lists neither tests nor requirements (an imported exercise, say) maps nothing.
    let mapped = tests_listed || !def.requirements.is_empty();
    let mut ids = HashSet::new();
    for requirement in &def.requirements {
        let here = |m: String| at(&format!("id: {}", requirement.id), m);
        if !is_rust_ident(&requirement.id) {
            return Err(here(format!("requirement id `{}` must be a word such as `R1`", requirement.id)));
        }
        if !ids.insert(requirement.id.as_str()) {
            return Err(here(format!("requirement `{}` is listed twice; give it a new id", requirement.id)));
        }
        if requirement.text.trim().is_empty() {
            return Err(here(format!("requirement `{}` has no text; quote the README in one line", requirement.id)));
        }
    }
    let known = || def.requirements.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ");
    for test in &def.tests {
        let here = |m: String| at(&format!("name: {}", test.name), m);
        if test.checks.is_empty() && mapped {
            return Err(here(if tests_listed {
                format!("test `{}` checks no requirement; add `checks: [R..]` naming what failing it means", test.name)
            } else {
                "discovered tests check no requirement; add `test-defaults: { checks: [R..] }`, or list the tests"
                    .to_string()
            }));
        }
        if let Some(unknown) = test.checks.iter().find(|id| !ids.contains(id.as_str())) {
            return Err(here(format!(
                "test `{}` checks unknown requirement `{unknown}`; known: {} (add it under `requirements:`)",
                test.name,
                known()
            )));
        }
    }
    for solution in &def.solutions {
        let name = solution.dir.display().to_string();
        let here = |m: String| at(&name, m);
        match solution.expect {
            Expect::Pass if !solution.breaks.is_empty() => {
                return Err(here(format!("passing solution {name} declares `breaks`; remove it or make it fail")));
            }
            Expect::Fail if solution.breaks.is_empty() && mapped => {
                return Err(here(format!(
                    "failing solution {name} breaks no requirement; add `breaks: [R..]` naming the ones it misses"
                )));
            }
            _ => {}
        }
        if let Some(unknown) = solution.breaks.iter().find(|id| !ids.contains(id.as_str())) {
            return Err(here(format!(
                "solution {name} breaks unknown requirement `{unknown}`; known: {} (add it under `requirements:`)",
                known()
            )));
        }
    }
    Ok(())
}

/// What `kata check` demands of the requirement mapping beyond valid ids: every requirement is
/// checked by a test, and broken by a failing solution whose declared verdicts include a test
/// that checks it; every requirement a solution claims to break shows in its verdicts.
pub fn requirement_gaps(k: &Kata) -> Vec<DefinitionError> {
    let path = k.dir.join("kata.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let at = |needle: &str, message: String| DefinitionError::at(&path, line_containing(&text, needle), 1, message);
    let checks = |test: &str| k.test(test).map(|t| t.checks.as_slice()).unwrap_or_default();
    // Whether `solution` declares a verdict on a test that checks `id`.
    let shows = |solution: &model::SolutionDef, id: &str| {
        solution.verdicts.iter().any(|v| checks(&v.test).iter().any(|c| c == id))
    };
    let mut gaps = Vec::new();
    if k.def.requirements.is_empty() && !k.tests_listed {
        return gaps;
    }
    if k.def.requirements.is_empty() {
        gaps.push(at("tests:", "no `requirements:`; list the README's requirements as `{id: R1, text: ...}`".into()));
    }
    for requirement in &k.def.requirements {
        let id = requirement.id.as_str();
        if !k.def.tests.iter().any(|t| t.checks.iter().any(|c| c == id)) {
            gaps.push(at(
                &format!("id: {id}"),
                format!(
                    "requirement `{id}` is checked by no test; add `{id}` to the `checks:` of a test that proves it"
                ),
            ));
        }
        if !k.def.solutions.iter().any(|s| s.breaks.iter().any(|b| b == id) && shows(s, id)) {
            gaps.push(at(
                &format!("id: {id}"),
                format!(
                    "requirement `{id}` is broken by no failing solution that fails a test checking it; \
                     add a wrong solution with `breaks: [{id}]` and that test among its `verdicts:`"
                ),
            ));
        }
    }
    for solution in &k.def.solutions {
        for id in solution.breaks.iter().filter(|id| !shows(solution, id)) {
            let name = solution.dir.display();
            gaps.push(at(
                &name.to_string(),
                format!(
                    "solution {name} breaks `{id}` but none of its declared verdicts is on a test that \
                     checks `{id}`; declare that verdict, or drop `{id}` from `breaks:`"
                ),
            ));
        }
    }
    gaps
}

/// The requirements behind `failed` tests, in the kata's order, each once.
pub fn missed_requirements<'a>(def: &KataDef, failed: impl IntoIterator<Item = &'a str>) -> Vec<Requirement> {
    let failed: HashSet<&str> = failed.into_iter().collect();
    def.requirements
        .iter()
        .filter(|r| def.tests.iter().any(|t| failed.contains(t.name.as_str()) && t.checks.contains(&r.id)))
        .cloned()
        .collect()
}

/// 1-based line of the first line containing `needle` (1 when absent).
fn line_containing(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1).unwrap_or(1)
}

fn is_rust_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
