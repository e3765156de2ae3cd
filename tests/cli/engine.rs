//! The grading engine on the fixture kata: verdicts for honest and hostile submissions.

use crate::support::{repo, verdict_of, KataTest, CANARIES};

/// Hostile submissions (`tests/hostile/<name>`) and the verdict `adds_small_numbers` must get.
/// Keep this table the single place that says what each one must get.
const HOSTILE: &[(&str, &str)] = &[
    ("exit-zero", "failed"),
    ("fake-output", "failed"),
    ("endless-loop", "timed_out"),
    ("deadlock", "timed_out"),
    ("output-flood", "output_limit"),
    ("abort", "crashed"),
    ("stack-overflow", "crashed"),
    ("alloc-bomb", "out_of_memory"),
    ("panic-in-drop", "crashed"),
    ("compile-error", "compile_error"),
    ("unsafe-code", "compile_error"),
    ("include-absolute", "compile_error"),
    ("include-computed", "compile_error"),
    ("const-eval-loop", "compile_error"),
    ("macro-recursion", "compile_error"),
    ("process-bomb", "failed"),
    // A wrong sum, judged while its threads fill the process: the assertion's panic either
    // ends the test (failed) or, when unwinding finds no thread or memory left, aborts it
    // (crashed). Either way it is contained and not passed.
    ("thread-bomb", "failed|crashed"),
    ("proc-self-mem", "compile_error"),
    ("network", "failed"),
    ("read-hidden", "failed"),
];

/// Hostile submissions whose code is correct but which try to write outside their folder: the
/// writes are refused (root or not), so they pass and leave nothing.
const HOSTILE_CONTAINED_CORRECT: &[(&str, &str)] = &[("write-outside", "passed")];

/// Grades a hostile submission; the grading itself must end (a hang fails the test instead of
/// blocking the suite) and its saved results must still render as a report.
fn grade_hostile(name: &str) -> (KataTest, serde_json::Value) {
    let t = KataTest::with_fixtures();
    let folder = repo().join("tests/hostile").join(name);
    let saved = t.path().join("results.json");
    let run = t.run_bounded(
        &["grade", folder.to_str().unwrap(), "--kata", "adder", "--format", "json", "-o", saved.to_str().unwrap()],
        std::time::Duration::from_secs(600),
    );
    run.expect_code(0);
    let json = run.json();
    let html = t.path().join("report.html");
    t.run(&["report", saved.to_str().unwrap(), "--html", html.to_str().unwrap()]).expect_code(0);
    assert!(std::fs::metadata(&html).unwrap().len() > 0, "{name}: empty report");
    (t, json)
}

#[test]
fn hostile_submissions_get_their_verdicts_and_leave_nothing_behind() {
    let mut wrong = Vec::new();
    for (name, expected) in HOSTILE {
        let (t, json) = grade_hostile(name);
        let got = verdict_of(&json, "adds_small_numbers");
        if !expected.split('|').any(|e| e == got) {
            wrong.push(format!("{name}: expected {expected}, got {got} ({})", json["tests"][0]["message"]));
        }
        assert!(json["score"].as_u64().unwrap() < 30, "{name} got full marks: {json}");
        t.assert_no_leftovers();
    }
    // The process bomb's children (`sleep 301`) all died with their tests.
    let survivors = std::process::Command::new("pgrep").args(["-f", "^sleep 301$"]).output().unwrap();
    assert!(survivors.stdout.is_empty(), "survivors: {}", String::from_utf8_lossy(&survivors.stdout));
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn a_confined_test_cannot_write_outside_reach_the_network_or_read_the_hidden_tests() {
    // A listener the network probe could reach if the network were not cut off.
    let _listener = std::net::TcpListener::bind("127.0.0.1:47111");
    let mut wrong = Vec::new();
    for (name, expected) in HOSTILE_CONTAINED_CORRECT {
        let (t, json) = grade_hostile(name);
        let got = verdict_of(&json, "adds_small_numbers");
        if !expected.split('|').any(|e| e == got) {
            wrong.push(format!("{name}: expected {expected}, got {got} ({})", json["tests"][0]["message"]));
        }
        t.assert_no_leftovers();
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    for dir in ["/tmp", "/var/tmp", "/root", home.as_str()] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let left: Vec<_> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("kata-hostile-escape"))
            .collect();
        assert!(left.is_empty(), "left behind in {dir}: {left:?}");
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn a_deadlock_is_reported_as_likely_deadlock() {
    let (_t, json) = grade_hostile("deadlock");
    let message = json["tests"][0]["message"].as_str().unwrap();
    assert!(message.contains("likely deadlock"), "{message}");
    let (_t, json) = grade_hostile("endless-loop");
    let message = json["tests"][0]["message"].as_str().unwrap();
    assert!(!message.contains("likely deadlock"), "a busy loop is not a deadlock: {message}");
}

#[test]
fn a_grandchild_that_escapes_its_group_does_not_survive_grading() {
    let (t, json) = grade_hostile("orphan-child");
    // The code is correct apart from its children, so the tests pass...
    assert_eq!(verdict_of(&json, "adds_small_numbers"), "passed");
    // ...and nothing it spawned is still running. (Its own sleep length: the hostile table's
    // cases, graded at the same time by another test, spawn `sleep 300` of their own.)
    let survivors = std::process::Command::new("pgrep").args(["-f", "^sleep 317$"]).output().unwrap();
    assert!(survivors.stdout.is_empty(), "survivors: {}", String::from_utf8_lossy(&survivors.stdout));
    t.assert_no_leftovers();
    // Per-test cgroups go with their tests: none is left for a kata process that has ended.
    if let Ok(entries) = std::fs::read_dir("/sys/fs/cgroup/pids") {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("kata-").and_then(|r| r.split('-').next()) {
                assert!(std::path::Path::new(&format!("/proc/{pid}")).exists(), "cgroup {name} outlived its grader");
            }
        }
    }
}

#[test]
fn compile_errors_carry_rustc_diagnostics_with_file_and_line() {
    let (_t, json) = grade_hostile("compile-error");
    let diagnostics = json["compile_output"].as_str().unwrap();
    assert!(diagnostics.contains("E0277") && diagnostics.contains("src/lib.rs:"), "{diagnostics}");
    assert_eq!(json["score"], 0);
}

#[test]
fn json_output_has_the_contract_fields() {
    let t = KataTest::with_fixtures();
    let folder = repo().join("tests/fixtures/katas/adder/solutions/wrong");
    let json = t.run(&["grade", folder.to_str().unwrap(), "--kata", "adder", "--format", "json"]).expect_code(0).json();
    for key in ["kata", "score", "max_score", "tests"] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    for test in json["tests"].as_array().unwrap() {
        for key in ["name", "verdict", "duration_ms", "cpu_ms", "weight", "message"] {
            assert!(test.get(key).is_some(), "missing tests[].{key}: {test}");
        }
    }
    assert_eq!(json["kata"], "adder");
    assert_eq!(json["max_score"], 30);
    // Off by one on every call: both runtime tests fail, the compile-fail test still passes.
    assert_eq!(json["score"], 10);
    assert_eq!(verdict_of(&json, "adds_many_numbers"), "failed");
    assert_eq!(verdict_of(&json, "adds_small_numbers"), "failed");
    assert!(json["tests"][0]["message"].as_str().unwrap().contains("assertion"));
    // The failed tests check R1 only: that is the requirement to discuss.
    assert_eq!(json["missed_requirements"], serde_json::json!([{ "id": "R1", "text": "add(a, b) returns a + b" }]));
}

#[test]
fn partial_results_file_is_written() {
    let t = KataTest::with_fixtures();
    let out = t.path().join("results.json");
    let folder = repo().join("tests/fixtures/katas/adder/solutions/reference");
    t.run(&["grade", folder.to_str().unwrap(), "--kata", "adder", "-o", out.to_str().unwrap()]).expect_code(0);
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(saved["complete"], true);
    assert_eq!(saved["score"], 30);
}

#[test]
fn verify_passes_on_the_fixture_kata() {
    KataTest::with_fixtures()
        .run(&["verify", "adder"])
        .expect_code(0)
        .stdout_has("every solution got its declared verdicts");
}

#[test]
fn verify_fails_with_a_table_when_a_declared_verdict_is_wrong() {
    let t = KataTest::new();
    let katas = t.path().join("katas");
    crate::support::copy_dir(&crate::support::fixture_katas(), &katas);
    let yaml = katas.join("adder/kata.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap().replace("verdict: failed", "verdict: timed_out");
    std::fs::write(&yaml, text).unwrap();
    let run = KataTest::with_katas(&katas).run(&["verify", "adder"]);
    run.expect_code(1).stdout_has("FAIL").stdout_has("adds_small_numbers failed");
}

#[test]
fn bench_runs_a_kata_benchmark_against_a_candidates_code() {
    let t = KataTest::with_fixtures();
    t.run(&["bench", "adder", "--", "3", "4", "5"]).expect_code(0).stdout_has("sum 12");
    let wrong = repo().join("tests/fixtures/katas/adder/solutions/wrong");
    t.run(&["bench", "adder", wrong.to_str().unwrap(), "--", "3", "4"]).expect_code(0).stdout_has("sum 9");
    t.run(&["bench", "adder", "--name", "nope"]).expect_code(2).stderr_has("has: sum");
    t.assert_no_leftovers();
}

/// One hostile submission of `tests/hostile/blind/` (written without knowledge of the grader)
/// and what it must not achieve.
#[derive(serde::Deserialize)]
struct BlindCase {
    name: String,
    class: u32,
    compile_attack: bool,
    must_not_leave: Vec<String>,
    must_not_print: Vec<String>,
    tries: String,
}

/// The untouched starter's score on `adder`: its compile-fail test passes, nothing else.
const STARTER_SCORE: u64 = 10;

/// Every file of the grader's content cache and the fixture kata, with its size and bytes'
/// hash: a hostile case must change none of them.
fn grader_files() -> Vec<(std::path::PathBuf, u64)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != "target" {
                    walk(&path, out);
                }
            } else if let Ok(bytes) = std::fs::read(&path) {
                let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3));
                out.push((path, hash));
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("tests/fixtures/katas"), &mut files);
    walk(&repo().join("katas/_harness"), &mut files);
    files.sort();
    files
}

/// A `*` at the end of a path matches any suffix.
fn exists_like(pattern: &str) -> Vec<String> {
    let Some(prefix) = pattern.strip_suffix('*') else {
        return if std::path::Path::new(pattern).exists() { vec![pattern.to_string()] } else { vec![] };
    };
    let path = std::path::Path::new(prefix);
    let (dir, start) = match (path.parent(), path.file_name()) {
        (Some(dir), Some(start)) if !prefix.ends_with('/') => (dir.to_path_buf(), start.to_string_lossy().into_owned()),
        _ => (path.to_path_buf(), String::new()),
    };
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(&start))
                .map(|e| e.path().display().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn blind_hostile_submissions_gain_nothing_leak_nothing_and_leave_nothing() {
    let text = std::fs::read_to_string(repo().join("tests/hostile/blind/cases.yaml")).unwrap();
    #[derive(serde::Deserialize)]
    struct Cases {
        cases: Vec<BlindCase>,
    }
    let cases: Cases = serde_yaml::from_str(&text).unwrap();
    assert!(cases.cases.len() >= 40, "the blind table is missing cases");
    let before = grader_files();
    let mut wrong = Vec::new();
    for case in &cases.cases {
        let t = KataTest::with_fixtures().with_canaries().without_source_scan();
        let folder = repo().join("tests/hostile/blind").join(&case.name);
        let saved = t.path().join("results.json");
        let run = t.run_bounded(
            &["grade", folder.to_str().unwrap(), "--kata", "adder", "--format", "json", "-o", saved.to_str().unwrap()],
            std::time::Duration::from_secs(600),
        );
        run.expect_code(0);
        let json = run.json();
        let label = format!(
            "{} (class {}{}: {})",
            case.name,
            case.class,
            if case.compile_attack { ", compile time" } else { "" },
            case.tries
        );
        for test in ["adds_small_numbers", "adds_many_numbers"] {
            if verdict_of(&json, test) == "passed" {
                wrong.push(format!("{label}: `{test}` passed"));
            }
        }
        let score = json["score"].as_u64().unwrap();
        if score > STARTER_SCORE {
            wrong.push(format!("{label}: scored {score}, more than the untouched starter's {STARTER_SCORE}"));
        }
        // Every output format, for the secrets and for terminal escapes.
        let mut outputs = vec![run.stdout()];
        let text = t.run(&["report", saved.to_str().unwrap()]);
        text.expect_code(0);
        outputs.push(text.stdout());
        for format in ["md", "junit"] {
            let r = t.run(&["report", saved.to_str().unwrap(), "--format", format]);
            r.expect_code(0);
            outputs.push(r.stdout());
        }
        let html = t.path().join("report.html");
        t.run(&["report", saved.to_str().unwrap(), "--html", html.to_str().unwrap()]).expect_code(0);
        outputs.push(std::fs::read_to_string(&html).unwrap());
        for output in &outputs {
            for secret in case.must_not_print.iter().map(String::as_str).chain(CANARIES) {
                if output.contains(secret) {
                    wrong.push(format!("{label}: an output contains `{secret}`"));
                }
            }
        }
        if outputs[1].contains('\u{1b}') {
            wrong.push(format!("{label}: the terminal summary carries an escape sequence"));
        }
        t.assert_no_leftovers();
    }
    // Late writers had their chance: the ones that were going to write have written by now.
    std::thread::sleep(std::time::Duration::from_secs(6));
    for case in &cases.cases {
        for pattern in &case.must_not_leave {
            for left in exists_like(pattern) {
                wrong.push(format!("{}: left {left}", case.name));
            }
        }
    }
    assert_eq!(grader_files(), before, "a hostile case changed the grader's files");
    assert!(wrong.is_empty(), "hostile submissions got through:\n{}", wrong.join("\n"));
}

#[test]
fn a_private_tmpdir_works() {
    use std::os::unix::fs::PermissionsExt;
    let t = KataTest::with_fixtures();
    // An interviewer's TMPDIR inside a folder only they can enter (0700).
    std::fs::set_permissions(t.tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let reference = repo().join("tests/fixtures/katas/adder/solutions/reference");
    let run = t.run(&["grade", reference.to_str().unwrap(), "--kata", "adder", "--format", "json"]);
    run.expect_code(0);
    assert_eq!(run.json()["score"], 30, "{}", run.stderr());
    t.assert_no_leftovers();
}

#[test]
fn a_missing_tmpdir_is_an_error_that_names_it() {
    let t = KataTest::with_fixtures();
    let reference = repo().join("tests/fixtures/katas/adder/solutions/reference");
    let run = t
        .command(&["grade", reference.to_str().unwrap(), "--kata", "adder"])
        .env("TMPDIR", "/nonexistent-kata-tmp")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("/nonexistent-kata-tmp") && stderr.contains("TMPDIR"), "{stderr}");
}

#[test]
fn results_record_the_containment_and_doctor_prints_it() {
    let t = KataTest::with_fixtures();
    let reference = repo().join("tests/fixtures/katas/adder/solutions/reference");
    let json = t.run(&["grade", reference.to_str().unwrap(), "--kata", "adder", "--format", "json"]).json();
    let level = json["containment"]["level"].as_str().unwrap().to_string();
    assert!(["full", "partial", "none"].contains(&level.as_str()), "{json}");
    t.run(&["doctor"]).expect_code(0).stdout_has(&format!("containment: {level}"));
    let strict = t.run(&["grade", reference.to_str().unwrap(), "--kata", "adder", "--require-sandbox"]);
    if level == "full" {
        strict.expect_code(0);
    } else {
        strict.expect_code(2).stderr_has("--require-sandbox");
    }
}

/// `kata warm` compiles each kata's cache once (a second run finds it warm), and an unknown id
/// is an error that names the known ones.
#[test]
fn warm_builds_each_cache_once_and_names_unknown_katas() {
    let t = KataTest::with_fixtures();
    let cache = t.path().join("cache");
    let run = |args: &[&str]| {
        let mut command = t.command(args);
        command.env("KATA_CACHE_DIR", &cache).env("CI", "1");
        crate::support::Run::new(command.output().unwrap(), args)
    };
    run(&["warm"]).expect_code(0).stderr_has("adder").stderr_has("built in").stderr_has("1 of 1 katas warm");
    run(&["warm", "adder"]).expect_code(0).stderr_has("already warm");
    run(&["warm", "nope"]).expect_code(2).stderr_has("no kata `nope`").stderr_has("adder");
}
