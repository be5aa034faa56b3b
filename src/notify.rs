//! `--notify slack|teams`: one message to an incoming webhook when a run finds
//! something new since each tenant's previous recorded run (findings newly
//! failing, score changes). The URL comes from `TENANTAUDIT_WEBHOOK_URL`, never
//! from the config; it may not point at an audited tenant's endpoints, and
//! nothing else is ever sent there.

use crate::diff::{Change, ScoreChange};
use anyhow::{anyhow, bail};
use clap::ValueEnum;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;
use tenantaudit_report::Report;
use url::Url;

pub const URL_ENV: &str = "TENANTAUDIT_WEBHOOK_URL";

/// New failing findings listed in one message; the rest are counted.
const MAX_LISTED: usize = 20;
/// Newly failing objects named per finding.
const MAX_OBJECTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NotifyKind {
    /// Slack incoming webhook (`{"text": …}`).
    Slack,
    /// Microsoft Teams incoming webhook or Workflows "post to a channel when
    /// a webhook request is received" (an Adaptive Card).
    Teams,
}

/// A validated webhook. The URL holds its own credential: never shown.
pub struct Webhook {
    kind: NotifyKind,
    url: SecretString,
    client: reqwest::Client,
}

impl Webhook {
    /// Reads and checks the URL before anything is collected: HTTPS (plain
    /// HTTP only to loopback), and no host of an audited tenant.
    pub fn from_env(
        kind: NotifyKind,
        tenant_hosts: &[String],
        extra_roots: &[reqwest::Certificate],
    ) -> anyhow::Result<Webhook> {
        let raw = std::env::var(URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| anyhow!("--notify needs the webhook URL in {URL_ENV}"))?;
        let url = Url::parse(raw.trim()).map_err(|e| anyhow!("{URL_ENV} is not a URL: {e}"))?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
        if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
            bail!("{URL_ENV} must be an https:// URL");
        }
        if tenant_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) && !loopback {
            bail!("{URL_ENV} points at an audited tenant's host {host}; notifications go only to a chat webhook");
        }
        let client = extra_roots
            .iter()
            .fold(reqwest::Client::builder(), |b, root| {
                b.add_root_certificate(root.clone())
            })
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("tenantaudit/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Webhook {
            kind,
            url: SecretString::from(url.to_string()),
            client,
        })
    }

    /// Posts the message when there is something new. A failure is reported
    /// on stderr but does not change the run's outcome: the reports are written.
    pub fn send(&self, report: &Report, new: &[&Change], scores: &[&ScoreChange]) {
        let Some(message) = Message::of(report, new, scores) else {
            tracing::info!("nothing new since the previous run: no notification");
            return;
        };
        let body = match self.kind {
            NotifyKind::Slack => message.slack(),
            NotifyKind::Teams => message.teams(),
        };
        let post = self
            .client
            .post(self.url.expose_secret())
            .json(&body)
            .send();
        let result = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let response = post.await?;
                response.error_for_status().map(|_| ())
            })
        });
        if let Err(e) = result {
            // reqwest's text names the URL, whose path is the webhook's secret.
            let what = e
                .status()
                .map(|s| format!("answered {s}"))
                .unwrap_or_else(|| "could not be reached".into());
            tracing::error!("notification not delivered: the webhook {what}");
        }
    }
}

/// What a message says, before it is shaped for Slack or Teams. Tenant
/// values (names, messages) are escaped by each shape.
struct Message {
    title: String,
    scores: Vec<String>,
    failures: Vec<(Change, String)>,
}

impl Message {
    fn of(report: &Report, new: &[&Change], scores: &[&ScoreChange]) -> Option<Message> {
        let name = |tenant_id: &str| {
            report
                .tenants
                .iter()
                .find(|t| t.tenant_id == tenant_id)
                .map(|t| t.display_name.clone())
                .unwrap_or_else(|| tenant_id.to_string())
        };
        let failures: Vec<_> = new
            .iter()
            .map(|c| ((*c).clone(), name(&c.tenant_id)))
            .collect();
        let scores: Vec<_> = scores
            .iter()
            .filter_map(|s| match (s.before, s.after) {
                (Some(before), Some(after)) if (before - after).abs() >= 0.05 => Some(format!(
                    "{}: {before:.1}% → {after:.1}% ({:+.1})",
                    name(&s.tenant_id),
                    after - before
                )),
                _ => None,
            })
            .collect();
        if failures.is_empty() && scores.is_empty() {
            return None;
        }
        Some(Message {
            title: format!(
                "tenantaudit run {}: {} newly failing since the previous run",
                report.run.id,
                failures.len()
            ),
            scores,
            failures,
        })
    }

    /// Lines with tenant values passed through `escape`.
    fn lines(&self, escape: fn(&str) -> String) -> Vec<String> {
        let mut lines = vec![escape(&self.title)];
        if !self.scores.is_empty() {
            lines.push("Score changes:".into());
            lines.extend(self.scores.iter().map(|s| format!("• {}", escape(s))));
        }
        if !self.failures.is_empty() {
            lines.push("Newly failing:".into());
            for (change, tenant) in self.failures.iter().take(MAX_LISTED) {
                lines.push(format!(
                    "• {} {} ({}, {}): {}",
                    change.after.as_deref().unwrap_or("fail").to_uppercase(),
                    escape(&change.check_id),
                    escape(&change.severity),
                    escape(tenant),
                    escape(&change.message)
                ));
                for object in change.added.iter().take(MAX_OBJECTS) {
                    lines.push(format!(
                        "    + {} ({})",
                        escape(&object.display_name),
                        escape(&object.reason)
                    ));
                }
                if change.added.len() > MAX_OBJECTS {
                    lines.push(format!(
                        "    + {} more objects",
                        change.added.len() - MAX_OBJECTS
                    ));
                }
            }
            if self.failures.len() > MAX_LISTED {
                lines.push(format!("… and {} more", self.failures.len() - MAX_LISTED));
            }
        }
        lines
    }

    fn slack(&self) -> serde_json::Value {
        serde_json::json!({ "text": self.lines(slack_escape).join("\n") })
    }

    fn teams(&self) -> serde_json::Value {
        let body: Vec<_> = self
            .lines(tenantaudit_report::markdown::text)
            .into_iter()
            .map(|line| serde_json::json!({"type": "TextBlock", "text": line, "wrap": true}))
            .collect();
        serde_json::json!({
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": null,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                },
            }],
        })
    }
}

/// Slack's control characters: with them escaped no mention (`<!channel>`,
/// `<@U…>`) or link (`<url|text>`) comes out of a tenant value.
fn slack_escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::slack_escape;

    #[test]
    fn slack_values_are_inert() {
        assert_eq!(
            slack_escape("<!channel> <https://x|y> a&b"),
            "&lt;!channel&gt; &lt;https://x|y&gt; a&amp;b"
        );
    }
}
