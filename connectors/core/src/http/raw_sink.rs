/// Receives the raw body of every successful authorised API read, as it
/// arrives (for the evidence bundle). Token endpoint answers never reach it.
pub trait RawSink: Send + Sync {
    fn page(&self, url: &url::Url, body: &[u8]);
}
