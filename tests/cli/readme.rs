//! README.md's command blocks, kept true: every fenced `sh` block is mirrored below, line for
//! line, and the test fails when the two diverge. The cheap lines run for real, verbatim, in a
//! temp folder; the rest say which test covers them.

use std::path::Path;

use crate::support::{repo, KataTest};

/// What the test does with one README line.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// Runs it for real, in `scenario` (below), from the folder named.
    Run,
    /// Not run here, and why.
    Skip(&'static str),
}

use Step::{Run, Skip};

/// Each fenced `sh` block of README.md, comments and blank lines left out.
const BLOCKS: &[&[(&str, Step)]] = &[
    &[("cargo install --locked --path .", Skip("installs; CI builds the same crate"))],
    &[("cargo install --locked --path . --features candidate", Skip("installs; CI builds the feature"))],
    &[("kata demo deadlock", Skip("katas::demo_grades_the_starter_and_the_reference"))],
    &[
        ("kata start deadlock", Run),
        ("cd deadlock", Run),
        ("kata test", Skip("katas::every_kata_starts_fails_its_visible_tests_and_grades_full_once_fixed")),
        ("kata watch", Skip("interactive")),
        ("kata hint", Run),
        ("kata submit", Run),
    ],
    &[
        ("kata warm", Skip("engine::warm_builds_each_cache_once_and_names_unknown_katas")),
        ("kata grade path/to/candidate/deadlock", Skip("a placeholder path; engine.rs grades kata folders")),
        ("kata grade path/to/candidate/deadlock --format json", Skip("as above")),
        ("kata grade FOLDER -o results.json", Skip("as above")),
    ],
    &[("kata grade cohort/* --out-dir results/", Run), ("kata grade cohort/* --shard 2/3 --out-dir results-2/", Run)],
    &[
        ("kata start --assessment backend --candidate \"Ada Lovelace\" --dir ada", Run),
        ("cd ada", Run),
        (
            "cd deadlock && kata test",
            Skip("katas::every_kata_starts_fails_its_visible_tests_and_grades_full_once_fixed"),
        ),
        ("kata submit", Run),
        ("kata grade ada/submission.tar.gz --html ada.html", Run),
        ("kata grade cohort/*.tar.gz --out-dir results/ --html cohort.html", Run),
        ("kata report kata-results/ada.json --html ada.html --format md", Run),
        ("kata report results-1/ results-2/ --merge all.json", Run),
        ("kata report all.json --html cohort.html", Run),
    ],
    &[("kata grade --answers ANSWERS.md --reflection REFLECTION.md --format json", Run), ("kata blank answers", Run)],
    &[
        ("kata new rate-limiter --into ~/katas", Skip("import::kata_new_scaffolds_a_kata_that_checks_and_verifies")),
        (
            "kata import exercism path/to/exercise --into ~/katas",
            Skip("a placeholder path; import::every_fixture_exercise_imports_checks_and_verifies"),
        ),
        ("kata check", Run),
        ("kata verify [ID...]", Skip("katas::verify_deadlock and the other verify_*")),
    ],
    &[
        ("python3 benches/grade_bench.py --runs 3", Skip("a benchmark of minutes")),
        ("python3 benches/grade_bench.py --skip-katas --assessment 3 --stability 10", Skip("a benchmark of an hour")),
    ],
    &[("cargo test", Skip("this is it"))],
];

/// The fenced `sh` blocks of `markdown`, each a list of its command lines.
fn sh_blocks(markdown: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in markdown.lines() {
        let trimmed = line.trim();
        match &mut current {
            None if trimmed == "```sh" => current = Some(Vec::new()),
            None => {}
            Some(_) if trimmed == "```" => blocks.push(current.take().expect("in a block")),
            Some(lines) => {
                let command = if trimmed.starts_with('#') { "" } else { trimmed.split(" #").next().unwrap_or("") };
                if !command.trim().is_empty() {
                    lines.push(command.trim().to_string());
                }
            }
        }
    }
    blocks
}

#[test]
fn every_readme_block_is_mirrored_here() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let found = sh_blocks(&readme);
    let mirrored: Vec<Vec<String>> =
        BLOCKS.iter().map(|b| b.iter().map(|(line, _)| line.to_string()).collect()).collect();
    assert_eq!(
        found, mirrored,
        "README.md's sh blocks and tests/cli/readme.rs BLOCKS differ: update BLOCKS (and run the new lines in \
         readme_commands_work_as_written)"
    );
    for (line, step) in BLOCKS.iter().flat_map(|b| b.iter()) {
        if let Skip(why) = step {
            assert!(!why.is_empty(), "say why `{line}` is not run, or which test covers it");
        }
    }
    // Every `kata` subcommand the README names exists.
    for line in found.iter().flatten() {
        if let Some(rest) = line.split("&& ").last().and_then(|l| l.strip_prefix("kata ")) {
            let sub = rest.split_whitespace().next().unwrap();
            if !sub.starts_with('-') {
                KataTest::new().run(&[sub, "--help"]).expect_code(0);
            }
        }
    }
}

/// The words of a README line as a shell splits them (double quotes only), `kata` left out.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    assert_eq!(words.first().map(String::as_str), Some("kata"), "{line}");
    words.remove(0);
    words
}

/// Expands a trailing-`*` glob word (`cohort/*`, `cohort/*.tar.gz`) in `cwd`, as a shell would.
fn expand(cwd: &Path, word: &str) -> Vec<String> {
    let Some((dir, pattern)) = word.split_once("/*") else { return vec![word.to_string()] };
    let mut names: Vec<String> = std::fs::read_dir(cwd.join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(pattern))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    names.sort();
    names
}

/// Runs README line `line` verbatim (it must be marked `Run` in BLOCKS) from `cwd`, with the
/// extra environment `env`.
fn run_line(t: &KataTest, cwd: &Path, env: &[(&str, &Path)], line: &str) -> crate::support::Run {
    let step = BLOCKS.iter().flat_map(|b| b.iter()).find(|(l, _)| *l == line);
    assert!(matches!(step, Some((_, Run))), "`{line}` is not a Run line of BLOCKS");
    let args: Vec<String> = words(line).iter().flat_map(|w| expand(cwd, w)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = t.command(&args);
    cmd.current_dir(cwd).envs(env.iter().copied());
    crate::support::Run::new(cmd.output().unwrap(), &args)
}

#[test]
fn readme_commands_work_as_written() {
    // The candidate's lines, with the built-in katas and assessment (no build).
    let t = KataTest::new();
    let root = t.path();
    run_line(&t, root, &[], "kata start deadlock").expect_code(0);
    run_line(&t, &root.join("deadlock"), &[], "kata hint").expect_code(0).stdout_has("Hint 1/");
    run_line(&t, &root.join("deadlock"), &[], "kata submit").expect_code(0).stdout_has("submission.tar.gz");
    assert!(root.join("deadlock/submission.tar.gz").is_file(), "kata submit wrote no deadlock/submission.tar.gz");
    run_line(&t, root, &[], "kata start --assessment backend --candidate \"Ada Lovelace\" --dir ada").expect_code(0);
    // `cd ada`, then `cd deadlock && kata test`: `kata submit` runs in ada/deadlock.
    run_line(&t, &root.join("ada/deadlock"), &[], "kata submit").expect_code(0).stdout_has("submission.tar.gz");
    assert!(root.join("ada/submission.tar.gz").is_file(), "kata submit wrote no ada/submission.tar.gz");
    let ada = root.join("ada");
    run_line(&t, &ada, &[], "kata grade --answers ANSWERS.md --reflection REFLECTION.md --format json")
        .expect_code(0)
        .json();
    let blank = root.join("blank");
    std::fs::create_dir(&blank).unwrap();
    run_line(&t, &blank, &[], "kata blank answers").expect_code(0);
    assert!(blank.join("ANSWERS.md").is_file());
    run_line(&t, root, &[], "kata check").expect_code(0);

    // The interviewer's lines, verbatim, on the small fixture assessment (one std-only kata)
    // taken under the same name: grading the built-in one builds five katas.
    let t = KataTest::with_fixtures();
    let fixtures = repo().join("tests/fixtures/assessment");
    let rubrics = fixtures.join("rubrics");
    let env: &[(&str, &Path)] = &[("KATA_RUBRICS", &rubrics), ("KATA_ASSESSMENTS", &fixtures)];
    let root = t.path();
    let setup = |cwd: &Path, args: &[&str]| {
        let mut cmd = t.command(args);
        cmd.current_dir(cwd).envs(env.iter().copied());
        crate::support::Run::new(cmd.output().unwrap(), args).expect_code(0);
    };
    setup(root, &["start", "--assessment", "mini", "--candidate", "Ada Lovelace", "--dir", "ada"]);
    setup(&root.join("ada/adder"), &["submit"]);
    let run = |cwd: &Path, line: &str| run_line(&t, cwd, env, line);
    run(root, "kata grade ada/submission.tar.gz --html ada.html").expect_code(0);
    assert!(root.join("kata-results/ada.json").is_file(), "README promises kata-results/ada.json");
    assert!(root.join("ada.html").is_file());
    std::fs::create_dir(root.join("cohort")).unwrap();
    std::fs::copy(root.join("ada/submission.tar.gz"), root.join("cohort/ada.tar.gz")).unwrap();
    run(root, "kata grade cohort/*.tar.gz --out-dir results/ --html cohort.html").expect_code(0);
    assert!(root.join("results/ada.json").is_file() && root.join("cohort.html").is_file());
    run(root, "kata report kata-results/ada.json --html ada.html --format md").expect_code(0).stdout_has("#");
    // Two shard outputs: the whole cohort as shard 1, and shard 2 of 3 of it (maybe empty).
    crate::support::copy_dir(&root.join("results"), &root.join("results-1"));
    run(root, "kata grade cohort/* --shard 2/3 --out-dir results-2/").expect_code(0);
    run(root, "kata report results-1/ results-2/ --merge all.json").expect_code(0);
    run(root, "kata report all.json --html cohort.html").expect_code(0);
    // The batch line without a shard, on the same cohort.
    run(root, "kata grade cohort/* --out-dir results/").expect_code(0);
    // A missing path says so.
    t.run(&["grade", "ada.tar.gz"]).expect_code(2).stderr_has("ada.tar.gz does not exist");
}
