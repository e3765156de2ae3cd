//! `kata submit`: pack the candidate's assessment folder into one archive for the interviewer.

use crate::assessment::{archive, folder};
use crate::cli::SubmitArgs;
use crate::error::exit_codes;

pub(crate) fn run(args: SubmitArgs) -> anyhow::Result<u8> {
    let Some(root) = folder::find_root(&args.dir) else {
        anyhow::bail!(
            "{} is not inside an assessment folder (no .kata/assessment.yaml here or one level up); \
             run `kata submit` in the folder `kata start --assessment` created",
            args.dir.display()
        );
    };
    let output = args.output.unwrap_or_else(|| root.join(folder::ARCHIVE_FILE));
    let (manifest, warnings) = archive::pack(&root, &output)?;
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
