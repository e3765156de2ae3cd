//! `kata submit`: pack the candidate's assessment folder, or a single started kata folder, into
//! one archive for the interviewer.

use crate::assessment::{archive, folder};
use crate::cli::SubmitArgs;
use crate::error::exit_codes;

pub(crate) fn run(args: SubmitArgs) -> anyhow::Result<u8> {
    let started = crate::kata::record::find_started(&args.dir);
    // From deep inside an assessment's kata (`src/`), the whole assessment is what is submitted.
    let root = folder::find_root(&args.dir).or_else(|| {
        started.as_deref().and_then(|k| k.parent()).filter(|p| folder::is_assessment_folder(p)).map(Into::into)
    });
    let (manifest, warnings, output) = if let Some(root) = root {
        if args.candidate.is_some() {
            eprintln!(
                "warning: --candidate is for a single kata folder; an assessment keeps the name it was started with"
            );
        }
        let output = args.output.unwrap_or_else(|| root.join(folder::ARCHIVE_FILE));
        let (manifest, warnings) = archive::pack(&root, &output)?;
        (manifest, warnings, output)
    } else if let Some(kata_folder) = started {
        // A kata started alone (`kata start <id>`): the archive holds that kata.
        let name = kata_folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let candidate = args.candidate.unwrap_or(name);
        let output = args.output.unwrap_or_else(|| kata_folder.join(folder::ARCHIVE_FILE));
        let (manifest, warnings) = archive::pack_kata(&kata_folder, &candidate, &output)?;
        (manifest, warnings, output)
    } else {
        anyhow::bail!(
            "{} is not inside an assessment folder (no .kata/assessment.yaml here or one level up) nor a started \
             kata folder (no .kata/started.yaml here or above); run `kata submit` in the folder `kata start` created",
            args.dir.display()
        );
    };
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    let bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    super::print(&format!(
        "Packed {} files ({} KiB) into {}\nSubmitted at {} (started {}).\n\nSend that file to your interviewer. \
         Files changed after this are reported at grading; run `kata submit` again to pack your latest work.\n",
        manifest.files.len(),
        bytes.div_ceil(1024),
        output.display(),
        manifest.submitted_at,
        manifest.started_at
    ))?;
    Ok(exit_codes::OK)
}
