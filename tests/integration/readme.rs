//! The README stands alone and does not drift: every block it quotes from the
//! demo (marked `<!-- demo: FILE -->`, FILE being `stdout` or a file the demo
//! writes) matches what the demo prints at the tests' instant, and no link in
//! the README, CONTRIBUTING.md, docs/ or the samples leaves the repository.

use crate::support::{tenantaudit, NOW};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Each marked block: the file it quotes and its lines, unindented.
fn quoted_blocks(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(file) = line
            .trim()
            .strip_prefix("<!-- demo: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().expect("a fenced block follows the marker");
        assert!(
            fence.trim().starts_with("```"),
            "marker {file} without block"
        );
        let body = lines
            .by_ref()
            .take_while(|l| !l.trim().starts_with("```"))
            .map(|l| l.trim().to_string())
            .collect();
        blocks.push((file.to_string(), body));
    }
    blocks
}

/// A quoted line matches an output line when its `…`-separated pieces are
/// the output line's start, middle parts in order and end.
fn matches(quoted: &str, line: &str) -> bool {
    let pieces: Vec<&str> = quoted.split('…').collect();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if pieces.len() == 1 {
        return line == quoted;
    }
    if line.len() < first.len() + last.len() || !line.starts_with(first) || !line.ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn readme_figures_are_what_the_demo_prints() {
    let dir = tempfile::tempdir().unwrap();
    let output = tenantaudit()
        .arg("demo")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks = quoted_blocks(&readme);
    assert!(blocks.len() >= 3, "the README marks its demo figures");
    for (file, quoted) in blocks {
        let printed = match file.as_str() {
            "stdout" => stdout.clone(),
            file => std::fs::read_to_string(dir.path().join("tenantaudit-out").join(file))
                .unwrap_or_else(|e| panic!("the demo writes no {file}: {e}")),
        };
        let printed: Vec<&str> = printed.lines().map(str::trim).collect();
        let mut from = 0;
        for line in quoted.iter().filter(|l| !l.is_empty()) {
            let found = printed[from..].iter().position(|p| matches(line, p));
            let Some(at) = found else {
                panic!(
                    "README quotes from the demo's {file} (at TENANTAUDIT_NOW={NOW}) a line it \
                     does not print (in this order):\n  {line}\nRun the demo and update the \
                     block after <!-- demo: {file} -->."
                );
            };
            from += at + 1;
        }
    }
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md"), repo().join("CONTRIBUTING.md")];
    let mut dirs = vec![repo().join("docs"), repo().join("samples")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn docs_link_only_inside_the_repository() {
    let root = repo().canonicalize().unwrap();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for name in ["DESIGN.md", "CHECKS.md", "../shared"] {
            assert!(!text.contains(name), "{} mentions {name}", file.display());
        }
        // Relative Markdown links: `](target)`.
        for (at, _) in text.match_indices("](") {
            let target = &text[at + 2..];
            let target = &target[..target.find(')').unwrap_or(target.len())];
            let target = target.split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let path = file.parent().unwrap().join(target);
            let resolved = path
                .canonicalize()
                .unwrap_or_else(|_| panic!("{}: broken link {target}", file.display()));
            assert!(
                resolved.starts_with(&root),
                "{}: {target} leaves the repository",
                file.display()
            );
        }
    }
}
