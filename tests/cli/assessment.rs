//! Whole assessments on the fixture assessment (tests/fixtures/assessment: the `adder` kata,
//! one question, a two-section reflection): start, blank sheets, written grading, submit and
//! the archive's integrity, and batch grading of a cohort, sharded and merged.

use std::path::Path;
use std::process::Command;

use crate::support::{repo, KataTest};

fn mini() -> String {
    repo().join("tests/fixtures/assessment/mini.yaml").to_str().unwrap().to_string()
}

fn rubrics() -> String {
    repo().join("tests/fixtures/assessment/rubrics").to_str().unwrap().to_string()
}

/// `kata --rubrics <fixture rubrics> ARGS` with the fixture katas.
fn kata(t: &KataTest, args: &[&str]) -> crate::support::Run {
    let rubrics = rubrics();
    let mut all = vec!["--rubrics", rubrics.as_str()];
    all.extend_from_slice(args);
    t.run(&all)
}

fn start(t: &KataTest, dir: &str) {
    kata(t, &["start", "--assessment", &mini(), "--candidate", dir, "--dir", dir])
        .expect_code(0)
        .stdout_has("kata submit");
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Writes a good answer, a reflection, and (optionally) the reference solution.
fn fill(dir: &Path, solve: bool) {
    edit(
        &dir.join("ANSWERS.md"),
        "<!-- your answer -->",
        "Two large values overflow the u32. I would use checked_add and return an error.",
    );
    edit(
        &dir.join("REFLECTION.md"),
        "what did it cost? -->",
        "what did it cost? -->\nChecking costs a branch, a small overhead.",
    );
    edit(
        &dir.join("REFLECTION.md"),
        "check your work? -->",
        "check your work? -->\nI ran the visible tests and one of my own.",
    );
    if solve {
        let reference = repo().join("tests/fixtures/katas/adder/solutions/reference/src/lib.rs");
        std::fs::copy(reference, dir.join("adder/src/lib.rs")).unwrap();
    }
}

#[test]
fn start_scaffolds_one_crate_per_kata_the_written_sheets_and_the_start_time() {
    let t = KataTest::with_fixtures();
    start(&t, "alice");
    let dir = t.path().join("alice");
    for file in [
        "adder/src/lib.rs",
        "adder/Cargo.toml",
        "adder/.kata/started.yaml",
        "ANSWERS.md",
        "REFLECTION.md",
        "README.md",
        ".kata/assessment.yaml",
    ] {
        assert!(dir.join(file).is_file(), "no {file}");
    }
    let record = std::fs::read_to_string(dir.join(".kata/assessment.yaml")).unwrap();
    assert!(
        record.contains("assessment: mini") && record.contains("candidate: alice") && record.contains("started-at: 20"),
        "{record}"
    );
    assert!(std::fs::read_to_string(dir.join("ANSWERS.md")).unwrap().contains("#### Answer Q1"));
    assert!(std::fs::read_to_string(dir.join("README.md")).unwrap().contains("| `adder/` |"));
    // Never over an existing folder.
    kata(&t, &["start", "--assessment", &mini(), "--dir", "alice"]).expect_code(2).stderr_has("already exists");
    // The candidate's loop works inside a kata of the assessment.
    kata(&t, &["hint", "--dir", "alice/adder"]).expect_code(0).stdout_has("Hint 1/");
}

#[test]
fn blank_sheets_are_written_but_never_over_a_file() {
    let t = KataTest::new();
    kata(&t, &["blank", "answers"]).expect_code(0).stderr_has("wrote ANSWERS.md");
    assert!(std::fs::read_to_string(t.path().join("ANSWERS.md")).unwrap().contains("### Q1. Adding safely"));
    kata(&t, &["blank", "reflection", "--output", "mine.md"]).expect_code(0);
    assert!(std::fs::read_to_string(t.path().join("mine.md")).unwrap().contains("## 2. Testing"));
    std::fs::write(t.path().join("REFLECTION.md"), "my work").unwrap();
    kata(&t, &["blank", "reflection"]).expect_code(2).stderr_has("already exists; nothing was overwritten");
    assert_eq!(std::fs::read_to_string(t.path().join("REFLECTION.md")).unwrap(), "my work");
    kata(&t, &["blank", "answers", "-o", "-"]).expect_code(0).stdout_has("#### Answer Q1");
}

#[test]
fn written_answers_grade_to_the_json_contract_with_the_overrides_beside_them() {
    let t = KataTest::new();
    kata(&t, &["blank", "answers"]).expect_code(0);
    kata(&t, &["blank", "reflection"]).expect_code(0);
    fill(t.path(), false);
    let json = kata(&t, &["grade", "--answers", "ANSWERS.md", "--reflection", "REFLECTION.md", "--format", "json"])
        .expect_code(0)
        .json();
    for key in ["score", "max_score", "questions", "reflection"] {
        assert!(json.get(key).is_some(), "no {key}: {json}");
    }
    let q1 = &json["questions"][0];
    for key in ["id", "score", "max_score", "needs_review", "evidence"] {
        assert!(q1.get(key).is_some(), "no questions[0].{key}: {q1}");
    }
    assert_eq!(q1["score"], 10.0, "{q1}");
    assert_eq!(json["reflection"]["max_score"], 20.0);
    std::fs::write(
        t.path().join("grades.yaml"),
        "format-version: 1\noverrides:\n  - { question: Q1, score: 6, note: \"the error path is vague\" }\n",
    )
    .unwrap();
    let json = kata(&t, &["grade", "--answers", "ANSWERS.md", "--format", "json"]).expect_code(0).json();
    assert_eq!(json["questions"][0]["score"], 6.0);
    assert_eq!(json["questions"][0]["override"]["note"], "the error path is vague");
    // The same grading as a report.
    kata(&t, &["grade", "--answers", "ANSWERS.md", "--reflection", "REFLECTION.md", "--html", "w.html"]).expect_code(0);
    assert!(std::fs::read_to_string(t.path().join("w.html")).unwrap().contains("the error path is vague"));
}

#[test]
fn submit_packs_a_manifest_and_grading_the_archive_reports_changes_after_packing() {
    let t = KataTest::with_fixtures();
    start(&t, "alice");
    let dir = t.path().join("alice");
    fill(&dir, true);
    let run = t.command(&["submit"]).current_dir(dir.join("adder")).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("submission.tar.gz"));
    let archive = dir.join("submission.tar.gz");

    // What the archive holds: the files, and a manifest with their hashes and the times.
    let unpacked = t.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let tar = |args: &[&str]| assert!(Command::new("tar").args(args).status().unwrap().success(), "tar {args:?}");
    tar(&["xzf", archive.to_str().unwrap(), "-C", unpacked.to_str().unwrap()]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(unpacked.join("MANIFEST.json")).unwrap()).unwrap();
    for key in ["started_at", "submitted_at", "tool_version", "katas", "files"] {
        assert!(manifest.get(key).is_some(), "manifest lacks {key}: {manifest}");
    }
    let files = manifest["files"].as_array().unwrap();
    let answers = files.iter().find(|f| f["path"] == "ANSWERS.md").expect("ANSWERS.md listed");
    assert_eq!(answers["sha256"].as_str().unwrap().len(), 64);
    assert!(files.iter().all(|f| !f["path"].as_str().unwrap().contains("target/")));

    // Someone edits the answers inside the archive and adds a file, without a new manifest.
    edit(&unpacked.join("ANSWERS.md"), "checked_add", "checked_add (edited later)");
    std::fs::write(unpacked.join("adder/src/extra.rs"), "// added\n").unwrap();
    tar(&["czf", t.path().join("tampered.tar.gz").to_str().unwrap(), "-C", unpacked.to_str().unwrap(), "."]);

    let run = kata(
        &t,
        &["grade", "tampered.tar.gz", "--assessment", &mini(), "-o", "r.json", "--html", "r.html", "--format", "json"],
    );
    let json = run.expect_code(0).json();
    assert_eq!(json["candidate"], "alice");
    assert_eq!(json["total"], 100.0, "{json}");
    assert_eq!(json["katas"][0]["result"]["score"], 30);
    assert!(json["submitted_at"].is_string() && json["started_at"].is_string());
    let findings: Vec<(String, String)> = json["integrity"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["kind"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        findings,
        [("ANSWERS.md".to_string(), "changed".to_string()), ("adder/src/extra.rs".to_string(), "extra".to_string())]
    );
    assert!(json["warnings"].to_string().contains("differs from its manifest"), "{}", json["warnings"]);
    t.assert_no_leftovers();

    // The report re-renders from the saved results alone, identically.
    kata(&t, &["report", "r.json", "--html", "again.html"]).expect_code(0);
    let first = std::fs::read_to_string(t.path().join("r.html")).unwrap();
    assert_eq!(first, std::fs::read_to_string(t.path().join("again.html")).unwrap());
    assert!(first.contains("changed: ANSWERS.md"));

    // The untouched archive is intact.
    let json =
        kata(&t, &["grade", archive.to_str().unwrap(), "--assessment", &mini(), "-o", "ok.json", "--format", "json"])
            .expect_code(0)
            .json();
    assert_eq!(json["integrity"]["findings"].as_array().unwrap().len(), 0, "{}", json["integrity"]);
    assert_eq!(json["integrity"]["manifest"], true);
}

/// Removes what differs between two gradings of the same work: times and measurements.
fn strip_volatile(value: &mut serde_json::Value) {
    const VOLATILE: &[&str] =
        &["graded_at", "duration_ms", "cpu_ms", "build_ms", "max_rss_kib", "candidate_ms", "reference_ms", "ratio"];
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !VOLATILE.contains(&k.as_str()));
            map.values_mut().for_each(strip_volatile);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_volatile),
        _ => {}
    }
}

#[test]
fn a_cohort_graded_in_three_shards_merges_to_the_unsharded_results() {
    let t = KataTest::with_fixtures();
    // alice solves the kata, bob deletes it, carol's does not compile: all three are results.
    for c in ["alice", "bob", "carol"] {
        start(&t, c);
        fill(&t.path().join(c), c == "alice");
    }
    std::fs::remove_dir_all(t.path().join("bob/adder")).unwrap();
    std::fs::write(t.path().join("carol/adder/src/lib.rs"), "pub fn add(a: u64, b: u64) -> u64 { a + \"b\" }\n")
        .unwrap();
    let folders = ["alice", "bob", "carol"];
    let mini = mini();
    let grade = |extra: &[&str]| {
        let mut args = vec!["grade"];
        args.extend_from_slice(&folders);
        args.extend_from_slice(&["--assessment", &mini, "--candidates", "1"]);
        args.extend_from_slice(extra);
        kata(&t, &args)
    };
    let all = grade(&["--out-dir", "all", "--format", "json"]).expect_code(0).json();
    let by_candidate = |c: &str| all.as_array().unwrap().iter().find(|r| r["candidate"] == c).unwrap().clone();
    assert_eq!(by_candidate("alice")["katas"][0]["result"]["score"], 30);
    assert_eq!(by_candidate("bob")["katas"][0]["status"], "missing");
    assert_eq!(by_candidate("bob")["katas"][0]["result"]["score"], 0);
    assert_eq!(by_candidate("carol")["katas"][0]["status"], "graded");
    assert_eq!(by_candidate("carol")["katas"][0]["result"]["compiled"], false);
    assert_eq!(by_candidate("carol")["total"], 40.0, "written parts still count: {}", by_candidate("carol"));

    for k in 1..=3 {
        grade(&["--shard", &format!("{k}/3"), "--out-dir", &format!("shard{k}")]).expect_code(0);
    }
    kata(&t, &["report", "all", "--merge", "unsharded.json"]).expect_code(0);
    kata(&t, &["report", "shard1", "shard2", "shard3", "--merge", "sharded.json"]).expect_code(0);
    let read = |name: &str| -> serde_json::Value {
        let mut v = serde_json::from_str(&std::fs::read_to_string(t.path().join(name)).unwrap()).unwrap();
        strip_volatile(&mut v);
        v
    };
    let (unsharded, sharded) = (read("unsharded.json"), read("sharded.json"));
    assert_eq!(unsharded.as_array().unwrap().len(), 3);
    assert_eq!(unsharded, sharded);
    // The cohort page from the merged results.
    kata(&t, &["report", "sharded.json", "--html", "cohort.html"]).expect_code(0);
    assert!(std::fs::read_to_string(t.path().join("cohort.html")).unwrap().contains("(3 candidates)"));
}

#[test]
fn a_symlinked_sheet_is_not_read_and_a_missing_kata_is_a_zero() {
    let t = KataTest::with_fixtures();
    start(&t, "mallory");
    let dir = t.path().join("mallory");
    std::fs::remove_dir_all(dir.join("adder")).unwrap();
    std::fs::write(t.path().join("secret.txt"), "TOPSECRET of the grading machine.\n").unwrap();
    std::fs::remove_file(dir.join("ANSWERS.md")).unwrap();
    std::os::unix::fs::symlink(t.path().join("secret.txt"), dir.join("ANSWERS.md")).unwrap();
    let run = kata(&t, &["grade", "mallory", "--assessment", &mini(), "--format", "json", "-o", "m.json"]);
    let json = run.expect_code(0).json();
    assert!(!run.stdout().contains("TOPSECRET"), "the linked file was quoted");
    assert!(json["answers"].is_null());
    assert!(json["warnings"].to_string().contains("not a regular file"), "{}", json["warnings"]);
    assert_eq!(json["katas"][0]["status"], "missing");
    assert_eq!(json["parts"][0]["points"], 0.0);
    assert_eq!(json["complete"], true);
}

#[test]
fn test_in_the_assessment_folder_runs_every_kata() {
    let t = KataTest::with_fixtures();
    start(&t, "alice");
    kata(&t, &["test", "--dir", "alice"])
        .expect_code(1)
        .stdout_has("== ")
        .stdout_has("two_plus_three")
        .stdout_has("0 of 1 kata pass their visible tests")
        .stdout_has("kata submit");
    fill(&t.path().join("alice"), true);
    kata(&t, &["test", "--dir", "alice"]).expect_code(0).stdout_has("1 of 1 kata passes its visible tests");
}

/// `--shard auto` on each job engine picks the folders `--shard K/N` picks.
#[test]
fn shard_auto_grades_the_same_folders_as_the_explicit_share_on_every_job_engine() {
    const ENGINE_VARS: &[&str] = &[
        "JOB_COMPLETION_INDEX",
        "KATA_SHARD_TOTAL",
        "CI_NODE_INDEX",
        "CI_NODE_TOTAL",
        "BUILDKITE_PARALLEL_JOB",
        "BUILDKITE_PARALLEL_JOB_COUNT",
    ];
    let t = KataTest::with_fixtures();
    // Empty folders fail at once ("not a started kata folder"), so nothing is built; the batch
    // summary still names every folder of the share.
    let names: Vec<String> = (1..=9).map(|i| format!("cohort/c{i}")).collect();
    for name in &names {
        std::fs::create_dir_all(t.path().join(name)).unwrap();
    }
    let chosen = |shard: &str, vars: &[(&str, &str)]| {
        let mut args: Vec<&str> = vec!["grade"];
        args.extend(names.iter().map(String::as_str));
        args.extend(["--shard", shard, "--out-dir", "out"]);
        let mut cmd = t.command(&args);
        for var in ENGINE_VARS {
            cmd.env_remove(var);
        }
        cmd.envs(vars.iter().copied());
        let run = crate::support::Run::new(cmd.output().unwrap(), &args);
        let mut folders: Vec<String> = run
            .stdout()
            .lines()
            .filter(|l| l.contains("NOT GRADED"))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect();
        folders.sort();
        folders
    };
    let mut union = Vec::new();
    for k in 1..=3u32 {
        let expected = chosen(&format!("{k}/3"), &[]);
        let (zero, one) = ((k - 1).to_string(), k.to_string());
        for vars in [
            [("JOB_COMPLETION_INDEX", zero.as_str()), ("KATA_SHARD_TOTAL", "3")],
            [("CI_NODE_INDEX", one.as_str()), ("CI_NODE_TOTAL", "3")],
            [("BUILDKITE_PARALLEL_JOB", zero.as_str()), ("BUILDKITE_PARALLEL_JOB_COUNT", "3")],
        ] {
            assert_eq!(chosen("auto", &vars), expected, "shard {k}/3 from {vars:?}");
        }
        union.extend(expected);
    }
    union.sort();
    assert_eq!(union, names, "the three shares cover the cohort once");
    let mut args: Vec<&str> = vec!["grade", "--shard", "auto"];
    args.extend(names.iter().map(String::as_str));
    let mut cmd = t.command(&args);
    for var in ENGINE_VARS {
        cmd.env_remove(var);
    }
    crate::support::Run::new(cmd.output().unwrap(), &args).expect_code(2).stderr_has("no job engine");
}
