//! `kata verify`: every shipped solution gets the verdicts its kata declares. CI runs this for
//! every kata, so a kata whose hidden tests lost their teeth cannot land.

use std::path::Path;

use crate::cli::VerifyArgs;
use crate::coding::grade::{self, GradeOptions};
use crate::coding::workspace::Suite;
use crate::coding::RunSettings;
use crate::content::Content;
use crate::error::exit_codes;
use crate::kata::model::Expect;
use crate::kata::{self, Kata};
use crate::results::KataResult;
use crate::results::VerdictKind;

/// Kattis's margin: a solution declared too slow must land this far beyond the limit.
const TOO_SLOW_MARGIN: f64 = 1.5;

/// One row of the verification table.
struct Check {
    solution: String,
    expected: String,
    got: String,
    ok: bool,
}

pub(crate) fn run(content: &Content, args: VerifyArgs) -> anyhow::Result<u8> {
    // With folders of one's own, `verify` alone verifies those (the built-in katas are ours).
    let ids = match (args.ids.is_empty(), content.katas.own > 0) {
        (false, _) => args.ids.clone(),
        (true, true) => kata::own_ids(&content.katas)?,
        (true, false) => kata::ids(&content.katas)?,
    };
    let mut all_ok = true;
    for id in ids {
        let kata = super::load_kata(content, &id)?;
        // One build session per kata: its solutions share compiled dependencies.
        let session = super::settings(&args.run)?;
        eprintln!("verifying `{id}`...");
        let (checks, suite) = verify_kata(&kata, &content.harness, &session)?;
        let width = checks.iter().map(|c| c.solution.len()).max().unwrap_or(8).max(8);
        let mut table = format!("{id}: {suite}\n");
        for check in &checks {
            all_ok &= check.ok;
            table.push_str(&format!(
                "  {:<4} {:<width$}  expected: {}\n{:width2$}got:      {}\n",
                if check.ok { "ok" } else { "FAIL" },
                check.solution,
                check.expected,
                "",
                check.got,
                width2 = width + 9
            ));
        }
        super::print(&table)?;
    }
    if all_ok {
        super::print("verify: every solution got its declared verdicts\n")?;
        Ok(exit_codes::OK)
    } else {
        super::print("verify: MISMATCH (see FAIL rows above)\n")?;
        Ok(exit_codes::FAILED)
    }
}

/// Verifies one kata: its rows, and what its hidden suite is (declared and built tests agree,
/// or grading would have refused).
fn verify_kata(kata: &Kata, harness: &Path, session: &RunSettings) -> anyhow::Result<(Vec<Check>, String)> {
    let grade_dir = |dir: &Path| -> anyhow::Result<KataResult> {
        grade::grade(
            kata,
            harness,
            dir,
            GradeOptions {
                offline: session.offline,
                suite: Suite::Hidden,
                jobs: session.jobs,
                progress: &mut |_| {},
                filter: None,
            },
        )
    };
    let mut checks = Vec::new();
    let mut suite = String::new();
    for solution in &kata.def.solutions {
        let result = grade_dir(&kata.dir.join(&solution.dir))?;
        if suite.is_empty() {
            let n = result.tests.len();
            suite = if kata.tests_listed {
                format!("{n} hidden tests, as kata.yaml lists them (the built suite agrees)")
            } else {
                let defaults = &kata.def.test_defaults;
                format!(
                    "{n} hidden tests discovered in the built suite (weight {} and timeout {} ms each, {} points)",
                    defaults.weight, defaults.timeout_ms, result.max_score
                )
            };
        }
        let name = solution.dir.display().to_string();
        match solution.expect {
            Expect::Pass => {
                let failing: Vec<String> = result
                    .tests
                    .iter()
                    .filter(|t| !t.verdict.is_pass())
                    .map(|t| format!("{} {} ({})", t.name, t.verdict, first_line(&t.message)))
                    .collect();
                checks.push(Check {
                    solution: name,
                    expected: "every test passes".into(),
                    got: if failing.is_empty() {
                        format!("{}/{} {}", result.score, result.max_score, timing_note(&result))
                    } else {
                        failing.join("; ")
                    },
                    ok: failing.is_empty() && result.compiled,
                });
            }
            Expect::Fail => {
                let mut ok = !result.all_passed();
                let mut got = Vec::new();
                for expected in &solution.verdicts {
                    let actual = result.tests.iter().find(|t| t.name == expected.test);
                    let (verdict, ratio) = actual
                        .map(|t| (t.verdict, t.timing.as_ref().map(|m| (m.ratio, m.limit))))
                        .unwrap_or((VerdictKind::Failed, None));
                    let mut matched = verdict == expected.verdict;
                    let mut note = String::new();
                    if let Some((ratio, limit)) = ratio {
                        note = format!(" at {ratio:.2}x (limit {limit:.1}x)");
                        if expected.verdict == VerdictKind::TooSlow && ratio < limit * TOO_SLOW_MARGIN {
                            matched = false;
                            note.push_str(&format!(
                                ", needs >= {:.1}x so noise cannot flip it",
                                limit * TOO_SLOW_MARGIN
                            ));
                        }
                    }
                    ok &= matched;
                    got.push(format!("{} {verdict}{note}", expected.test));
                }
                // Failures nobody declared: not a mismatch, but the author should see them (a
                // test that fails for the wrong reason, or a verdict worth declaring).
                let undeclared: Vec<String> = result
                    .tests
                    .iter()
                    .filter(|t| !t.verdict.is_pass() && !solution.verdicts.iter().any(|v| v.test == t.name))
                    .map(|t| format!("{} {}", t.name, t.verdict))
                    .collect();
                if !undeclared.is_empty() {
                    got.push(format!("also failed, undeclared: {}", undeclared.join(", ")));
                }
                checks.push(Check {
                    solution: name,
                    expected: solution
                        .verdicts
                        .iter()
                        .map(|v| format!("{} {}", v.test, v.verdict))
                        .collect::<Vec<_>>()
                        .join("; "),
                    got: format!("{} [score {}/{}]", got.join("; "), result.score, result.max_score),
                    ok,
                });
            }
        }
    }
    let starter = grade_dir(&kata.starter_dir())?;
    let failing = starter.tests.iter().filter(|t| !t.verdict.is_pass()).count();
    checks.push(Check {
        solution: "starter".into(),
        expected: "at least one hidden test fails".into(),
        got: format!("{failing} of {} fail [score {}/{}]", starter.tests.len(), starter.score, starter.max_score),
        ok: failing > 0,
    });
    Ok((checks, suite))
}

fn timing_note(result: &KataResult) -> String {
    let ratios: Vec<String> =
        result.tests.iter().filter_map(|t| t.timing.as_ref().map(|m| format!("{} {:.2}x", t.name, m.ratio))).collect();
    if ratios.is_empty() {
        String::new()
    } else {
        format!("(timing: {})", ratios.join(", "))
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}
