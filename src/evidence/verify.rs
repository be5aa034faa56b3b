//! `tenantaudit verify DIR`: recomputes every hash of a bundle and reports any
//! file changed, missing or added since the manifest was written, checks the
//! manifest's own digest and signature when told what to expect, and never
//! follows a symbolic link: a bundle is checked as it lies on disk.

use super::manifest::{hash_file, slash_path, Manifest, EVIDENCE_SCHEMA, MANIFEST};
use super::signing::{self, SIGNATURE};
use anyhow::Context as _;
use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// The manifest cannot be read, is not one, or is not the expected one.
    Manifest(String),
    Signature(String),
    /// A manifest path that would leave the bundle.
    UnsafePath(String),
    /// A listed file (or a folder on its way) replaced by a symbolic link.
    Symlink(String),
    Changed(String),
    Missing(String),
    Added(String),
    AddedFolder(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Manifest(p) => write!(f, "manifest: {p}"),
            Problem::Signature(p) => write!(f, "signature: {p}"),
            Problem::UnsafePath(p) => {
                write!(
                    f,
                    "unsafe:  {p} (the manifest names a path outside the bundle)"
                )
            }
            Problem::Symlink(p) => write!(f, "symlink: {p} (a link, not the file)"),
            Problem::Changed(p) => write!(f, "changed: {p}"),
            Problem::Missing(p) => write!(f, "missing: {p}"),
            Problem::Added(p) => write!(f, "added:   {p}"),
            Problem::AddedFolder(p) => write!(f, "added:   {p}/ (empty folder)"),
        }
    }
}

/// What the bundle must match beyond its own manifest.
#[derive(Default)]
pub struct Expectations {
    /// The manifest's SHA-256, kept elsewhere (`--expect`).
    pub digest: Option<String>,
    /// The key the manifest must be signed with (`--key`).
    pub key: Option<VerifyingKey>,
}

/// The outcome: every problem found, how many files matched, and the
/// manifest's SHA-256 as computed (when it could be read).
pub struct Verification {
    pub problems: Vec<Problem>,
    pub matched: usize,
    pub digest: Option<String>,
}

impl Verification {
    /// Prints the outcome on stdout (the digest first, for the record) and
    /// returns the exit code: 1 on any problem.
    pub fn print(&self, dir: &Path, expect: &Expectations) -> crate::workflows::ExitCode {
        if let Some(digest) = &self.digest {
            println!("{digest}  {}", dir.join(MANIFEST).display());
        }
        for problem in &self.problems {
            println!("{problem}");
        }
        if !self.problems.is_empty() {
            println!(
                "{}: {} problem(s); {} files match",
                dir.display(),
                self.problems.len(),
                self.matched
            );
            return crate::workflows::ExitCode::Findings;
        }
        let pinned = match (&expect.digest, &expect.key) {
            (Some(_), Some(_)) => "; manifest as expected and signed by the key",
            (Some(_), None) => "; manifest as expected",
            (None, Some(_)) => "; manifest signed by the key",
            (None, None) => "",
        };
        println!(
            "{}: all {} files match the manifest{pinned}",
            dir.display(),
            self.matched
        );
        crate::workflows::ExitCode::Ok
    }
}

pub fn verify(dir: &Path, expect: &Expectations) -> anyhow::Result<Verification> {
    let meta = std::fs::symlink_metadata(dir)
        .with_context(|| format!("no evidence bundle at {}", dir.display()))?;
    if !meta.is_dir() {
        anyhow::bail!("{} is not a folder (an evidence bundle is)", dir.display());
    }
    let mut result = Verification {
        problems: Vec::new(),
        matched: 0,
        digest: None,
    };
    let bytes = match read_manifest(dir) {
        Ok(bytes) => bytes,
        Err(problem) => {
            result.problems.push(problem);
            return Ok(result);
        }
    };
    let digest = hex::encode(Sha256::digest(&bytes));
    if let Some(expected) = &expect.digest {
        if !expected.trim().eq_ignore_ascii_case(&digest) {
            result.problems.push(Problem::Manifest(format!(
                "{MANIFEST} has SHA-256 {digest}, not the expected {}",
                expected.trim()
            )));
        }
    }
    result.digest = Some(digest);
    if let Some(key) = &expect.key {
        if let Some(problem) = check_signature(dir, key, &bytes) {
            result.problems.push(problem);
        }
    }
    let manifest: Manifest = match serde_json::from_slice(&bytes) {
        Ok(m) => m,
        Err(e) => {
            result.problems.push(Problem::Manifest(format!(
                "{MANIFEST} is not an evidence manifest ({e})"
            )));
            return Ok(result);
        }
    };
    if manifest.schema != EVIDENCE_SCHEMA {
        result.problems.push(Problem::Manifest(format!(
            "{MANIFEST} has schema {:?}, not {EVIDENCE_SCHEMA:?}",
            manifest.schema
        )));
        return Ok(result);
    }
    let mut listed = BTreeSet::new();
    for entry in &manifest.files {
        let Some(relative) = safe_relative(&entry.path) else {
            result
                .problems
                .push(Problem::UnsafePath(entry.path.clone()));
            continue;
        };
        listed.insert(relative.clone());
        match check_file(dir, &relative, &entry.path, &entry.sha256, entry.size) {
            Ok(()) => result.matched += 1,
            Err(problem) => result.problems.push(problem),
        }
    }
    let own = [Path::new(MANIFEST), Path::new(SIGNATURE)];
    for entry in entries_below(dir)? {
        match entry {
            Entry::File(p) | Entry::Symlink(p) if own.contains(&p.as_path()) => {}
            Entry::File(p) | Entry::Symlink(p) | Entry::Other(p) if !listed.contains(&p) => {
                result.problems.push(Problem::Added(slash_path(&p)))
            }
            Entry::EmptyFolder(p) => result.problems.push(Problem::AddedFolder(slash_path(&p))),
            _ => {}
        }
    }
    Ok(result)
}

/// The manifest's bytes; a link, an unreadable file or none is a problem.
fn read_manifest(dir: &Path) -> Result<Vec<u8>, Problem> {
    let path = dir.join(MANIFEST);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Problem::Symlink(MANIFEST.to_string()))
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Problem::Manifest(format!("{MANIFEST} is not a file")))
        }
        Ok(_) => {}
        Err(e) => return Err(Problem::Manifest(format!("cannot read {MANIFEST}: {e}"))),
    }
    std::fs::read(&path).map_err(|e| Problem::Manifest(format!("cannot read {MANIFEST}: {e}")))
}

fn check_signature(dir: &Path, key: &VerifyingKey, manifest: &[u8]) -> Option<Problem> {
    let path = dir.join(SIGNATURE);
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return Some(Problem::Symlink(SIGNATURE.to_string()));
    }
    match std::fs::read(&path) {
        Err(e) => Some(Problem::Signature(format!("cannot read {SIGNATURE}: {e}"))),
        Ok(signature) if signing::is_valid(key, manifest, &signature) => None,
        Ok(_) => Some(Problem::Signature(format!(
            "{SIGNATURE} is not this key's signature of {MANIFEST}"
        ))),
    }
}

/// A manifest path as a relative path of plain names: no root, no `..`, no
/// `.`, no empty part, no backslash. Anything else could reach outside.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.is_empty() || path.contains('\\') {
        return None;
    }
    let relative = Path::new(path);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        && path.split('/').all(|part| !part.is_empty() && part != ".");
    plain.then(|| relative.to_path_buf())
}

/// Checks one listed file without following any link on the way.
fn check_file(
    dir: &Path,
    relative: &Path,
    shown: &str,
    sha256: &str,
    size: u64,
) -> Result<(), Problem> {
    let mut at = dir.to_path_buf();
    for part in relative.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Problem::Symlink(shown.to_string()))
            }
            Ok(_) => {}
            Err(_) => return Err(Problem::Missing(shown.to_string())),
        }
    }
    if !std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_file()) {
        return Err(Problem::Changed(shown.to_string()));
    }
    match hash_file(&at) {
        Ok((actual, actual_size)) if actual == sha256 && actual_size == size => Ok(()),
        _ => Err(Problem::Changed(shown.to_string())),
    }
}

/// What lies in a bundle, relative to it.
#[derive(Debug)]
pub enum Entry {
    File(PathBuf),
    /// Never followed: a link can point out of the bundle or in a circle.
    Symlink(PathBuf),
    EmptyFolder(PathBuf),
    /// Sockets, pipes, devices.
    Other(PathBuf),
}

/// Everything below `dir`, sorted, without following links.
pub fn entries_below(dir: &Path) -> anyhow::Result<Vec<Entry>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<Entry>) -> anyhow::Result<()> {
        let mut children: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .collect::<Result<_, _>>()?;
        children.sort_by_key(|c| c.file_name());
        let relative = |p: &Path| p.strip_prefix(root).expect("below root").to_path_buf();
        if children.is_empty() && dir != root {
            out.push(Entry::EmptyFolder(relative(dir)));
        }
        for child in children {
            let path = child.path();
            let kind = child.file_type()?;
            if kind.is_symlink() {
                out.push(Entry::Symlink(relative(&path)));
            } else if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                out.push(Entry::File(relative(&path)));
            } else {
                out.push(Entry::Other(relative(&path)));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::safe_relative;

    #[test]
    fn only_plain_relative_paths_are_followed() {
        assert!(safe_relative("reports/report.json").is_some());
        for bad in [
            "/etc/passwd",
            "../outside.json",
            "reports/../../x",
            "./x",
            "a//b",
            "a\\..\\b",
            "",
        ] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }
}
