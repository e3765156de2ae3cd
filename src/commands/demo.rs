//! `kata demo`: the main job in one command, for a newcomer: start a kata in a temporary
//! folder, grade the untouched starter, grade the reference, print both.

use crate::cli::DemoArgs;
use crate::content::Content;
use crate::error::exit_codes;
use crate::report;

pub(crate) fn run(content: &Content, args: DemoArgs) -> anyhow::Result<u8> {
    let kata = super::load_kata(content, &args.id)?;
    let session = super::settings(&args.run)?;
    let temp = crate::util::fs::private_tempdir("kata-demo-")?;
    let folder = temp.path().join(&args.id);
    crate::kata::scaffold::scaffold(&kata, &content.harness, &folder)?;
    super::print(&format!("Started `{}` in {} (as a candidate would).\n\n", kata.id(), folder.display()))?;
    super::print("== Grading the untouched starter (expect failures) ==\n")?;
    let starter = crate::coding::folder::grade_folder(content, &folder, None, &session, None, &mut |_| {})?;
    super::print(&report::text(&starter, true))?;
    super::print("\n== Grading the reference solution ==\n")?;
    let reference = crate::coding::folder::grade_folder(
        content,
        &kata.reference_dir(),
        Some(kata.id()),
        &session,
        None,
        &mut |_| {},
    )?;
    super::print(&report::text(&reference, true))?;
    super::print(&format!(
        "\nStarter {}/{}, reference {}/{}. Try it yourself: kata start {} && cd {} && kata test\n",
        starter.score,
        starter.max_score,
        reference.score,
        reference.max_score,
        kata.id(),
        kata.id()
    ))?;
    Ok(exit_codes::OK)
}
