//! Tells the integration tests whether headless Chromium is installed, so that
//! the browser test is reported `ignored` with its reason, never a silent `ok`.

/// Where Debian installs Chromium (`.ci/run` installs it).
const CHROMIUM: &str = "/usr/bin/chromium";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(chromium_missing)");
    // A path that does not exist makes Cargo rerun this every build, so
    // installing Chromium is noticed without a clean build.
    println!("cargo::rerun-if-changed={CHROMIUM}");
    println!("cargo::rerun-if-changed=build.rs");
    if !std::path::Path::new(CHROMIUM).exists() {
        println!("cargo::rustc-cfg=chromium_missing");
    }
}
