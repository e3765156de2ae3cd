//! The one place YAML is parsed: kata definitions, rubrics, assessments and overrides all go
//! through [`parse`], so every YAML error names the file, the line and the column.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::DefinitionError;

/// Parses `text` (read from `path`) into `T`, rejecting what serde rejects (unknown fields
/// included, where `T` says `deny_unknown_fields`).
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, DefinitionError> {
    // Windows line endings would shift columns and confuse block scalars.
    let text = text.replace("\r\n", "\n");
    serde_yaml::from_str(&text).map_err(|err| {
        let (line, column) = err.location().map(|loc| (loc.line(), loc.column())).unwrap_or((0, 0));
        DefinitionError::at(path, line, column, strip_location(&err.to_string()))
    })
}

/// Reads and parses a YAML file.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<T, DefinitionError> {
    let text = crate::util::fs::read_text(path)?;
    parse(&text, path)
}

/// Serialises `value` as YAML (used for files the tool writes, e.g. `grades.yaml` templates).
pub fn to_string<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml::to_string(value)?)
}

/// serde_yaml appends " at line L column C"; we print the location ourselves.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        name: String,
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let err = parse::<Small>("name: x\ncolour: red\n", Path::new("k/kata.yaml")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("k/kata.yaml:2:"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }
}
