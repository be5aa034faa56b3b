//! `tenantaudit verify DIR`: recomputes every hash of a bundle and reports any
//! file changed, missing or added since the manifest was written.

use super::manifest::{hash_file, slash_path, Manifest, EVIDENCE_SCHEMA, MANIFEST};
use anyhow::{bail, Context as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    Changed(String),
    Missing(String),
    Added(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Changed(p) => write!(f, "changed: {p}"),
            Problem::Missing(p) => write!(f, "missing: {p}"),
            Problem::Added(p) => write!(f, "added:   {p}"),
        }
    }
}

/// Every problem found, and how many files matched.
pub fn verify(dir: &Path) -> anyhow::Result<(Vec<Problem>, usize)> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{} is not an evidence manifest", path.display()))?;
    if manifest.schema != EVIDENCE_SCHEMA {
        bail!(
            "{}: schema {:?} is not {EVIDENCE_SCHEMA:?}",
            path.display(),
            manifest.schema
        );
    }
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    let mut matched = 0;
    for entry in &manifest.files {
        listed.insert(entry.path.clone());
        let full = dir.join(&entry.path);
        if !full.is_file() {
            problems.push(Problem::Missing(entry.path.clone()));
            continue;
        }
        let (sha256, size) = hash_file(&full)?;
        if sha256 == entry.sha256 && size == entry.size {
            matched += 1;
        } else {
            problems.push(Problem::Changed(entry.path.clone()));
        }
    }
    for path in files_below(dir)? {
        let shown = slash_path(&path);
        if path != Path::new(MANIFEST) && !listed.contains(&shown) {
            problems.push(Problem::Added(shown));
        }
    }
    Ok((problems, matched))
}

/// Every file below `dir`, relative to it, sorted.
pub fn files_below(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(path.strip_prefix(root).expect("below root").to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}
