//! `kata report`: render saved results again (HTML, Markdown, JUnit, text) and merge results
//! files (shard outputs) without building or running anything. Also the rendering helpers
//! `kata grade` shares.

use crate::assessment::AssessmentResult;
use crate::cli::{Format, ReportArgs};
use crate::content::Content;
use crate::error::exit_codes;
use crate::report::Renderer;
use crate::results::load;

pub(crate) fn run(content: &Content, args: ReportArgs) -> anyhow::Result<u8> {
    let loaded = load::load(&args.files)?;
    if loaded.is_empty() {
        anyhow::bail!(
            "no results found in the files given; give results files (or folders of them) written by `kata grade`"
        );
    }
    let (merged, warnings) = load::merge(loaded);
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    let values: Vec<&serde_json::Value> = merged.iter().map(|l| &l.value).collect();
    let results: Vec<AssessmentResult> = merged.iter().map(|l| l.result.clone()).collect();
    if let Some(path) = &args.merge {
        crate::util::fs::write_atomically(path, &crate::results::to_json(&values)?)?;
        eprintln!("merged {} results into {}", values.len(), path.display());
    }
    let renderer = Renderer::new(&content.templates, args.render.templates.as_deref());
    if let Some(path) = &args.render.html {
        renderer.write_html(&results, path)?;
    }
    let format = args.format.or((args.render.html.is_none() && args.merge.is_none()).then_some(Format::Text));
    match format {
        None => {}
        Some(Format::Json) if values.len() == 1 => super::print(&crate::results::to_json(values[0])?)?,
        Some(Format::Json) => super::print(&crate::results::to_json(&values)?)?,
        Some(format) => super::print(&renderer.render(format.into(), &results)?)?,
    }
    Ok(exit_codes::OK)
}
