use anyhow::Context as _;
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

/// Hashes every file below `dir` (but the manifest) and writes the manifest.
/// Returns the manifest's own SHA-256, to be kept apart from the bundle.
pub fn write_manifest(dir: &Path, run_id: &str) -> anyhow::Result<String> {
    let mut files = Vec::new();
    for path in super::verify::files_below(dir)? {
        if path == Path::new(MANIFEST) {
            continue;
        }
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
    Ok(hex::encode(Sha256::digest(&text)))
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
