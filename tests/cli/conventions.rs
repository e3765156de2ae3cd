//! What users of cargo, nextest and rustlings expect of a CLI: completions, "did you mean",
//! help without repeats, colour only where wanted, no internal paths in errors.

use crate::support::KataTest;

#[test]
fn completions_are_generated_for_each_shell() {
    let t = KataTest::new();
    t.run(&["completions", "bash"]).expect_code(0).stdout_has("_kata()").stdout_has("completions");
    t.run(&["completions", "zsh"]).expect_code(0).stdout_has("#compdef kata");
    t.run(&["completions", "fish"]).expect_code(0).stdout_has("complete -c kata");
    t.run(&["completions", "tcsh"]).expect_code(2);
}

#[test]
fn a_mistyped_kata_or_assessment_gets_a_suggestion_and_no_cache_path() {
    let t = KataTest::new();
    let run = t.run(&["show", "deadlok"]);
    run.expect_code(2).stderr_has("did you mean `deadlock`?");
    assert!(!run.stderr().contains(".cache") && !run.stderr().contains("content-"), "{}", run.stderr());
    let run = t.run(&["start", "--assessment", "backnd"]);
    run.expect_code(2).stderr_has("did you mean `backend`?");
    assert!(!run.stderr().contains("content-"), "{}", run.stderr());
    t.run(&["show", "zzz"]).expect_code(2).stderr_has("no kata `zzz`; known: ");
}

#[test]
fn help_states_each_default_once() {
    for sub in ["test", "watch", "hint", "submit"] {
        let help = KataTest::new().run(&[sub, "--help"]).expect_code(0).stdout();
        let dir = help.lines().find(|l| l.contains("--dir")).unwrap_or_else(|| panic!("{help}"));
        assert_eq!(dir.matches("[default:").count(), 1, "kata {sub} --help: {dir}");
    }
}

#[test]
fn colour_only_on_request_or_a_terminal_and_never_under_no_color() {
    let t = KataTest::new();
    let esc = |run: &crate::support::Run| run.stderr().contains('\u{1b}') || run.stdout().contains('\u{1b}');
    // A pipe is not a terminal: plain.
    assert!(!esc(&t.run(&["show", "nope"])));
    let forced = t.command(&["show", "nope"]).env("CLICOLOR_FORCE", "1").output().unwrap();
    assert!(String::from_utf8_lossy(&forced.stderr).contains("\u{1b}["), "CLICOLOR_FORCE=1 gives no colour");
    let both = t.command(&["show", "nope"]).env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").output().unwrap();
    assert!(!String::from_utf8_lossy(&both.stderr).contains('\u{1b}'), "NO_COLOR must win");
    // The verdict tags of `kata test`.
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    let plain = t.run(&["test", "--dir", "work"]);
    plain.expect_code(1).stdout_has("FAIL");
    assert!(!esc(&plain), "{}", plain.stdout());
    let coloured = t.command(&["test", "--dir", "work"]).env("CLICOLOR_FORCE", "1").output().unwrap();
    let stdout = String::from_utf8_lossy(&coloured.stdout);
    assert!(stdout.contains("\u{1b}[") && stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn counts_agree_with_their_nouns() {
    KataTest::with_fixtures()
        .run(&["check"])
        .expect_code(0)
        .stdout_has("check: 6 katas, ")
        .stdout_has(" 1 assessment are");
}
