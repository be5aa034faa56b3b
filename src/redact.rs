//! `--redact`: personal data in reports replaced with stable pseudonyms.
//!
//! A pseudonym is `person-` and the first 10 hex digits of
//! HMAC-SHA256(key, value), the value trimmed and lower-cased: the same value
//! gives the same pseudonym in every format and every run with the same key,
//! so findings can still be compared and counted, while the names cannot be
//! read back without the key.
//!
//! What is replaced, in findings and in the exceptions list: every display
//! name, login (UPN, Salesforce username) and email address of the tenants'
//! accounts (from the snapshots' principals) wherever it appears — affected
//! objects, messages, evidence values, fixes, owners, justifications — and
//! any other email address. Object ids, check metadata and tenant identity are
//! kept. Snapshots and raw evidence are not redacted: they are the evidence.
//!
//! The key comes from `TENANTAUDIT_REDACT_KEY`, else from a per-install key
//! file (`$XDG_CONFIG_HOME/tenantaudit/redact.key`, or `~/.config/…`),
//! created with random contents and owner-only permissions on first use.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::Context as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::PathBuf;
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_report::{AffectedObject, Report};

pub const KEY_ENV: &str = "TENANTAUDIT_REDACT_KEY";

/// Values shorter than this are not searched for in free text: they would
/// match inside ordinary words.
const MIN_LEN: usize = 3;

pub struct Redactor {
    key: Vec<u8>,
    /// The known personal values, for search in free text.
    known: Option<AhoCorasick>,
}

impl Redactor {
    /// A redactor with the configured or per-install key, knowing the
    /// accounts of these snapshots.
    pub fn for_run(snapshots: &[Snapshot]) -> anyhow::Result<Redactor> {
        Ok(Redactor::new(&key()?, snapshots))
    }

    pub fn new(key: &[u8], snapshots: &[Snapshot]) -> Redactor {
        let mut values: Vec<String> = snapshots
            .iter()
            .filter_map(|s| s.common.principals.as_deref())
            .flatten()
            .flat_map(|p| [Some(&p.display_name), Some(&p.login), p.email.as_ref()])
            .flatten()
            .map(|v| v.trim().to_string())
            .filter(|v| v.chars().count() >= MIN_LEN)
            .collect();
        values.sort();
        values.dedup();
        let known = (!values.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&values)
                .expect("plain-text patterns build")
        });
        Redactor {
            key: key.to_vec(),
            known,
        }
    }

    /// `person-` and 10 hex digits of HMAC-SHA256(key, normalised value).
    pub fn pseudonym(&self, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(value.trim().to_lowercase().as_bytes());
        let digest = hex::encode(mac.finalize().into_bytes());
        format!("person-{}", &digest[..10])
    }

    /// Free text with every known personal value and every email address
    /// replaced by its pseudonym.
    pub fn text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        if let Some(known) = &self.known {
            for m in known.find_iter(text) {
                let (start, end) = (m.start(), m.end());
                if !bounded(text, start, end) {
                    continue;
                }
                out.push_str(&text[last..start]);
                out.push_str(&self.pseudonym(&text[start..end]));
                last = end;
            }
        }
        out.push_str(&text[last..]);
        self.emails(&out)
    }

    fn emails(&self, text: &str) -> String {
        let local = |c: char| c.is_alphanumeric() || "._%+-'".contains(c);
        let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (at, _) in text.match_indices('@') {
            if at < last {
                continue;
            }
            let start = text[last..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| local(*c))
                .last()
                .map_or(at, |(i, _)| last + i);
            let end = text[at + 1..]
                .char_indices()
                .find(|(_, c)| !domain(*c))
                .map_or(text.len(), |(i, _)| at + 1 + i);
            let host = text[at + 1..end].trim_end_matches('.');
            let end = at + 1 + host.len();
            if start == at || !host.contains('.') || host.starts_with('.') {
                continue;
            }
            out.push_str(&text[last..start]);
            out.push_str(&self.pseudonym(&text[start..end]));
            last = end;
        }
        out.push_str(&text[last..]);
        out
    }

    fn json(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => *s = self.text(s),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.json(v)),
            _ => {}
        }
    }

    fn object(&self, object: &mut AffectedObject) {
        object.display_name = self.text(&object.display_name);
        object.reason = self.text(&object.reason);
    }

    /// The report with personal data replaced (see the module docs).
    pub fn report(&self, report: &Report) -> Report {
        let mut report = report.clone();
        let text = |s: &mut String| *s = self.text(s);
        let opt = |s: &mut Option<String>| {
            if let Some(s) = s {
                *s = self.text(s);
            }
        };
        for finding in &mut report.findings {
            text(&mut finding.message);
            opt(&mut finding.fix);
            opt(&mut finding.owner);
            finding.affected.iter_mut().for_each(|o| self.object(o));
            for evidence in &mut finding.evidence {
                self.json(&mut evidence.value);
            }
            for exception in &mut finding.exceptions {
                text(&mut exception.justification);
                text(&mut exception.owner);
                text(&mut exception.approved_by);
                exception.objects.iter_mut().for_each(|o| self.object(o));
            }
        }
        for exception in &mut report.exceptions {
            text(&mut exception.justification);
            text(&mut exception.owner);
            text(&mut exception.approved_by);
            opt(&mut exception.object);
        }
        report
    }
}

/// Whether `text[start..end]` stands alone: not inside a longer word.
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// `TENANTAUDIT_REDACT_KEY`, else the per-install key file (created once).
fn key() -> anyhow::Result<Vec<u8>> {
    if let Some(key) = std::env::var_os(KEY_ENV).filter(|k| !k.is_empty()) {
        return Ok(key.to_string_lossy().into_owned().into_bytes());
    }
    let path = key_file().context(
        "no per-user configuration folder: set HOME (XDG_CONFIG_HOME, APPDATA on Windows) or TENANTAUDIT_REDACT_KEY",
    )?;
    if let Ok(key) = std::fs::read(&path) {
        if !key.is_empty() {
            return Ok(key);
        }
    }
    let dir = path.parent().expect("key file has a folder");
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let key = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => {
            std::io::Write::write_all(&mut file, key.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            tracing::info!("created the redaction key {}", path.display());
            Ok(key.into_bytes())
        }
        // Another run created it first: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// The per-user configuration folder: `$XDG_CONFIG_HOME` or `~/.config` on
/// Linux, `%APPDATA%` on Windows, `~/Library/Application Support` on macOS.
fn key_file() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join("tenantaudit").join("redact.key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        let mut r = Redactor::new(b"test key", &[]);
        let values = ["Alice Smith", "alice@contoso.com", "Bob"];
        r.known = Some(
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(values)
                .unwrap(),
        );
        r
    }

    #[test]
    fn pseudonyms_are_stable_and_keyed() {
        let r = redactor();
        assert_eq!(r.pseudonym("Alice Smith"), r.pseudonym(" alice smith "));
        assert!(r.pseudonym("Alice Smith").starts_with("person-"));
        assert_eq!(r.pseudonym("Alice Smith").len(), "person-".len() + 10);
        assert_ne!(
            r.pseudonym("Alice Smith"),
            Redactor::new(b"other", &[]).pseudonym("Alice Smith")
        );
    }

    #[test]
    fn known_values_and_emails_are_replaced_in_text() {
        let r = redactor();
        let out = r.text(
            "Alice Smith (alice@contoso.com) and Bobby; bob and carol.o'neil@fabrikam.co.uk.",
        );
        assert!(!out.contains("Alice"), "{out}");
        assert!(!out.contains("alice@"), "{out}");
        assert!(!out.contains("carol"), "{out}");
        assert!(
            out.contains("Bobby"),
            "a name inside a longer word is kept: {out}"
        );
        assert!(!out.contains("bob "), "{out}");
        assert!(out.ends_with('.'), "{out}");
        assert_eq!(r.text("no personal data @ all"), "no personal data @ all");
    }
}
