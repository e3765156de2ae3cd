//! The written assessment: rubrics, answer sheets, evidence-cited scores. (in progress)
