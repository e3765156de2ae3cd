//! `kata doctor`: what confines candidate code on this machine, in words.

use crate::coding::runner::confine;
use crate::error::exit_codes;

pub(crate) fn run() -> anyhow::Result<u8> {
    let containment = confine::containment();
    let mut text = format!("containment: {}\n\nin force:\n", containment.level.as_str());
    for line in &containment.enforced {
        text.push_str(&format!("  + {line}\n"));
    }
    if containment.missing.is_empty() {
        text.push_str("\nmissing: nothing\n");
    } else {
        text.push_str("\nmissing (and what that allows):\n");
        for line in &containment.missing {
            text.push_str(&format!("  - {line}\n"));
        }
    }
    text.push_str("\nEvery results file records this level; `--require-sandbox` refuses to grade below full.\n");
    super::print(&text)?;
    Ok(exit_codes::OK)
}
