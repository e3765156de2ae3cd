//! Picks the exporter for a format and loads the templates once: what every command that
//! renders results shares.

use std::path::{Path, PathBuf};

use super::templates::Templates;
use super::{Exporter, HtmlExporter, JunitExporter, MarkdownExporter, TextExporter};
use crate::results::AssessmentResult;
use crate::util::fs::write_atomically;

/// A rendered format other than HTML (JSON is the results model itself; callers print it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The terminal summary.
    Text,
    /// `templates/report.md` and `templates/cohort.md`.
    Markdown,
    /// JUnit XML, a test case per hidden test.
    Junit,
}

/// Renders results in the formats a command asks for; loads the templates on first use.
pub struct Renderer {
    templates_dir: PathBuf,
    user_templates: Option<PathBuf>,
    templates: std::cell::OnceCell<Templates>,
}

impl Renderer {
    /// A renderer over the built-in templates in `templates_dir`, each replaced by the file of
    /// the same name in `user_templates` when given.
    pub fn new(templates_dir: &Path, user_templates: Option<&Path>) -> Renderer {
        Renderer {
            templates_dir: templates_dir.to_path_buf(),
            user_templates: user_templates.map(Path::to_path_buf),
            templates: std::cell::OnceCell::new(),
        }
    }

    fn templates(&self) -> anyhow::Result<&Templates> {
        if let Some(t) = self.templates.get() {
            return Ok(t);
        }
        let loaded = Templates::load(&self.templates_dir, self.user_templates.as_deref())?;
        Ok(self.templates.get_or_init(|| loaded))
    }

    /// `results` as text, Markdown or JUnit: one report, or a cohort for several.
    pub fn render(&self, format: Format, results: &[AssessmentResult]) -> anyhow::Result<String> {
        let exporter: Box<dyn Exporter + '_> = match format {
            Format::Text => Box::new(TextExporter),
            Format::Markdown => Box::new(MarkdownExporter { templates: self.templates()? }),
            Format::Junit => Box::new(JunitExporter),
        };
        match results {
            [one] => exporter.report(one),
            many => exporter.cohort(many),
        }
    }

    /// Writes the HTML report (one result) or cohort page (several) to `path`.
    pub fn write_html(&self, results: &[AssessmentResult], path: &Path) -> anyhow::Result<()> {
        let exporter = HtmlExporter { templates: self.templates()? };
        let html = match results {
            [one] => exporter.report(one)?,
            many => exporter.cohort(many)?,
        };
        write_atomically(path, &html)?;
        eprintln!("wrote {}", path.display());
        Ok(())
    }
}
