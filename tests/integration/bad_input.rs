//! Bad input files: empty, truncated, of another schema version, or hostile
//! (huge, deeply nested). Each gives one clear error naming the file (and,
//! for a parse error, the position), exit 2, no request and no file written.

use crate::support::{tenantaudit, Scenario, TestSim, SECRET_ENV};
use std::path::Path;

/// A 4 MiB string; and 100 000 nested brackets.
fn huge(open: &str, close: &str) -> String {
    format!("{open}\"{}\"{close}", "x".repeat(4 << 20))
}

fn nested(open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(100_000), close.repeat(100_000))
}

/// Runs `args` in the simulator's folder and expects a refusal naming `file`.
fn refused(sim: &TestSim, args: &[&str], file: &str, position: bool) {
    let before = sim.sim.request_count();
    let output = tenantaudit()
        .args(args)
        .current_dir(sim.dir.path())
        .env(SECRET_ENV, sim.secret())
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let case = format!("{args:?}: {stderr}");
    assert_eq!(output.status.code(), Some(2), "{case}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {case}");
    assert!(errors[0].contains(file), "names {file}: {case}");
    if position {
        let line_no = errors[0]
            .split(&format!("{file}:"))
            .nth(1)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        assert!(
            line_no || errors[0].contains(" line "),
            "names the position: {case}"
        );
    }
    assert!(errors[0].len() < 600, "short: {case}");
    assert_eq!(sim.sim.request_count(), before, "no request: {case}");
    for written in ["bad-out", "tenantaudit-out"] {
        assert!(
            !sim.dir.path().join(written).exists(),
            "{written} written: {case}"
        );
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    name.to_string()
}

#[test]
fn bad_config_files_are_refused_with_one_clear_error() {
    let sim = Scenario::new().start();
    let good = std::fs::read_to_string(sim.default_config()).unwrap();
    let dir = sim.dir.path();
    let cases = [
        (write(dir, "empty.toml", ""), false),
        (
            write(
                dir,
                "truncated.toml",
                &good[..good.find("provider = \"m365\"").unwrap() + 14],
            ),
            true,
        ),
        (
            write(
                dir,
                "wrong-shape.toml",
                &good.replace("label = \"contoso\"", "label = 5"),
            ),
            true,
        ),
        // Above the size cap: refused before it is parsed, so no position.
        (write(dir, "huge.toml", &huge("a = ", "x")), false),
        (
            write(dir, "nested.toml", &format!("a = {}", nested("[", "]"))),
            true,
        ),
        (
            write(dir, "binary.toml", "\u{0}\u{1}\u{2}\u{fffd}[[[\u{7f}"),
            true,
        ),
    ];
    for (file, position) in &cases {
        refused(
            &sim,
            &["audit", "--config", file, "--out", "bad-out"],
            file,
            *position,
        );
        refused(
            &sim,
            &["collect", "--config", file, "--out", "bad-out"],
            file,
            *position,
        );
    }
}

#[test]
fn bad_exceptions_files_are_refused_with_one_clear_error() {
    let sim = Scenario::new().start();
    let config = sim.default_config().display().to_string();
    let example =
        std::fs::read_to_string(crate::support::samples().join("exceptions.example.toml")).unwrap();
    let dir = sim.dir.path();
    let cases = [
        (
            write(
                dir,
                "truncated.toml",
                &example[..example.find("justification = \"").unwrap() + 20],
            ),
            true,
        ),
        (
            write(dir, "wrong-shape.toml", "[[exception]]\ncheck = 5\n"),
            false,
        ),
        // Above the size cap: refused before it is parsed, so no position.
        (write(dir, "huge.toml", &huge("a = ", "x")), false),
        (
            write(dir, "nested.toml", &format!("a = {}", nested("[", "]"))),
            true,
        ),
        (
            write(
                dir,
                "nested.yaml",
                &format!("exception: {}", nested("[", "]")),
            ),
            false,
        ),
        (
            write(
                dir,
                "truncated.yaml",
                "exception:\n  - check: \"M365-ID-01\n",
            ),
            true,
        ),
    ];
    for (file, position) in &cases {
        refused(
            &sim,
            &[
                "audit",
                "--config",
                &config,
                "--exceptions",
                file,
                "--out",
                "bad-out",
            ],
            file,
            *position,
        );
    }
}

#[test]
fn bad_snapshots_and_reports_are_refused_with_one_clear_error() {
    let sim = Scenario::new().start();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = sim.dir.path();
    let snapshot = std::fs::read_to_string(run.out.join("snapshots/contoso.json")).unwrap();
    let report = std::fs::read_to_string(run.out.join("report.json")).unwrap();
    // Keep what the clean run wrote out of the "nothing written" check.
    std::fs::rename(dir.join("out"), dir.join("clean-out")).unwrap();
    let snapshots = [
        (write(dir, "empty.json", ""), true),
        (
            write(dir, "truncated.json", &snapshot[..snapshot.len() / 2]),
            true,
        ),
        (
            write(
                dir,
                "v0.json",
                &snapshot.replace("tenantaudit.snapshot/v1", "tenantaudit.snapshot/v0"),
            ),
            false,
        ),
        (write(dir, "report-as-snapshot.json", &report), false),
        (
            write(
                dir,
                "huge.json",
                &huge("{\"schema\": \"tenantaudit.snapshot/v1\", \"junk\": ", "}"),
            ),
            true,
        ),
        (write(dir, "nested.json", &nested("[", "]")), true),
        (
            write(
                dir,
                "nested-object.json",
                &format!(
                    "{{\"schema\": \"tenantaudit.snapshot/v1\", \"tenant\": {}}}",
                    nested("{\"a\":", "}")
                ),
            ),
            true,
        ),
    ];
    for (file, position) in &snapshots {
        refused(&sim, &["check", file, "--out", "bad-out"], file, *position);
    }
    let reports = [
        (write(dir, "r-empty.json", ""), true),
        (
            write(dir, "r-truncated.json", &report[..report.len() / 2]),
            true,
        ),
        (
            write(
                dir,
                "r-v2.json",
                &report.replace("tenantaudit.report/v1", "tenantaudit.report/v2"),
            ),
            false,
        ),
        (
            write(
                dir,
                "r-huge.json",
                &huge("{\"schema\": \"tenantaudit.report/v1\", \"junk\": ", "}"),
            ),
            false,
        ),
        (write(dir, "r-nested.json", &nested("{\"a\":[", "]}")), true),
    ];
    let good = write(dir, "good-report.json", &report);
    for (file, position) in &reports {
        refused(&sim, &["matrix", "--report", file], file, *position);
        refused(&sim, &["diff", &good, file], file, *position);
    }
}
