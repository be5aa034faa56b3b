//! The one HTTP client every connector uses.

mod adaptive;
mod client;
mod guard;
mod pause;
mod raw_sink;
mod retry_after;
mod tls;

pub use client::{HttpClient, HttpOptions, RequestStats, Response, ResponseObserver};
pub use guard::{check_request, Body};
pub use raw_sink::RawSink;
pub use tls::load_ca_file;
