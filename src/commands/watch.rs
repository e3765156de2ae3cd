//! `kata watch`: re-run the visible tests on every save. Events are debounced, events that
//! arrive during a run are dropped (the run already saw, or the next save will trigger), and
//! Enter runs the tests by hand where file events are unreliable (network drives, containers).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::cli::WatchArgs;
use crate::content::Content;
use crate::error::exit_codes;

/// How long a burst of file events is gathered before one run (editors save in several steps).
const DEBOUNCE: Duration = Duration::from_millis(200);

enum Trigger {
    Changed,
    Manual,
    Quit,
}

pub(crate) fn run(content: &Content, args: WatchArgs) -> anyhow::Result<u8> {
    let targets = super::visible_targets(&args.dir)?;
    let session = super::settings(&args.run)?;
    let (tx, rx) = mpsc::channel::<Trigger>();
    let events = tx.clone();
    let on_event = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            // Our own reads of the sources (copying them into the workspace) raise access
            // events; only writes mean the candidate saved.
            let written = event.kind.is_modify() || event.kind.is_create() || event.kind.is_remove();
            if written && event.paths.iter().any(|p| is_source(p)) {
                let _ = events.send(Trigger::Changed);
            }
        }
    };
    // Keep the watcher alive for the whole loop; polling is the fallback where inotify fails.
    let _watcher: Box<dyn Watcher> = if args.poll {
        let mut w = notify::PollWatcher::new(
            on_event,
            notify::Config::default().with_poll_interval(Duration::from_millis(500)),
        )?;
        watch_sources(&mut w, targets.folders())?;
        Box::new(w)
    } else {
        let mut w = notify::recommended_watcher(on_event)?;
        watch_sources(&mut w, targets.folders())?;
        Box::new(w)
    };
    let keys = tx;
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            let trigger = if line.trim() == "q" { Trigger::Quit } else { Trigger::Manual };
            if keys.send(trigger).is_err() {
                break;
            }
        }
    });
    let terminal = std::io::stdout().is_terminal();
    loop {
        if terminal {
            // Each run starts on a clean screen, as `cargo watch -c` and bacon do.
            // Straight to the terminal: this is no colour, so NO_COLOR does not strip it.
            let mut out = std::io::stdout().lock();
            out.write_all(CLEAR_SCREEN.as_bytes())?;
            out.flush()?;
        }
        super::run_visible(content, &targets, args.filter.as_deref(), &session)?;
        super::print("\nwatching src/ and tests/ for changes (Enter: run now, q + Enter: quit)\n")?;
        match rx.recv() {
            Ok(Trigger::Quit) | Err(_) => return Ok(exit_codes::OK),
            Ok(Trigger::Changed) => std::thread::sleep(DEBOUNCE),
            Ok(Trigger::Manual) => {}
        }
        // Whatever piled up during the run and the debounce belongs to this next run.
        while let Ok(extra) = rx.try_recv() {
            if matches!(extra, Trigger::Quit) {
                return Ok(exit_codes::OK);
            }
        }
    }
}

fn watch_sources(watcher: &mut dyn Watcher, targets: &[PathBuf]) -> notify::Result<()> {
    for dir in targets {
        for sub in ["src", "tests"] {
            let path = dir.join(sub);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
    }
    Ok(())
}

/// Only Rust sources trigger a run (editor swap files and build output do not).
fn is_source(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rs")
}

/// Clears the terminal and moves the cursor home (ANSI "erase display" + "cursor position").
const CLEAR_SCREEN: &str = "\x1b[2J\x1b[H";
