//! One module per subcommand; each has a `run` that returns the process exit code.

mod bench;
mod blank;
mod check;
mod completions;
mod demo;
mod doctor;
mod grade;
mod import;
mod new;
mod report;
mod start;
mod submit;
mod test;
mod verify;
mod warm;
mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, ContentArgs, RunArgs};
use crate::coding::grade::GradeOptions;
use crate::coding::workspace::Suite;
use crate::coding::RunSettings;
use crate::content::Content;
use crate::error::exit_codes;
use crate::kata::{self, Kata};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let content = || resolve(&cli.content);
    match cli.command {
        Command::List => list(&content()?),
        Command::Show(args) => show(&content()?, &args.id),
        Command::Start(args) => start::run(&content()?, args),
        Command::Test(args) => test::run(&content()?, args),
        Command::Watch(args) => watch::run(&content()?, args),
        Command::Hint(args) => start::hint(&content()?, args),
        Command::Submit(args) => submit::run(args),
        Command::Grade(args) => grade::run(&content()?, args),
        Command::Report(args) => report::run(&content()?, args),
        Command::Blank(args) => blank::run(&content()?, args),
        Command::Verify(args) => verify::run(&content()?, args),
        Command::Check => check::run(&content()?),
        Command::New(args) => new::run(&content()?, args),
        Command::Import(args) => import::run(&content()?, args),
        Command::Doctor => doctor::run(),
        Command::Bench(args) => bench::run(&content()?, args),
        Command::Demo(args) => demo::run(&content()?, args),
        Command::Completions(args) => completions::run(args),
        Command::Warm(args) => warm::run(&content()?, args),
    }
}

fn resolve(args: &ContentArgs) -> anyhow::Result<Content> {
    Content::resolve(&args.katas, args.rubrics.as_deref(), args.assessments.as_deref())
}

/// Whether Ctrl-C or SIGTERM came (the interrupt handler then ends the process).
pub fn interrupted() -> bool {
    crate::util::fs::stopping()
}

/// Writes to stdout, returning the error (a closed pipe ends the program quietly in `main`).
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    // Styles (verdict tags) reach a terminal that wants colour; they are stripped for pipes,
    // files, `NO_COLOR` and `CLICOLOR=0`, and kept under `CLICOLOR_FORCE`.
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Loads one kata by id.
pub(crate) fn load_kata(content: &Content, id: &str) -> anyhow::Result<Kata> {
    Ok(kata::load_by_id(&content.katas, id)?)
}

/// The resolved settings of a command that builds and runs tests.
pub(crate) fn settings(args: &RunArgs) -> anyhow::Result<RunSettings> {
    if args.require_sandbox {
        let containment = crate::coding::runner::confine::containment();
        if containment.level != crate::results::Level::Full {
            anyhow::bail!(
                "--require-sandbox: this machine gives {} containment, not full; missing:\n  {}\n\
                 run `kata doctor` for details, or grade on a machine with Landlock ABI 6+ and user namespaces",
                containment.level.as_str(),
                containment.missing.join("\n  ")
            );
        }
    }
    // Escaped grandchildren of tests are re-parented to us and reaped after each test.
    crate::coding::runner::sys::become_subreaper();
    crate::coding::runner::interrupt::install();
    let settings = args.settings();
    crate::coding::slots::configure(settings.jobs);
    Ok(settings)
}

/// What `kata test` and `kata watch` run.
pub(crate) struct VisibleTargets {
    /// The started kata folders.
    folders: Vec<PathBuf>,
    /// Whether they are all the katas of an assessment folder (each gets a heading).
    assessment: bool,
}

impl VisibleTargets {
    /// The started kata folders.
    pub(crate) fn folders(&self) -> &[PathBuf] {
        &self.folders
    }
}

/// The started kata folders `kata test` and `kata watch` run from `dir`: the one `dir` is in
/// (itself, `src/` or any folder below), or every kata of the assessment folder `dir` is.
pub(crate) fn visible_targets(dir: &Path) -> anyhow::Result<VisibleTargets> {
    if let Some(folder) = kata::record::find_started(dir) {
        return Ok(VisibleTargets { folders: vec![folder], assessment: false });
    }
    if let Some(root) = crate::assessment::folder::find_root(dir) {
        let mut katas: Vec<PathBuf> = std::fs::read_dir(&root)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| kata::record::start_record_path(p).is_file())
            .collect();
        katas.sort();
        if katas.is_empty() {
            anyhow::bail!("the assessment folder {} holds no started kata", root.display());
        }
        return Ok(VisibleTargets { folders: katas, assessment: true });
    }
    anyhow::bail!(
        "{} is not inside a started kata folder (no .kata/started.yaml here or above) nor an assessment folder; \
         run `kata start <id>` first, or pass --dir",
        dir.display()
    )
}

/// `folder` as the user would type it from the current folder, where that is shorter.
pub(crate) fn shown(folder: &Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|c| std::path::absolute(c).ok());
    match cwd.as_deref().and_then(|c| folder.strip_prefix(c).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Some(rel) => rel.display().to_string(),
        None => folder.display().to_string(),
    }
}

/// Builds and runs the visible tests of each started folder of `targets` (from
/// [`visible_targets`]), prints the summaries, and says whether they all passed (`kata test`,
/// `kata watch`).
pub(crate) fn run_visible(
    content: &Content,
    targets: &VisibleTargets,
    filter: Option<&str>,
    settings: &RunSettings,
) -> anyhow::Result<bool> {
    let mut passing = 0;
    let folders = &targets.folders;
    for (i, dir) in folders.iter().enumerate() {
        if targets.assessment {
            print(&format!("{}== {} ==\n", if i == 0 { "" } else { "\n" }, shown(dir)))?;
        }
        if run_one_visible(content, dir, filter, settings)? {
            passing += 1;
        }
    }
    if targets.assessment {
        print(&format!(
            "\n{passing} of {} {} {} visible tests. The hidden suites check more: see each README.md; \
             `kata submit` here when you are done.\n",
            folders.len(),
            if folders.len() == 1 { "kata" } else { "katas" },
            if passing == 1 { "passes its" } else { "pass their" }
        ))?;
    }
    Ok(passing == folders.len())
}

fn run_one_visible(
    content: &Content,
    dir: &Path,
    filter: Option<&str>,
    settings: &RunSettings,
) -> anyhow::Result<bool> {
    let record = crate::kata::record::read_start_record(dir)?;
    let kata = load_kata(content, &record.kata)?;
    eprintln!("building and running the visible tests of `{}`...", kata.id());
    let cold = !crate::coding::cache::WarmTarget::is_warm(&kata, &content.harness);
    let progress = LoopProgress::start(&kata, cold);
    let graded = crate::coding::grade::grade(
        &kata,
        &content.harness,
        dir,
        GradeOptions {
            offline: settings.offline,
            suite: Suite::Visible,
            jobs: settings.jobs,
            progress: &mut |partial| progress.update(partial),
            filter,
        },
    );
    progress.finish();
    let result = graded?;
    print(&crate::report::text(&result, false))?;
    if let (true, true, Some(filter)) = (result.compiled, result.tests.is_empty(), filter) {
        print(&format!("no visible test name contains `{filter}`\n"))?;
    }
    let passed = result.compiled && !result.tests.is_empty() && result.all_passed();
    if passed && filter.is_none() {
        print("\nAll visible tests pass. The hidden suite checks more: see README.md.\n")?;
    }
    Ok(passed)
}

/// What `kata test` and `kata watch` show while a kata builds and its tests run, so a cold
/// dependency build or a test running into its timeout never looks like a hang: a spinner with
/// the stage and the time on a terminal; on a pipe or in CI (`CI` set), a plain line now and
/// then while nothing new happens.
struct LoopProgress {
    /// The visible tests' timeout, in seconds.
    timeout_s: u64,
    /// What is happening now, shared with the thread that draws or writes it.
    stage: std::sync::Arc<std::sync::Mutex<Stage>>,
    /// The spinner, on a terminal (hidden until [`SPINNER_AFTER`]).
    bar: Option<indicatif::ProgressBar>,
    /// The thread, stopped by dropping the sender.
    thread: Option<(std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>)>,
}

/// Where a visible run is, for [`LoopProgress`].
struct Stage {
    /// What is happening, for people.
    message: String,
    /// When it last changed (a plain line is due after [`QUIET_LINE_AFTER`] of quiet).
    since: std::time::Instant,
}

/// How long a plain-line run may stay silent before it says it is still at work.
const QUIET_LINE_AFTER: std::time::Duration = std::time::Duration::from_secs(15);
/// When the spinner appears: a run shorter than this shows none, and the lines the engine
/// prints as it starts (the cold build announces itself) come before it, not through it.
const SPINNER_AFTER: std::time::Duration = std::time::Duration::from_millis(700);

/// Whether progress is drawn (a terminal that is not a CI log) or written as plain lines.
fn draws_progress(stderr_is_terminal: bool, ci: bool) -> bool {
    stderr_is_terminal && !ci
}

/// [`draws_progress`] for this process: bars and spinners of every command ask here.
pub(crate) fn progress_drawn() -> bool {
    use std::io::IsTerminal;
    draws_progress(std::io::stderr().is_terminal(), std::env::var_os("CI").is_some())
}

impl LoopProgress {
    fn start(kata: &Kata, cold: bool) -> LoopProgress {
        use std::io::IsTerminal;
        use std::sync::mpsc::RecvTimeoutError;
        let timeout_s = kata.def.visible_timeout_ms.div_ceil(1000);
        let message = if cold {
            format!("compiling the dependencies of `{}` once; later runs reuse them", kata.id())
        } else {
            format!("building `{}`, then its visible tests ({timeout_s} s timeout each)", kata.id())
        };
        let stage = std::sync::Arc::new(std::sync::Mutex::new(Stage {
            message: message.clone(),
            since: std::time::Instant::now(),
        }));
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let draws = draws_progress(std::io::stderr().is_terminal(), std::env::var_os("CI").is_some());
        let bar = draws.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {wide_msg} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message(message);
            bar
        });
        let thread = match bar.clone() {
            Some(bar) => std::thread::spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(SPINNER_AFTER) {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                    let _ = stopped.recv();
                }
            }),
            None => {
                let stage = std::sync::Arc::clone(&stage);
                let started = std::time::Instant::now();
                std::thread::spawn(move || {
                    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(QUIET_LINE_AFTER) {
                        let mut stage = stage.lock().unwrap_or_else(|e| e.into_inner());
                        if stage.since.elapsed() >= QUIET_LINE_AFTER {
                            eprintln!("  still at work after {} s: {}", started.elapsed().as_secs(), stage.message);
                            stage.since = std::time::Instant::now();
                        }
                    }
                })
            }
        };
        LoopProgress { timeout_s, stage, bar, thread: Some((stop, thread)) }
    }

    /// After each test: how many are done, and what a hung one will do.
    fn update(&self, partial: &crate::results::KataResult) {
        if partial.complete {
            return;
        }
        let done = partial.tests.len();
        let passed = partial.tests.iter().filter(|t| t.verdict.is_pass()).count();
        let message = format!(
            "{done} test{} done ({passed} passed); a hung test stops at its {} s timeout",
            if done == 1 { "" } else { "s" },
            self.timeout_s
        );
        let mut stage = self.stage.lock().unwrap_or_else(|e| e.into_inner());
        stage.since = std::time::Instant::now();
        if let Some(bar) = &self.bar {
            bar.set_message(message.clone());
        }
        stage.message = message;
    }

    fn finish(mut self) {
        if let Some((stop, thread)) = self.thread.take() {
            drop(stop);
            let _ = thread.join();
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn list(content: &Content) -> anyhow::Result<u8> {
    let loaded: Vec<(String, Result<Kata, crate::error::DefinitionError>)> =
        kata::ids(&content.katas)?.into_iter().map(|id| (id.clone(), kata::load_by_id(&content.katas, &id))).collect();
    let id_width = loaded.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    let title_width = loaded.iter().filter_map(|(_, k)| k.as_ref().ok()).map(|k| k.def.title.len()).max().unwrap_or(0);
    let mut text = String::new();
    for (id, loaded) in &loaded {
        match loaded {
            Ok(k) => text.push_str(&format!(
                "{id:<id_width$}  {:<title_width$}  {:<6} {:>3} min {:>4} pts\n",
                k.def.title,
                format!("{:?}", k.def.difficulty).to_lowercase(),
                k.def.time_budget_minutes,
                k.def.points
            )),
            Err(err) => text.push_str(&format!("{id:<id_width$}  (broken: {err})\n")),
        }
    }
    print(&text)?;
    Ok(exit_codes::OK)
}

fn show(content: &Content, id: &str) -> anyhow::Result<u8> {
    let kata = load_kata(content, id)?;
    let def = &kata.def;
    print(&format!(
        "{} ({} {}, {:?}, {} minutes, {} points, {} hints)\n\n{}",
        def.title,
        def.id,
        def.version,
        def.difficulty,
        def.time_budget_minutes,
        def.points,
        kata.challenge.hints.len(),
        kata.challenge.statement
    ))?;
    Ok(exit_codes::OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_is_drawn_only_on_a_terminal_outside_ci() {
        assert!(super::draws_progress(true, false));
        assert!(!super::draws_progress(true, true));
        assert!(!super::draws_progress(false, false));
    }
}
