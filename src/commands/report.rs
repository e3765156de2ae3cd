//! `kata report`: render saved results again (HTML, Markdown, JUnit, text) and merge results
//! files (shard outputs) without building or running anything. Also the rendering helpers
//! `kata grade` shares.

use std::path::Path;

use crate::assessment_run::AssessmentResult;
use crate::cli::{Format, RenderArgs, ReportArgs};
use crate::content::Content;
use crate::error::exit_codes;
use crate::report::templates::Templates;
use crate::report::{self, load, Exporter, HtmlExporter, JunitExporter, MarkdownExporter, TextExporter};

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
        report::write_atomically(path, &report::json(&values)?)?;
        eprintln!("merged {} results into {}", values.len(), path.display());
    }
    let renderer = Renderer::new(content, &args.render);
    if let Some(path) = &args.render.html {
        renderer.write_html(&results, path)?;
    }
    let format = args.format.or((args.render.html.is_none() && args.merge.is_none()).then_some(Format::Text));
    match format {
        None => {}
        Some(Format::Json) if values.len() == 1 => super::print(&report::json(values[0])?)?,
        Some(Format::Json) => super::print(&report::json(&values)?)?,
        Some(format) => super::print(&renderer.render(format, &results)?)?,
    }
    Ok(exit_codes::OK)
}

/// Renders results in the formats a command asks for; loads the templates on first use.
pub(crate) struct Renderer<'a> {
    content: &'a Content,
    user_templates: Option<&'a Path>,
    templates: std::cell::OnceCell<Templates>,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(content: &'a Content, args: &'a RenderArgs) -> Renderer<'a> {
        Renderer { content, user_templates: args.templates.as_deref(), templates: std::cell::OnceCell::new() }
    }

    fn templates(&self) -> anyhow::Result<&Templates> {
        if let Some(t) = self.templates.get() {
            return Ok(t);
        }
        let loaded = Templates::load(&self.content.templates, self.user_templates)?;
        Ok(self.templates.get_or_init(|| loaded))
    }

    /// `results` as text, Markdown or JUnit: one report, or a cohort for several. (JSON is
    /// the results model itself; callers print it.)
    pub(crate) fn render(&self, format: Format, results: &[AssessmentResult]) -> anyhow::Result<String> {
        let exporter: Box<dyn Exporter + '_> = match format {
            Format::Text | Format::Json => Box::new(TextExporter),
            Format::Md => Box::new(MarkdownExporter { templates: self.templates()? }),
            Format::Junit => Box::new(JunitExporter),
        };
        match results {
            [one] => exporter.report(one),
            many => exporter.cohort(many),
        }
    }

    /// Writes the HTML report (one result) or cohort page (several) to `path`.
    pub(crate) fn write_html(&self, results: &[AssessmentResult], path: &Path) -> anyhow::Result<()> {
        let exporter = HtmlExporter { templates: self.templates()? };
        let html = match results {
            [one] => exporter.report(one)?,
            many => exporter.cohort(many)?,
        };
        report::write_atomically(path, &html)?;
        eprintln!("wrote {}", path.display());
        Ok(())
    }
}
