use super::verify::{entries_below, Entry};
use anyhow::{bail, Context as _};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use tenantaudit_report::write_atomically;

pub const MANIFEST: &str = "manifest.json";
pub const EVIDENCE_SCHEMA: &str = "tenantaudit.evidence/v1";

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Manifest {
    pub schema: String,
    pub tool_version: String,
    pub run_id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ManifestEntry {
    /// Relative to the bundle, with `/` separators.
    pub path: String,
    pub sha256: String,
    pub size: u64,
    /// When the file's content was collected or produced.
    pub collected_at: chrono::DateTime<chrono::Utc>,
}

/// Hashes every file below `dir` (but the manifest) and writes the manifest,
/// signed with `signer` when given. Returns the manifest's own SHA-256, to be
/// kept apart from the bundle.
pub fn write_manifest(
    dir: &Path,
    run_id: &str,
    signer: Option<&super::ManifestSigner>,
) -> anyhow::Result<String> {
    let mut files = Vec::new();
    for entry in entries_below(dir)? {
        let path = match entry {
            Entry::File(path) if path != Path::new(MANIFEST) => path,
            Entry::File(_) => continue,
            // The bundle is written by this run alone: anything else is a bug.
            other => bail!("unexpected {other:?} in the evidence bundle"),
        };
        let full = dir.join(&path);
        let (sha256, size) = hash_file(&full)?;
        let modified = std::fs::metadata(&full)?.modified()?;
        files.push(ManifestEntry {
            path: slash_path(&path),
            sha256,
            size,
            collected_at: modified.into(),
        });
    }
    let manifest = Manifest {
        schema: EVIDENCE_SCHEMA.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        run_id: run_id.to_string(),
        created_at: chrono::Utc::now(),
        files,
    };
    let text = serde_json::to_vec_pretty(&manifest)?;
    let path = dir.join(MANIFEST);
    write_atomically(&path, |w| w.write_all(&text))
        .with_context(|| format!("cannot write {}", path.display()))?;
    if let Some(signer) = signer {
        let path = dir.join(super::signing::SIGNATURE);
        write_atomically(&path, |w| w.write_all(&signer.sign(&text)))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(hex::encode(Sha256::digest(&text)))
}

/// Writes `<DIR>.manifest.sha256` beside the bundle, in `sha256sum` format
/// (`cd` to the bundle's parent, `sha256sum -c` checks it); returns its path.
pub fn write_digest_file(dir: &Path, digest: &str) -> anyhow::Result<std::path::PathBuf> {
    let name = dir
        .file_name()
        .with_context(|| format!("{} has no folder name", dir.display()))?
        .to_string_lossy()
        .into_owned();
    let path = dir.with_file_name(format!("{name}.manifest.sha256"));
    let line = format!("{digest}  {name}/{MANIFEST}\n");
    write_atomically(&path, |w| w.write_all(line.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

pub fn hash_file(path: &Path) -> anyhow::Result<(String, u64)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), size))
}

pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
