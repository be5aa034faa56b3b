//! No secret or token in any output: every stream and file of a verbose run
//! is searched for them.

use crate::support::{samples, Scenario};
use std::path::Path;

fn files_below(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_below(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn no_secret_or_token_reaches_any_output() {
    let sim = Scenario::new()
        // A refresh and a failure, so that error paths are exercised too.
        .fault(
            tenantaudit_simulator::Fault::new(
                "conditionalAccess/policies",
                tenantaudit_simulator::FaultKind::ExpiredToken,
            )
            .times(1),
        )
        .forbid("FROM ConnectedApplication")
        .start();
    let mut outputs = Vec::new();
    for args in [vec!["-vvv", "audit"], vec!["-vvv", "collect"]] {
        let run = sim.run(&args);
        outputs.push(run.stdout);
        outputs.push(run.stderr);
    }
    assert!(
        outputs.iter().any(|o| o.contains("DEBUG")),
        "verbose logs were produced"
    );
    let mut files = Vec::new();
    files_below(&sim.dir.path().join("out"), &mut files);
    assert!(files.len() >= 4);
    for file in files {
        outputs.push(std::fs::read_to_string(file).unwrap());
    }
    let key = std::fs::read_to_string(samples().join("keys/demo-private-key.pem")).unwrap();
    let key_line = key.lines().nth(1).unwrap();
    let secret = sim.secret().to_string();
    let issued: Vec<String> = sim.sim.issued_tokens();
    assert!(issued.len() >= 3, "tokens were issued: {issued:?}");
    for output in &outputs {
        assert!(!output.contains(&secret), "client secret leaked");
        assert!(!output.contains(key_line), "private key leaked");
        for token in &issued {
            assert!(!output.contains(token.as_str()), "token leaked");
        }
    }
}
