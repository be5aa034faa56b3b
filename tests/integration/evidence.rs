//! The evidence bundle holds up: its manifest digest is kept where a
//! scheduler keeps it, it can be signed, and `verify` pins the digest,
//! checks the signature and refuses links, unsafe paths and added folders.

use crate::support::{tenantaudit, Scenario, TestSim};
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// `tenantaudit verify DIR ARGS…`: exit code and stdout.
fn verify(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = tenantaudit()
        .arg("verify")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn sha256_of(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// An Ed25519 key pair as PEM files (what `openssl genpkey -algorithm
/// ed25519` and `openssl pkey -pubout` write), from a fixed seed.
fn key_pair(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
    let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
    let private = dir.join(format!("{name}.pem"));
    let public = dir.join(format!("{name}.pub.pem"));
    std::fs::write(
        &private,
        key.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    std::fs::write(
        &public,
        key.verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap(),
    )
    .unwrap();
    (private, public)
}

/// An audit with an evidence bundle at `<temp>/ev`.
fn bundle(extra: &[&str]) -> (TestSim, PathBuf, String) {
    let sim = Scenario::new().start();
    let mut args = vec!["-q", "audit", "--evidence", "ev"];
    args.extend(extra);
    let config = sim.default_config();
    let config = config.to_str().unwrap().to_string();
    args.extend(["--config", &config]);
    let run = sim.run_raw(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = sim.dir.path().join("ev");
    (sim, dir, run.stdout)
}

#[test]
fn the_manifest_digest_is_printed_even_quiet_and_kept_beside_the_bundle() {
    let (sim, dir, stdout) = bundle(&[]);
    let digest = sha256_of(&dir.join("manifest.json"));
    // -q: the digest line in `sha256sum` format closes stdout (after the
    // results summary, which -q keeps).
    assert!(
        stdout.ends_with(&format!("\n{digest}  ev/manifest.json\n")),
        "{stdout}"
    );
    let kept = std::fs::read_to_string(sim.dir.path().join("ev.manifest.sha256")).unwrap();
    assert_eq!(kept, format!("{digest}  ev/manifest.json\n"));
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "ev.manifest.sha256"])
        .current_dir(sim.dir.path())
        .output();
    if let Ok(check) = check {
        assert!(check.status.success(), "sha256sum -c reads it");
    }
    let (code, text) = verify(&dir, &["--expect", &digest]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with(&format!("{digest}  ")),
        "verify prints the digest: {text}"
    );
    assert!(text.contains("manifest as expected"), "{text}");
}

#[test]
fn a_file_rewritten_with_its_manifest_entry_is_caught_by_the_digest_and_the_signature() {
    let keys = tempfile::tempdir().unwrap();
    let (private, public) = key_pair(keys.path(), "signer", 7);
    let (_, other) = key_pair(keys.path(), "other", 9);
    let (_sim, dir, stdout) = bundle(&["--sign-key", private.to_str().unwrap()]);
    let digest = stdout.split_whitespace().next().unwrap().to_string();
    let public = public.to_str().unwrap();
    assert_eq!(verify(&dir, &["--key", public]).0, 0);
    let (code, text) = verify(&dir, &["--key", other.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("signature: manifest.json.sig"), "{text}");
    // OpenSSL checks the same signature, without tenantaudit.
    let openssl = std::process::Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-inkey", public, "-rawin"])
        .arg("-in")
        .arg(dir.join("manifest.json"))
        .arg("-sigfile")
        .arg(dir.join("manifest.json.sig"))
        .output();
    if let Ok(openssl) = openssl {
        assert!(openssl.status.success(), "{openssl:?}");
    }

    // Rewrite a report and its manifest entry: the bundle is consistent...
    let report = dir.join("reports/report.csv");
    std::fs::write(&report, "check_id\nnothing to see\n").unwrap();
    let manifest_path = dir.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    for entry in manifest["files"].as_array_mut().unwrap() {
        if entry["path"] == "reports/report.csv" {
            entry["sha256"] = sha256_of(&report).into();
            entry["size"] = std::fs::metadata(&report).unwrap().len().into();
        }
    }
    std::fs::write(
        &manifest_path,
        serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
    assert_eq!(verify(&dir, &[]).0, 0, "a manifest alone cannot tell");
    // ...but not the digest kept elsewhere, nor the signature.
    let (code, text) = verify(&dir, &["--expect", &digest]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("manifest: manifest.json has SHA-256"),
        "{text}"
    );
    let (code, text) = verify(&dir, &["--key", public]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("not this key's signature"), "{text}");
}

#[test]
fn a_bad_signing_key_is_refused_before_any_request() {
    let sim = Scenario::new().start();
    std::fs::write(sim.dir.path().join("key.pem"), "not a key").unwrap();
    let run = sim.run(&["audit", "--evidence", "ev", "--sign-key", "key.pem"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("key.pem is not an Ed25519 private key"),
        "{}",
        run.stderr
    );
    assert_eq!(sim.sim.request_count(), 0);
}

#[test]
fn a_tampered_or_unreadable_manifest_fails_verification_naming_it() {
    let (_sim, dir, _) = bundle(&[]);
    let manifest = dir.join("manifest.json");
    std::fs::write(&manifest, "{\"schema\": ").unwrap();
    let (code, text) = verify(&dir, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("manifest: manifest.json is not an evidence manifest"),
        "{text}"
    );
    std::fs::remove_file(&manifest).unwrap();
    let (code, text) = verify(&dir, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("manifest: cannot read manifest.json"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn verify_refuses_links_unsafe_paths_and_added_folders() {
    use std::os::unix::fs::symlink;
    let (sim, dir, _) = bundle(&[]);
    // A file swapped for a link to an identical copy outside the bundle.
    let outside = sim.dir.path().join("acme-copy.json");
    std::fs::copy(dir.join("snapshots/acme.json"), &outside).unwrap();
    std::fs::remove_file(dir.join("snapshots/acme.json")).unwrap();
    symlink(&outside, dir.join("snapshots/acme.json")).unwrap();
    // A folder swapped for a link to the same folder moved out.
    let moved = sim.dir.path().join("reports-moved");
    std::fs::rename(dir.join("reports"), &moved).unwrap();
    symlink(&moved, dir.join("reports")).unwrap();
    // A link cycle and an empty folder added.
    symlink(&dir, dir.join("raw/loop")).unwrap();
    std::fs::create_dir_all(dir.join("extra/empty")).unwrap();
    let (code, text) = verify(&dir, &[]);
    assert_eq!(code, 1, "{text}");
    for expected in [
        "symlink: snapshots/acme.json",
        "symlink: reports/report.json",
        "added:   raw/loop",
        "added:   extra/empty/ (empty folder)",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // Manifest paths that would leave the bundle are refused, not read.
    let manifest_path = dir.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let files = manifest["files"].as_array_mut().unwrap();
    let mut escape = files[0].clone();
    escape["path"] = "../acme-copy.json".into();
    let mut absolute = files[0].clone();
    absolute["path"] = outside.display().to_string().into();
    files.extend([escape, absolute]);
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let (code, text) = verify(&dir, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("unsafe:  ../acme-copy.json"), "{text}");
    assert!(
        text.contains(&format!("unsafe:  {}", outside.display())),
        "{text}"
    );
}
