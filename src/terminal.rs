//! Text bound for a terminal or a log. Tenant values (policy, organisation,
//! group, app and person names, API error texts) may carry control
//! characters: ESC starts sequences that recolour, retitle or rewrite the
//! screen, CR and LF forge lines. Each one is shown instead, visibly: C0 and
//! DEL as their Unicode control pictures (ESC → `␛`, LF → `␊`), C1 as a
//! `\u{9b}` escape, so a value always stays on its own line.

use std::borrow::Cow;
use std::fmt;

/// A value shown on one line, every control character made visible.
pub struct Safe<'a>(pub &'a str);

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&clean(self.0, false))
    }
}

/// Several lines of our own (an error chain, a rendered table): line breaks
/// stay, every other control character is made visible.
pub fn lines(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// Each line cut to `max` characters: a message quoting a huge value (a
/// pasted file, a 4 MiB label) stays readable.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if text.lines().all(|line| line.chars().count() <= max) {
        return Cow::Borrowed(text);
    }
    let cut: Vec<String> = text
        .split('\n')
        .map(|line| match line.char_indices().nth(max) {
            Some((end, _)) => format!(
                "{}… ({} more characters)",
                &line[..end],
                line[end..].chars().count()
            ),
            None => line.to_string(),
        })
        .collect();
    Cow::Owned(cut.join("\n"))
}

fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let shown = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !text.chars().any(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !shown(c) => out.push(c),
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + c as u32).expect("control picture"))
            }
            '\u{7f}' => out.push('\u{2421}'),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// Formats the fields of log events (the message included) through
/// [`Safe`]: the run log quotes API error texts and tenant names.
pub fn log_fields() -> impl for<'w> tracing_subscriber::fmt::FormatFields<'w> + 'static {
    use tracing_subscriber::field::MakeExt as _;
    tracing_subscriber::fmt::format::debug_fn(|w, field, value| {
        let text = format!("{value:?}");
        if field.name() == "message" {
            write!(w, "{}", Safe(&text))
        } else {
            write!(w, "{field}={}", Safe(&text))
        }
    })
    .delimited(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        let hostile = "Block\u{1b}]0;pwned\u{7}\r\npass  critical M365-MFA-01\u{9b}31m\u{7f}";
        let shown = Safe(hostile).to_string();
        assert_eq!(
            shown,
            "Block␛]0;pwned␇␍␊pass  critical M365-MFA-01\\u{9b}31m␡"
        );
        assert!(!shown.chars().any(char::is_control));
        assert_eq!(format!("[{:<6}]", Safe("a\tb")), "[a␉b   ]");
        assert_eq!(lines("one\ntwo\u{1b}[2J\n"), "one\ntwo␛[2J\n");
        assert!(matches!(lines("plain"), Cow::Borrowed(_)));
        assert_eq!(cut("abcdef\nxy", 3), "abc… (3 more characters)\nxy");
        assert!(matches!(cut("abc", 3), Cow::Borrowed(_)));
    }
}
