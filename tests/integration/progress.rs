//! Progress that a scheduler can read: with stderr not a terminal, plain
//! lines per tenant (collections done of total, pages and items read) at each
//! collection's end; `-q` prints none, while the summary stays on stdout.

use crate::support::Scenario;

/// `(done, total, pages, items)` of every progress line of `label`.
fn lines_of(stderr: &str, label: &str) -> Vec<(u64, u64, u64, u64)> {
    let prefix = format!("progress {label}: ");
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix(&prefix))
        .map(|rest| {
            let numbers: Vec<u64> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .take(4)
                .map(|s| s.parse().unwrap())
                .collect();
            (numbers[0], numbers[1], numbers[2], numbers[3])
        })
        .collect()
}

#[test]
fn plain_progress_lines_when_stderr_is_not_a_terminal_and_none_with_quiet() {
    let sim = Scenario::new().start();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let m365 = tenantaudit_graph::permissions().len() as u64;
    let salesforce = tenantaudit_salesforce::permissions().len() as u64;
    for (label, planned) in [("contoso", m365), ("acme", salesforce)] {
        let lines = lines_of(&run.stderr, label);
        let (done, total, pages, items) = *lines.last().expect("progress lines");
        assert_eq!(total, planned, "{label}: {}", run.stderr);
        assert!(
            done > total / 2 && pages > 0 && items > 0,
            "{label}: {}",
            run.stderr
        );
        // A line at each collection's end that read something, counting up.
        assert!(lines.len() as u64 >= done - 3, "{}", run.stderr);
        assert!(lines.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    let quiet = sim.run(&["-q", "audit"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("progress"), "{}", quiet.stderr);
    assert!(quiet.stdout.contains("score"), "{}", quiet.stdout);
}
