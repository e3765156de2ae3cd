//! Blank ANSWERS.md and REFLECTION.md for candidates.
//!
//! The blank answer sheet uses the seed's own layout (each question, then an `### Answer Qn`
//! slot), so a filled-in sheet parses without warnings. Instructions sit in HTML comments,
//! which the parser ignores: an untouched slot grades as an empty answer.

use super::rubric::{QuestionSet, ReflectionRubric};

/// The ten questions, each followed by an empty `### Answer Qn` slot.
pub fn blank_answers(set: &QuestionSet) -> String {
    let mut out = String::from("# Written assessment: answers\n\n");
    out.push_str(
        "<!-- Write each answer under its `### Answer Qn` heading, in your own words. Code blocks are\n\
         fine. Leave the headings as they are; answers may be in any order. -->\n",
    );
    let mut part: Option<&str> = None;
    for q in &set.questions {
        let r = &q.rubric;
        if r.part.as_deref() != part {
            if let Some(p) = &r.part {
                out.push_str(&format!("\n## {p}\n"));
            }
            part = r.part.as_deref();
        }
        out.push_str(&format!("\n### {}. {}\n\n", r.id, r.title));
        out.push_str(r.question.trim_end());
        out.push_str(&format!("\n\n#### Answer {}\n\n<!-- your answer -->\n", r.id));
    }
    out
}

/// The reflection's headings, each with its prompt in a comment and room to write.
pub fn blank_reflection(rubric: &ReflectionRubric) -> String {
    let file = &rubric.file;
    let mut out = format!("# {}\n", file.title);
    if let Some(instructions) = &file.instructions {
        out.push_str(&format!("\n<!-- {} -->\n", instructions.trim().replace("--", "-")));
    }
    for (i, s) in file.sections.iter().enumerate() {
        out.push_str(&format!("\n## {}. {}\n\n<!-- {} -->\n\n", i + 1, s.heading, s.prompt.trim().replace("--", "-")));
    }
    out
}
