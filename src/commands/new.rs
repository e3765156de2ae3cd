//! `kata new`: scaffold a kata folder for an author.

use crate::cli::NewArgs;
use crate::content::Content;
use crate::error::exit_codes;

pub(crate) fn run(content: &Content, args: NewArgs) -> anyhow::Result<u8> {
    let dir = crate::authoring::new::scaffold(&args.id, &args.into, &content.harness, &content.katas)?;
    let into = super::shown(&std::path::absolute(&args.into)?);
    super::print(&format!(
        "created {}: a kata that passes `kata check`, with a reference that passes and a starter that fails\n\
         next: kata --katas {into} check && kata --katas {into} verify {}\n",
        super::shown(&std::path::absolute(&dir)?),
        args.id
    ))?;
    Ok(exit_codes::OK)
}
