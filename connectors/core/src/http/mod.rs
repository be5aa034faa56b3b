//! The one HTTP client every connector uses.

mod client;
mod guard;
mod retry_after;

pub use client::{HttpClient, HttpOptions, RequestStats, Response};
pub use guard::check_request;
