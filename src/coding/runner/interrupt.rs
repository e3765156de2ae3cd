//! Ctrl-C and SIGTERM: every test and build process is killed and every temporary folder
//! removed before `kata` exits; a second interrupt exits at once.
//!
//! The handler runs on a thread of its own (the `ctrlc` crate), so it may lock, allocate and
//! walk folders. Exiting from here is the exception to "only `main` ends the process": the
//! threads that would return to `main` are blocked waiting for the very processes killed here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

/// Exit status after an interrupt, as shells report SIGINT (128 + 2).
const INTERRUPTED: i32 = 130;

/// Installs the handler (once per process; later calls do nothing).
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        static SEEN: AtomicBool = AtomicBool::new(false);
        let installed = ctrlc::set_handler(|| {
            if SEEN.swap(true, Ordering::SeqCst) {
                std::process::exit(INTERRUPTED);
            }
            eprintln!(
                "\ninterrupted: stopping tests and builds, removing temporary folders (Ctrl-C again to quit now)"
            );
            crate::util::fs::begin_stopping();
            super::process::kill_all_active();
            crate::util::fs::remove_live_temp_dirs();
            std::process::exit(INTERRUPTED);
        });
        if let Err(err) = installed {
            eprintln!("warning: cannot handle Ctrl-C ({err}); an interrupt may leave processes behind");
        }
    });
}
