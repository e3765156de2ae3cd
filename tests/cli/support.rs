//! `KataTest`: a private temp folder, the `kata` binary run inside it, chained assertions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Scenarios that measure time (`kata verify` of a kata with timing thresholds) run alone; all
/// others share the machine. Timing verdicts are ratios to the reference measured in the same
/// run, but a hostile endless loop on the other core still widens their spread.
static MACHINE: RwLock<()> = RwLock::new(());

enum Guard {
    Shared(#[allow(dead_code)] RwLockReadGuard<'static, ()>),
    Exclusive(#[allow(dead_code)] RwLockWriteGuard<'static, ()>),
}

/// Root of this repository.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The engine fixture katas (small, std-only, fast to build).
pub fn fixture_katas() -> PathBuf {
    repo().join("tests/fixtures/katas")
}

/// One scenario: a private temp folder that is also the `kata` process's TMPDIR, so a test can
/// check that grading left nothing behind.
pub struct KataTest {
    /// Working folder of the commands.
    pub dir: tempfile::TempDir,
    /// TMPDIR of the commands.
    pub tmp: tempfile::TempDir,
    katas: Option<PathBuf>,
    /// A home folder holding a canary file, with the canary variable set (see [`CANARIES`]).
    canary_home: Option<tempfile::TempDir>,
    /// Grade without the source scan, so only the confinement stands in the way.
    no_scan: bool,
    _guard: Guard,
}

/// Secrets of the grader's environment and home that no output of grading may contain.
pub const CANARIES: [&str; 2] = ["canary-env-5f2a", "canary-file-9c41"];

/// A TMPDIR a throw-away test user can pass through (as an interviewer's /tmp is).
fn shared_tmp() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    tmp
}

fn home() -> PathBuf {
    PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
}

impl KataTest {
    pub fn new() -> KataTest {
        let guard = Guard::Shared(MACHINE.read().unwrap_or_else(|e| e.into_inner()));
        KataTest {
            dir: tempfile::tempdir().unwrap(),
            tmp: shared_tmp(),
            katas: None,
            canary_home: None,
            no_scan: false,
            _guard: guard,
        }
    }

    /// A scenario that has the machine to itself (timing verdicts).
    pub fn alone() -> KataTest {
        let guard = Guard::Exclusive(MACHINE.write().unwrap_or_else(|e| e.into_inner()));
        KataTest {
            dir: tempfile::tempdir().unwrap(),
            tmp: shared_tmp(),
            katas: None,
            canary_home: None,
            no_scan: false,
            _guard: guard,
        }
    }

    /// Runs `kata` with a home folder holding `.kata-canary` and `KATA_CANARY` set; the
    /// toolchain and cache stay where they are.
    pub fn with_canaries(mut self) -> KataTest {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".kata-canary"), CANARIES[1]).unwrap();
        self.canary_home = Some(home);
        self
    }

    /// Turns the source scan off: what a submission gets past it, the confinement must stop.
    pub fn without_source_scan(mut self) -> KataTest {
        self.no_scan = true;
        self
    }

    /// Uses the fixture katas instead of the built-in ones.
    pub fn with_fixtures() -> KataTest {
        let mut t = KataTest::new();
        t.katas = Some(fixture_katas());
        t
    }

    /// Uses `dir` as the kata folder.
    pub fn with_katas(dir: &Path) -> KataTest {
        let mut t = KataTest::new();
        t.katas = Some(dir.to_path_buf());
        t
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kata"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("TMPDIR", self.tmp.path())
            .env_remove("KATA_KATAS")
            .env_remove("KATA_RUBRICS")
            .env_remove("KATA_ASSESSMENTS");
        if let Some(k) = &self.katas {
            cmd.env("KATA_KATAS", k);
        }
        if self.no_scan {
            cmd.env("KATA_SKIP_SOURCE_SCAN", "1");
        }
        if let Some(canary_home) = &self.canary_home {
            let real = home();
            let keep = |var: &str, default: PathBuf| std::env::var_os(var).map(PathBuf::from).unwrap_or(default);
            cmd.env("RUSTUP_HOME", keep("RUSTUP_HOME", real.join(".rustup")))
                .env("CARGO_HOME", keep("CARGO_HOME", real.join(".cargo")))
                .env("KATA_CACHE_DIR", keep("KATA_CACHE_DIR", keep("XDG_CACHE_HOME", real.join(".cache")).join("kata")))
                .env("HOME", canary_home.path())
                .env("KATA_CANARY", CANARIES[0]);
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("run kata");
        Run { output, args: args.iter().map(|s| s.to_string()).collect() }
    }

    /// Runs `kata`, killing it and failing the test if it has not ended within `limit` (a
    /// guard against hangs, generous enough that a slow machine never trips it).
    pub fn run_bounded(&self, args: &[&str], limit: std::time::Duration) -> Run {
        use std::io::Read;
        let mut child = self
            .command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run kata");
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            buf
        });
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            buf
        });
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                panic!("kata {args:?} did not end within {limit:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let output = Output { status, stdout: reader.join().unwrap(), stderr: err_reader.join().unwrap() };
        Run { output, args: args.iter().map(|s| s.to_string()).collect() }
    }

    /// Asserts that nothing grading created is left in TMPDIR.
    pub fn assert_no_leftovers(&self) {
        let left: Vec<_> = std::fs::read_dir(self.tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert!(left.is_empty(), "grading left files in TMPDIR: {left:?}");
    }
}

/// A finished `kata` run.
pub struct Run {
    pub output: Output,
    args: Vec<String>,
}

impl Run {
    /// A finished run of `kata ARGS`.
    pub fn new(output: Output, args: &[&str]) -> Run {
        Run { output, args: args.iter().map(|s| s.to_string()).collect() }
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "kata {:?} exited {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.code(),
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(self.stdout().contains(needle), "stdout of {:?} lacks {needle:?}:\n{}", self.args, self.stdout());
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(self.stderr().contains(needle), "stderr of {:?} lacks {needle:?}:\n{}", self.args, self.stderr());
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|e| panic!("stdout of {:?} is not JSON ({e}):\n{}", self.args, self.stdout()))
    }
}

/// The verdict of `test` in a grade's JSON.
pub fn verdict_of(json: &serde_json::Value, test: &str) -> String {
    json["tests"]
        .as_array()
        .expect("tests array")
        .iter()
        .find(|t| t["name"] == test)
        .unwrap_or_else(|| panic!("no test {test} in {json}"))["verdict"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Copies a folder recursively (for corrupting a copy of a fixture).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
