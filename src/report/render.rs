//! Picks the exporter for a format and loads the templates once: what every command that
//! renders results shares.

use std::path::{Path, PathBuf};

use anyhow::Context;

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

    /// Writes the HTML report (one result) or cohort page (several) to `path`. A cohort page
    /// gets each candidate's report beside it, in [`reports_dir`], linked from their name.
    pub fn write_html(&self, results: &[AssessmentResult], path: &Path) -> anyhow::Result<()> {
        let exporter = HtmlExporter { templates: self.templates()? };
        let html = match results {
            [one] => exporter.report(one)?,
            many => {
                let dir = reports_dir(path);
                let folder = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
                let names = report_names(many);
                for (result, name) in many.iter().zip(&names) {
                    write_atomically(&dir.join(name), &exporter.report(result)?)?;
                }
                eprintln!("wrote {} candidate reports into {}", many.len(), dir.display());
                let links: Vec<String> = names.iter().map(|n| format!("{}/{n}", percent_encode(&folder))).collect();
                exporter.cohort_linked(many, &links)?
            }
        };
        write_atomically(path, &html)?;
        eprintln!("wrote {}", path.display());
        Ok(())
    }
}

/// Where the candidates' reports of the cohort page `page` go: a folder beside it named after
/// it (`cohort.html` -> `cohort-reports/`), so no report can overwrite the page or another file.
pub fn reports_dir(page: &Path) -> PathBuf {
    let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "cohort".into());
    page.with_file_name(format!("{stem}-reports"))
}

/// One file name per result: the candidate's name made safe (`Ada Lovelace` -> `ada-lovelace.html`),
/// numbered when two would be the same.
fn report_names(results: &[AssessmentResult]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for r in results {
        let mut base: String = r
            .candidate
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        base.truncate(60);
        if base.is_empty() {
            base = "candidate".into();
        }
        let mut name = format!("{base}.html");
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}-{n}.html");
            n += 1;
        }
        taken.push(name);
    }
    taken
}

/// `text` safe inside a relative URL: everything but ASCII letters, digits and `-._~` as `%XX`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_sit_in_a_folder_named_after_the_page() {
        assert_eq!(reports_dir(Path::new("out/cohort.html")), Path::new("out/cohort-reports"));
        assert_eq!(percent_encode("my cohort-reports"), "my%20cohort-reports");
    }

    #[test]
    fn report_names_are_safe_and_distinct() {
        let named = |c: &str| AssessmentResult::empty(c.to_string(), "a", "A", "s");
        let results = [named("Ada Lovelace"), named("ada lovelace"), named("../../etc"), named("")];
        assert_eq!(report_names(&results), ["ada-lovelace.html", "ada-lovelace-2.html", "etc.html", "candidate.html"]);
    }
}
