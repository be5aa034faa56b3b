//! Every problem of a config file, collected so that one run reports them
//! all, each with its file and line.
//!
//! The file is parsed once (a syntax error stops there: nothing after it can
//! be read reliably); then each top-level table and each `[[tenant]]` is read
//! on its own, so that a mistake in one does not hide mistakes in another.
//! Inside one, an unknown key is reported with the nearest known key and left
//! out, and reading goes on; any other mistake ends that table's reading.
//! Validations after parsing add their problems with [`ConfigErrors::at`].

use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use toml_edit::{ImDocument, Item, Table, TableLike, Value};

pub struct ConfigErrors<'a> {
    file: String,
    text: &'a str,
    /// (line, message with its position); line 0 for the file as a whole.
    problems: Vec<(usize, String)>,
}

impl<'a> ConfigErrors<'a> {
    pub fn new(file: &str, text: &'a str) -> Self {
        ConfigErrors {
            file: file.to_string(),
            text,
            problems: Vec::new(),
        }
    }

    /// Parses the text; a syntax error is returned as the only problem.
    pub fn parse(&self) -> anyhow::Result<ImDocument<&'a str>> {
        ImDocument::parse(self.text).map_err(|e| {
            // Some errors (a file cut short) come without a message.
            let message = match e.message().trim() {
                "" => "not valid TOML (is the file cut short?)",
                message => message,
            };
            // The parser's own Display quotes the source line, which may
            // hold a secret pasted by mistake: position and message only.
            match e.span() {
                Some(span) => anyhow::anyhow!("{}: {message}", self.position(span)),
                None => anyhow::anyhow!("{}: {message}", self.file),
            }
        })
    }

    /// `file:line` of a byte span of the text.
    pub fn position(&self, span: Range<usize>) -> String {
        format!("{}:{}", self.file, self.line(span.start))
    }

    fn line(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    /// A problem at a place in the file.
    pub fn at(&mut self, span: Option<Range<usize>>, message: impl fmt::Display) {
        match span {
            Some(span) => {
                let line = self.line(span.start);
                self.problems
                    .push((line, format!("{}:{line}: {message}", self.file)));
            }
            None => self.whole(message),
        }
    }

    /// A problem of the file as a whole.
    pub fn whole(&mut self, message: impl fmt::Display) {
        self.problems.push((0, format!("{}: {message}", self.file)));
    }

    /// The value of `result`, or its error (which names its own file and
    /// position, e.g. an exceptions file's) recorded as a problem.
    pub fn check<T>(&mut self, result: anyhow::Result<T>) -> Option<T> {
        result
            .map_err(|e| self.problems.push((usize::MAX, format!("{e:#}"))))
            .ok()
    }

    /// Reads the top-level `key` (a table or a value) as `T`.
    pub fn section<T: DeserializeOwned>(&mut self, key: &str, item: &Item) -> Option<T> {
        let mut table = Table::new();
        table.insert(key, item.clone());
        self.read::<BTreeMap<String, T>>(table)
            .and_then(|mut read| read.remove(key))
    }

    /// Reads one table (e.g. one `[[tenant]]`) as `T`.
    pub fn table<T: DeserializeOwned>(&mut self, table: &Table) -> Option<T> {
        self.read(table.clone())
    }

    fn read<T: DeserializeOwned>(&mut self, mut table: Table) -> Option<T> {
        loop {
            let read =
                toml_edit::de::from_document::<T>(toml_edit::DocumentMut::from(table.clone()));
            let error = match read {
                Ok(value) => return Some(value),
                Err(error) => error,
            };
            let span = error.span();
            let Some((key, known)) = unknown_field(error.message()) else {
                self.at(span, error.message().trim());
                return None;
            };
            self.at(span.clone(), unknown_key(&key, &known));
            // Leave the key out and read on, to find the next problem; when
            // the key cannot be told apart (inside a tagged table), stop.
            if !span.is_some_and(|span| remove_key_at(&mut table, &span)) {
                return None;
            }
        }
    }

    /// An unknown top-level key.
    pub fn unknown_top_level(&mut self, span: Option<Range<usize>>, key: &str, known: &[&str]) {
        let known: Vec<String> = known.iter().map(|k| k.to_string()).collect();
        self.at(span, unknown_key(key, &known));
    }

    /// All problems, or none.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        self.problems.sort_by_key(|(line, _)| *line);
        Err(anyhow::Error::new(Problems(
            self.problems.into_iter().map(|(_, p)| p).collect(),
        )))
    }
}

/// The problems of one file: the one, or each on its own line.
#[derive(Debug)]
pub struct Problems(Vec<String>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => f.write_str(one),
            all => {
                write!(f, "{} problems in the configuration:", all.len())?;
                for problem in all {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Problems {}

/// The key and the expected keys of serde's "unknown field `x`, expected …"
/// (the wording of `serde::de::Error::unknown_field`).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let known = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), known))
}

/// "unknown key `x`; did you mean `y`?", or the keys allowed there.
fn unknown_key(key: &str, known: &[String]) -> String {
    // Close: a typo or two (a swap counts as one), or the same start.
    let nearest = known
        .iter()
        .filter(|k| {
            strsim::damerau_levenshtein(key, k) <= (key.len() / 4).max(1)
                || strsim::jaro_winkler(key, k) >= 0.9
        })
        .min_by_key(|k| strsim::damerau_levenshtein(key, k));
    match nearest {
        Some(near) => format!("unknown key `{key}`; did you mean `{near}`?"),
        None if known.is_empty() => format!("unknown key `{key}`: no keys are allowed here"),
        None => format!(
            "unknown key `{key}` (allowed here: {})",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Removes the key whose name is at `span`, anywhere below `table` (a
/// table or an inline one).
fn remove_key_at(table: &mut dyn TableLike, span: &Range<usize>) -> bool {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        let at = table
            .get_key_value(&key)
            .and_then(|(k, _)| k.span())
            .is_some_and(|s| s == *span);
        if at {
            table.remove(&key);
            return true;
        }
        if table
            .get_mut(&key)
            .is_some_and(|item| remove_in_item(item, span))
        {
            return true;
        }
    }
    false
}

fn remove_in_item(item: &mut Item, span: &Range<usize>) -> bool {
    match item {
        Item::Table(table) => remove_key_at(table, span),
        Item::ArrayOfTables(tables) => tables.iter_mut().any(|t| remove_key_at(t, span)),
        Item::Value(value) => remove_in_value(value, span),
        Item::None => false,
    }
}

fn remove_in_value(value: &mut Value, span: &Range<usize>) -> bool {
    match value {
        Value::InlineTable(table) => remove_key_at(table, span),
        Value::Array(items) => items.iter_mut().any(|v| remove_in_value(v, span)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_unknown_field_messages_are_understood() {
        assert_eq!(
            unknown_field("unknown field `dri`, expected `dir`"),
            Some(("dri".into(), vec!["dir".into()]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, expected one of `a`, `b`, `c`"),
            Some(("x".into(), vec!["a".into(), "b".into(), "c".into()]))
        );
        assert_eq!(unknown_field("invalid type: string"), None);
    }

    #[test]
    fn the_nearest_key_is_suggested() {
        let known: Vec<String> = ["max_concurrency", "max_retries", "timeout_seconds"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            unknown_key("max_retry", &known),
            "unknown key `max_retry`; did you mean `max_retries`?"
        );
        assert!(unknown_key("colour", &known).contains("allowed here: `max_concurrency`"));
    }
}
