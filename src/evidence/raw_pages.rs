//! Raw API pages streamed to the bundle as they arrive (gzip), so that the
//! evidence is what the API said, not what tenantaudit made of it, and no
//! page is held in memory twice. Token responses never pass here: only
//! answers to authorised API reads do.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use tenantaudit_connector::http::RawSink;
use url::Url;

pub struct RawPages {
    dir: PathBuf,
    counter: AtomicU32,
    /// The first write error; the run reports it (fail closed: a bundle with
    /// a page missing must not look complete).
    failure: Mutex<Option<String>>,
}

impl RawPages {
    /// Pages of one tenant go to `<bundle>/raw/<label>/`.
    pub fn new(bundle: &std::path::Path, label: &str) -> RawPages {
        RawPages {
            dir: bundle.join("raw").join(label),
            counter: AtomicU32::new(0),
            failure: Mutex::new(None),
        }
    }

    pub fn failure(&self) -> Option<String> {
        self.failure.lock().expect("lock").clone()
    }

    fn write(&self, url: &Url, body: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let n = self.counter.fetch_add(1, Ordering::SeqCst) + 1;
        let name: String = url
            .path()
            .trim_start_matches('/')
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        let path = self.dir.join(format!("{n:05}-{name}.json.gz"));
        // Raw pages name people: owner-only, like the reports.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut gz = GzEncoder::new(options.open(path)?, Compression::default());
        gz.write_all(body)?;
        gz.finish()?.sync_all()
    }
}

impl RawSink for RawPages {
    fn page(&self, url: &Url, body: &[u8]) {
        if let Err(e) = self.write(url, body) {
            let mut failure = self.failure.lock().expect("lock");
            failure.get_or_insert_with(|| {
                format!("cannot write a raw page to {}: {e}", self.dir.display())
            });
        }
    }
}
