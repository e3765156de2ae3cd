//! Command-line arguments (clap derive). Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// What `kata --version` prints: the candidate build says it is one, so a candidate's copy and
/// the interviewer's (which carries the hidden tests) can be told apart.
#[cfg(not(feature = "candidate"))]
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// What `kata --version` prints: the candidate build says it is one, so a candidate's copy and
/// the interviewer's (which carries the hidden tests) can be told apart.
#[cfg(feature = "candidate")]
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (candidate build: cannot grade)");

/// Run backend-interview coding katas and grade whole interview assessments.
///
/// Candidates: `kata start <id>` (or `kata start --assessment backend`), then `kata test` and
/// `kata hint` inside a kata folder, and `kata submit` when done. Interviewers: `kata grade
/// <folder or archive>`, `kata report results.json --html report.html`. Kata authors and CI:
/// `kata check`, `kata verify`.
#[derive(Debug, Parser)]
#[command(name = "kata", version = VERSION, propagate_version = true)]
pub struct Cli {
    /// Where definitions come from.
    #[command(flatten)]
    pub content: ContentArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags that point `kata` at one's own content instead of the embedded katas and rubrics.
#[derive(Debug, Args, Clone)]
pub struct ContentArgs {
    /// Folder of katas to add beside the built-in ones (repeatable) [env: KATA_KATAS].
    #[arg(long, global = true, env = "KATA_KATAS", value_name = "DIR", hide_env = true)]
    pub katas: Vec<PathBuf>,
    /// Folder of rubrics to use instead of the built-in ones [env: KATA_RUBRICS].
    #[arg(long, global = true, env = "KATA_RUBRICS", value_name = "DIR", hide_env = true)]
    pub rubrics: Option<PathBuf>,
    /// Folder of assessment definitions to use instead of the built-in ones [env:
    /// KATA_ASSESSMENTS].
    #[arg(long, global = true, env = "KATA_ASSESSMENTS", value_name = "DIR", hide_env = true)]
    pub assessments: Option<PathBuf>,
}

/// Flags of every command that builds and runs code.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Build without network access (the kata's dependencies must already be downloaded).
    #[arg(long)]
    pub offline: bool,
    /// Builds and tests run at once, across every kata and candidate [default: number of CPUs]; a wall-clock timing run takes the slots its test needs, with no waiting test beside it.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Refuse to build or run candidate code unless this machine gives full containment
    /// (see `kata doctor`).
    #[arg(long)]
    pub require_sandbox: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the katas.
    List,
    /// Show a kata's challenge.
    Show(ShowArgs),
    /// Start a kata (or a whole assessment): writes the starter crate(s) and the challenge
    /// into a new folder.
    Start(StartArgs),
    /// Run the visible tests of a started kata (from any folder inside it), or of every kata
    /// of an assessment folder, each test in its own process with a timeout.
    Test(TestArgs),
    /// Re-run the visible tests of a started kata on every save.
    Watch(WatchArgs),
    /// Show the next hint of a started kata.
    Hint(HintArgs),
    /// Pack the assessment folder into one archive with a manifest of file hashes, for the
    /// interviewer.
    Submit(SubmitArgs),
    /// Grade a candidate's kata folder, assessment folder or submission archive (or only the
    /// written answers with --answers/--reflection).
    Grade(GradeArgs),
    /// Render saved results again (HTML, Markdown, JUnit, text) or merge results files,
    /// without building or running anything.
    Report(ReportArgs),
    /// Write a blank ANSWERS.md or REFLECTION.md (never over an existing file).
    Blank(BlankArgs),
    /// Check that every kata's solutions get their declared verdicts (reference passes,
    /// starter fails, wrong solutions fail as declared).
    Verify(VerifyArgs),
    /// Validate every kata and rubric definition without building anything.
    Check,
    /// Write a new kata folder to fill in: it passes `kata check`, its reference passes and
    /// its starter fails `kata verify`.
    New(NewArgs),
    /// Turn exercises from elsewhere into katas.
    Import(ImportArgs),
    /// Say what confines candidate code on this machine: the mechanisms in force, the missing
    /// ones and what that allows.
    Doctor,
    /// Start a kata in a temporary folder, grade the starter and the reference, print both.
    Demo(DemoArgs),
    /// Compile every kata's dependencies (and reference tests) into the cache now, all katas
    /// at once, e.g. before an interview day or while building a CI image.
    Warm(WarmArgs),
    /// Print a shell completion script, e.g. `kata completions bash > ~/.local/share/bash-completion/completions/kata`.
    Completions(CompletionsArgs),
    /// Run a kata's benchmark against a candidate's code (e.g. the connection-pool kata's
    /// pool-size experiment: p95 latency against pool size).
    Bench(BenchArgs),
}

/// `kata show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Kata id (see `kata list`).
    pub id: String,
}

/// `kata start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// Kata id (see `kata list`).
    #[arg(required_unless_present = "assessment", conflicts_with = "assessment")]
    pub id: Option<String>,
    /// Start a whole assessment instead: its name (e.g. `backend`) or a definition file.
    #[arg(long, value_name = "NAME")]
    pub assessment: Option<String>,
    /// The candidate's name, shown on the report [default: the folder's name].
    #[arg(long, value_name = "NAME", requires = "assessment")]
    pub candidate: Option<String>,
    /// Folder to create [default: ./<id>]; it must not exist yet.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `kata submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// The assessment folder, a kata folder inside it, or a kata folder from `kata start <id>`
    /// [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
    /// The archive to write [default: submission.tar.gz in the assessment folder, or in the
    /// kata folder].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// For a single kata folder: the name the interviewer sees [default: the folder's name].
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
}

/// `kata test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Run only the visible tests whose name contains this.
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
    /// The started kata folder, any folder inside it, or an assessment folder (all its katas)
    /// [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
    /// Build and run flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `kata watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Run only the visible tests whose name contains this.
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
    /// The started kata folder, any folder inside it, or an assessment folder (all its katas)
    /// [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
    /// Poll for changes instead of using file events (for network drives and containers).
    #[arg(long)]
    pub poll: bool,
    /// Build and run flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `kata hint`.
#[derive(Debug, Args)]
pub struct HintArgs {
    /// The started kata folder [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
}

/// Output formats of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable summary.
    Text,
    /// The JSON results model.
    Json,
    /// A Markdown report.
    #[value(alias = "markdown")]
    Md,
    /// JUnit XML: a test case per hidden test, for CI systems.
    Junit,
}

/// Where rendered reports go, besides stdout.
#[derive(Debug, Args, Clone)]
pub struct RenderArgs {
    /// Also write the HTML report to this file (a cohort page for several candidates).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Folder of templates that replace the built-in ones file by file (report.html,
    /// cohort.html, report.md, cohort.md, report.css, cohort.js).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `kata grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Candidate folders or archives: a kata folder (holding src/), an assessment folder
    /// (from `kata start --assessment`), a submission archive (from `kata submit`), or many of
    /// them for batch grading.
    #[arg(value_name = "FOLDER")]
    pub folders: Vec<PathBuf>,
    /// Grade only this answer sheet (ANSWERS.md) against the question rubrics.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Grade only this reflection (REFLECTION.md) against the reflection rubric.
    #[arg(long, value_name = "FILE")]
    pub reflection: Option<PathBuf>,
    /// The interviewer's overrides [default: grades.yaml beside the sheet or in the assessment
    /// folder; <name>.grades.yaml beside an archive].
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,
    /// Grade assessment folders against this assessment (a name or a definition file)
    /// [default: the one the folder was started with].
    #[arg(long, value_name = "NAME")]
    pub assessment: Option<String>,
    /// Kata id [default: from each folder's .kata/started.yaml].
    #[arg(long, value_name = "ID")]
    pub kata: Option<String>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the JSON results of a single folder to this file (rewritten after every test, so
    /// an interrupted grading keeps what it measured) [default for an assessment:
    /// kata-results/<name>.json].
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Report outputs.
    #[command(flatten)]
    pub render: RenderArgs,
    /// Write one results file per candidate into this folder [default for several folders:
    /// ./kata-results].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Grade only a stable share K of N of the folders (for spreading a cohort over machines;
    /// merge the results with `kata report`). `auto` reads K and N from the job engine:
    /// Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX, with KATA_SHARD_TOTAL set in the pod
    /// spec), GitLab CI `parallel:` (CI_NODE_INDEX, CI_NODE_TOTAL) or Buildkite
    /// (BUILDKITE_PARALLEL_JOB, BUILDKITE_PARALLEL_JOB_COUNT).
    #[arg(long, value_name = "K/N|auto", value_parser = parse_shard)]
    pub shard: Option<ShardArg>,
    /// Candidates graded at once [default: eight times the number of CPUs; all their builds and tests share the --jobs slots].
    #[arg(long, value_name = "N")]
    pub candidates: Option<usize>,
    /// Build and run flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `kata report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Results files written by `kata grade` (or folders of them, e.g. shard outputs).
    #[arg(value_name = "RESULTS", required = true)]
    pub files: Vec<PathBuf>,
    /// Output format on stdout [default: text, or nothing when --html or --merge is given].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write all the results, merged (one per submission), as one JSON file.
    #[arg(long, value_name = "FILE")]
    pub merge: Option<PathBuf>,
    /// Report outputs.
    #[command(flatten)]
    pub render: RenderArgs,
}

/// Which blank sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BlankKind {
    /// ANSWERS.md: every question with an empty answer slot.
    Answers,
    /// REFLECTION.md: every section heading with its prompt.
    Reflection,
}

/// `kata blank`.
#[derive(Debug, Args)]
pub struct BlankArgs {
    /// Which sheet.
    #[arg(value_enum)]
    pub kind: BlankKind,
    /// File to write (`-` for stdout) [default: ANSWERS.md or REFLECTION.md]; an existing
    /// file is never overwritten.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// One share of a sharded cohort: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share (1..=count).
    pub index: u32,
    /// How many shares.
    pub count: u32,
}

/// `--shard`: a share given outright, or `auto` (from the job engine's environment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardArg {
    /// `--shard K/N`.
    Fixed(Shard),
    /// `--shard auto`.
    Auto,
}

impl ShardArg {
    /// The share to grade; `auto` reads it from the environment through `var`.
    pub fn resolve(self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Shard> {
        match self {
            ShardArg::Fixed(shard) => Ok(shard),
            ShardArg::Auto => shard_from_env(var),
        }
    }
}

fn parse_shard(text: &str) -> Result<ShardArg, String> {
    if text.trim() == "auto" {
        return Ok(ShardArg::Auto);
    }
    let (k, n) = text.split_once('/').ok_or("expected K/N, e.g. 2/3, or auto")?;
    let index: u32 = k.trim().parse().map_err(|_| format!("`{k}` is not a number"))?;
    let count: u32 = n.trim().parse().map_err(|_| format!("`{n}` is not a number"))?;
    checked_shard(index, count).map(ShardArg::Fixed)
}

fn checked_shard(index: u32, count: u32) -> Result<Shard, String> {
    if count == 0 || index == 0 || index > count {
        return Err(format!("shard {index}/{count}: K must be between 1 and N"));
    }
    Ok(Shard { index, count })
}

/// The job engines `--shard auto` knows: the index variable, whether it counts from 1, and
/// the total's variable.
const SHARD_ENGINES: &[(&str, &str, u32, &str)] = &[
    ("Buildkite", "BUILDKITE_PARALLEL_JOB", 0, "BUILDKITE_PARALLEL_JOB_COUNT"),
    ("GitLab CI", "CI_NODE_INDEX", 1, "CI_NODE_TOTAL"),
    // The Job controller sets the index; the total is the Job's `completions`, which the pod
    // spec has to pass on itself.
    ("a Kubernetes Indexed Job", "JOB_COMPLETION_INDEX", 0, "KATA_SHARD_TOTAL"),
];

/// `--shard auto`: the first job engine whose index variable is set gives K and N.
fn shard_from_env(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Shard> {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    for &(engine, index_var, base, total_var) in SHARD_ENGINES {
        let Some(index) = set(index_var) else { continue };
        let Some(total) = set(total_var) else {
            anyhow::bail!(
                "--shard auto: {index_var} is set ({engine}) but {total_var} is not; {}",
                total_remedy(total_var)
            );
        };
        let number = |name: &str, value: &str| {
            value.trim().parse::<u32>().map_err(|_| anyhow::anyhow!("--shard auto: {name}={value} is not a number"))
        };
        let (index, total) = (number(index_var, &index)?, number(total_var, &total)?);
        let k = index.saturating_add(1).saturating_sub(base);
        return checked_shard(k, total).map_err(|e| {
            anyhow::anyhow!("--shard auto: {index_var}={index} and {total_var}={total} from {engine}: {e}")
        });
    }
    anyhow::bail!(
        "--shard auto: no job engine's shard variables are set ({}); give --shard K/N instead",
        SHARD_ENGINES.iter().map(|(e, i, _, t)| format!("{e}: {i} and {t}")).collect::<Vec<_>>().join("; ")
    )
}

fn total_remedy(total_var: &str) -> &'static str {
    if total_var == "KATA_SHARD_TOTAL" {
        "set it in the pod spec to the Job's completions (see examples/kubernetes-indexed-job-grading.yaml)"
    } else {
        "the job engine should set both; check the job's parallel setting"
    }
}

/// `kata new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new kata's id (its folder name), e.g. `rate-limiter`.
    pub id: String,
    /// Folder of katas to write it into [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub into: PathBuf,
}

/// `kata import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Where the exercises come from.
    #[command(subcommand)]
    pub source: ImportSource,
}

/// Sources `kata import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// Exercism practice exercises (Rust track layout: .meta/, .docs/, src/lib.rs, tests/,
    /// Cargo.toml), one kata each.
    Exercism(ExercismArgs),
}

/// `kata import exercism`.
#[derive(Debug, Args)]
pub struct ExercismArgs {
    /// Exercise folders, e.g. `exercism-rust/exercises/practice/clock`.
    #[arg(required = true, value_name = "EXERCISE")]
    pub exercises: Vec<PathBuf>,
    /// Folder of katas to write them into [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub into: PathBuf,
    /// Resolve dependencies from cargo's cache only, without asking the registry.
    #[arg(long)]
    pub offline: bool,
}

/// `kata verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Katas to verify [default: those of --katas folders if given, else all].
    pub ids: Vec<String>,
    /// Build and run flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `kata warm`.
#[derive(Debug, Args)]
pub struct WarmArgs {
    /// Katas to warm [default: those of --katas folders if given, else all].
    pub ids: Vec<String>,
    /// Build and run flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `kata bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Kata id.
    pub kata: String,
    /// The candidate's kata folder [default: the kata's reference solution].
    pub folder: Option<PathBuf>,
    /// Which benchmark of the kata [default: the first].
    #[arg(long)]
    pub name: Option<String>,
    /// Arguments for the benchmark (after `--`), e.g. `-- --sizes 10,50,100 --query-ms 50`.
    #[arg(last = true)]
    pub args: Vec<String>,
}

/// `kata completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `kata demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Kata id.
    #[arg(default_value = "deadlock")]
    pub id: String,
    /// Build and run flags.
    #[command(flatten)]
    pub run: RunArgs,
}

impl From<Format> for crate::report::Format {
    /// JSON is printed from the results model itself; where a renderer is asked for it anyway,
    /// the text summary stands in.
    fn from(format: Format) -> crate::report::Format {
        match format {
            Format::Text | Format::Json => crate::report::Format::Text,
            Format::Md => crate::report::Format::Markdown,
            Format::Junit => crate::report::Format::Junit,
        }
    }
}

impl RunArgs {
    /// The resolved build and run settings: `--jobs` or the CPU count, `--offline`.
    pub fn settings(&self) -> crate::coding::RunSettings {
        let jobs =
            self.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
        crate::coding::RunSettings { offline: self.offline, jobs }
    }
}

#[cfg(test)]
mod tests {
    use super::{Shard, ShardArg};

    #[test]
    fn the_candidate_build_says_so_in_its_version() {
        assert_eq!(super::VERSION.contains("candidate build: cannot grade"), cfg!(feature = "candidate"));
        assert!(super::VERSION.starts_with(env!("CARGO_PKG_VERSION")));
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn shard_auto_reads_each_job_engine_as_the_same_k_of_n() {
        let second_of_three = Shard { index: 2, count: 3 };
        for vars in [
            &[("JOB_COMPLETION_INDEX", "1"), ("KATA_SHARD_TOTAL", "3")][..],
            &[("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "3")],
            &[("BUILDKITE_PARALLEL_JOB", "1"), ("BUILDKITE_PARALLEL_JOB_COUNT", "3")],
        ] {
            assert_eq!(ShardArg::Auto.resolve(env(vars)).unwrap(), second_of_three, "{vars:?}");
        }
        assert_eq!(super::parse_shard("2/3").unwrap(), ShardArg::Fixed(second_of_three));
    }

    #[test]
    fn shard_auto_without_an_engine_or_a_total_is_a_clear_error() {
        let err = ShardArg::Auto.resolve(env(&[])).unwrap_err().to_string();
        assert!(err.contains("no job engine") && err.contains("JOB_COMPLETION_INDEX"), "{err}");
        let err = ShardArg::Auto.resolve(env(&[("JOB_COMPLETION_INDEX", "0")])).unwrap_err().to_string();
        assert!(err.contains("KATA_SHARD_TOTAL is not") && err.contains("pod spec"), "{err}");
        let err = ShardArg::Auto.resolve(env(&[("CI_NODE_INDEX", "0"), ("CI_NODE_TOTAL", "3")])).unwrap_err();
        assert!(err.to_string().contains("between 1 and N"), "{err}");
        let err = ShardArg::Auto.resolve(env(&[("CI_NODE_INDEX", "x"), ("CI_NODE_TOTAL", "3")])).unwrap_err();
        assert!(err.to_string().contains("not a number"), "{err}");
    }

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
