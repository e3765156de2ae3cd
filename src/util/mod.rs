//! Small helpers every step shares: files, time, hashing, the program-wide Markdown options.

pub mod fs;
pub mod hash;
pub mod markdown;
pub mod text;
pub mod time;
