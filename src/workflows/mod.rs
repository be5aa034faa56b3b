//! What the commands do, end to end.

pub mod audit;
pub mod demo;
mod output;

pub use output::{collection_failed, exit_code, write_outputs, write_snapshots, ExitCode, FailOn};
