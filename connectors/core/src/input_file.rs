//! Input files are read up to a documented size: a mistaken path (`/dev/zero`,
//! a disk image) or a hostile file fails fast with a clear error instead of
//! reading until memory runs out.

use std::io::Read as _;
use std::path::Path;

/// `tenantaudit.toml`.
pub const CONFIG_MAX: u64 = 1 << 20;
/// A secret, private key or certificate file.
pub const SECRET_MAX: u64 = 64 << 10;
/// An exceptions file.
pub const EXCEPTIONS_MAX: u64 = 4 << 20;
/// A leavers CSV.
pub const LEAVERS_MAX: u64 = 16 << 20;
/// A snapshot file (the 100,000-user benchmark tenant's is well below).
pub const SNAPSHOT_MAX: u64 = 512 << 20;

/// The file's text, or an error when it is larger than `max` bytes (read no
/// further than that) or not UTF-8.
pub fn read_to_string(path: &Path, max: u64) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!(
            "larger than {}, the most tenantaudit reads for this file",
            shown(max)
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

fn shown(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_above_the_cap_is_refused_without_reading_it_all() {
        let started = std::time::Instant::now();
        let err = read_to_string(Path::new("/dev/zero"), CONFIG_MAX).unwrap_err();
        assert!(err.to_string().contains("larger than 1 MiB"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        assert_eq!(read_to_string(&path, 6).unwrap(), "a = 1\n");
        assert!(read_to_string(&path, 5).is_err());
    }
}
