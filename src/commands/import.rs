//! `kata import`: turn exercises from elsewhere into katas.

use crate::cli::{ImportArgs, ImportSource};
use crate::content::Content;
use crate::error::exit_codes;

pub(crate) fn run(content: &Content, args: ImportArgs) -> anyhow::Result<u8> {
    let ImportSource::Exercism(args) = args.source;
    std::fs::create_dir_all(&args.into)?;
    let mut text = String::new();
    for exercise in &args.exercises {
        let started = std::time::Instant::now();
        let imported =
            crate::authoring::exercism::import(exercise, &args.into, &content.harness, &content.katas, args.offline)?;
        text.push_str(&format!(
            "imported {} -> {} ({} tests in {} hidden file{}, {:.1} s)\n",
            exercise.display(),
            super::shown(&imported.dir),
            imported.tests,
            imported.files,
            if imported.files == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64()
        ));
    }
    let into = super::shown(&std::path::absolute(&args.into)?);
    text.push_str(&format!("next: kata --katas {into} check && kata --katas {into} verify\n"));
    super::print(&text)?;
    Ok(exit_codes::OK)
}
