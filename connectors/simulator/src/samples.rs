//! A sample tenant in memory: every JSON file below its folder, keyed by its
//! path without `.json` (e.g. `graph/v1.0/users`, `query/User`).

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct SampleStore {
    files: HashMap<String, Value>,
}

/// The day the sample files were written as of. Timestamps in them are moved by
/// (now − anchor) when loaded, so that "signed in 3 days ago" stays true and
/// the demo's findings do not drift with the calendar.
pub const SAMPLE_ANCHOR: &str = "2026-11-30T00:00:00Z";

impl SampleStore {
    /// Loads every `*.json` file below `dir`, with timestamps moved to today.
    pub fn load(dir: &Path) -> anyhow::Result<SampleStore> {
        SampleStore::load_as_of(dir, Utc::now())
    }

    /// Loads every `*.json` file below `dir`, with timestamps moved by
    /// (`now` − [`SAMPLE_ANCHOR`]).
    pub fn load_as_of(dir: &Path, now: DateTime<Utc>) -> anyhow::Result<SampleStore> {
        let anchor: DateTime<Utc> = SAMPLE_ANCHOR.parse().expect("valid anchor");
        let shift = now - anchor;
        let mut files = HashMap::new();
        load_dir(dir, dir, &mut files)?;
        if files.is_empty() {
            bail!("no sample files below {}", dir.display());
        }
        for value in files.values_mut() {
            shift_times(value, shift);
        }
        Ok(SampleStore { files })
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.files.get(key)
    }

    /// Replaces the value at a JSON pointer (RFC 6901) in one file, for tests
    /// that need a variant of the sample.
    pub fn patch(mut self, key: &str, pointer: &str, value: Value) -> anyhow::Result<Self> {
        let file = self
            .files
            .get_mut(key)
            .with_context(|| format!("no sample file {key}"))?;
        let slot = file
            .pointer_mut(pointer)
            .with_context(|| format!("{key}: no value at {pointer}"))?;
        *slot = value;
        Ok(self)
    }

    /// Applies `edit` to every item of a list file (`value` or `records`).
    pub fn edit_items(
        mut self,
        key: &str,
        mut edit: impl FnMut(&mut Value),
    ) -> anyhow::Result<Self> {
        let file = self
            .files
            .get_mut(key)
            .with_context(|| format!("no sample file {key}"))?;
        let items = if file.get("value").is_some() {
            "value"
        } else {
            "records"
        };
        let list = file
            .get_mut(items)
            .and_then(Value::as_array_mut)
            .with_context(|| format!("{key} is not a list response"))?;
        list.iter_mut().for_each(&mut edit);
        Ok(self)
    }

    /// Replaces a whole file (or adds one).
    pub fn set(mut self, key: &str, value: Value) -> Self {
        self.files.insert(key.to_string(), value);
        self
    }
}

fn load_dir(root: &Path, dir: &Path, files: &mut HashMap<String, Value>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            load_dir(root, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let value: Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not valid JSON", path.display()))?;
            let key = path
                .strip_prefix(root)
                .expect("below root")
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(key, value);
        }
    }
    Ok(())
}

/// Moves every timestamp string (RFC 3339 or Salesforce's `+0000` form) by `shift`,
/// keeping the format it was written in.
fn shift_times(value: &mut Value, shift: chrono::Duration) {
    match value {
        Value::String(text) => {
            if let Some(moved) = shifted(text, shift) {
                *text = moved;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| shift_times(v, shift)),
        Value::Object(map) => map.values_mut().for_each(|v| shift_times(v, shift)),
        _ => {}
    }
}

fn shifted(text: &str, shift: chrono::Duration) -> Option<String> {
    // Dates (`2026-11-30`, e.g. a certificate's ExpirationDate) move by whole days.
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return (text.len() == 10).then(|| (date + shift).format("%Y-%m-%d").to_string());
    }
    // Cheap filter first: timestamps look like 2026-11-30T...
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[10] != b'T' {
        return None;
    }
    if let Ok(time) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.3f%z") {
        if !text.ends_with('Z') && !text[19..].contains(':') {
            return Some((time + shift).format("%Y-%m-%dT%H:%M:%S%.3f%z").to_string());
        }
    }
    let time = DateTime::parse_from_rfc3339(text).ok()?;
    Some((time.with_timezone(&Utc) + shift).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

#[cfg(test)]
mod tests {
    use super::shifted;

    #[test]
    fn both_time_formats_move_and_keep_their_form() {
        let day = chrono::Duration::days(1);
        assert_eq!(
            shifted("2026-11-29T16:42:10.000+0000", day).as_deref(),
            Some("2026-11-30T16:42:10.000+0000")
        );
        assert_eq!(
            shifted("2026-11-29T16:42:10Z", day).as_deref(),
            Some("2026-11-30T16:42:10Z")
        );
        assert_eq!(shifted("not a time at all, really", day), None);
    }
}
