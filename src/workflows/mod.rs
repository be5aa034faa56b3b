//! What the commands do, end to end.

pub mod audit;
mod conclude;
pub mod demo;
pub mod drift;
pub mod offboard;
mod output;

pub use conclude::{conclude, prepare_evidence, prepare_output, Conclusion, EvidenceInputs};
pub use output::file_safe;
pub use output::{
    collection_failed, exit_code, staged, write_outputs, write_snapshots, ExitCode, FailOn,
    OutputsNotWritten,
};
