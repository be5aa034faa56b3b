//! The one kind of value the template prints without escaping: text that
//! was HTML-escaped here first, with Markdown inline code (`` `x` ``) then
//! turned into `<code>`. Only check metadata (remediation, rationale,
//! logic) goes through it; tenant data is always printed escaped.

use std::fmt;

/// Escaped text with inline code marked up. Built only by [`inline_markdown`].
pub struct Markup(String);

impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes `text`, then wraps each backtick pair's content in `<code>`. An
/// unpaired backtick stays a backtick.
pub fn inline_markdown(text: &str) -> Markup {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let inside = i % 2 == 1;
        if inside && i == parts.len() - 1 {
            // The last part after an odd backtick has no closing one.
            out.push('`');
            escape_into(&mut out, part);
        } else if inside {
            out.push_str("<code>");
            escape_into(&mut out, part);
            out.push_str("</code>");
        } else {
            escape_into(&mut out, part);
        }
    }
    Markup(out)
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::inline_markdown;

    #[test]
    fn code_spans_are_marked_up_after_escaping() {
        assert_eq!(
            inline_markdown("Run `Set-X -A $true` & <b>done</b>").to_string(),
            "Run <code>Set-X -A $true</code> &amp; &lt;b&gt;done&lt;/b&gt;"
        );
        assert_eq!(
            inline_markdown("`<script>` and a stray ` here").to_string(),
            "<code>&lt;script&gt;</code> and a stray ` here"
        );
        assert_eq!(inline_markdown("plain").to_string(), "plain");
    }
}
