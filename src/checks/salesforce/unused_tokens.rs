//! SF-APP-04: unused OAuth tokens.

use super::{section, usernames};
use crate::checks::{all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const TOKENS: &str = "oauth_tokens";

check_meta! {
    id: "SF-APP-04",
    title: "No OAuth token has gone unused for long",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[TOKENS],
    references: &["SBS-OAUTH"],
    rationale: "A token nobody uses is standing access with no business reason, and a forgotten one is the first a thief tries.",
    logic: "Every `OauthToken` must have a `LastUsedDate` within `days` of the collection time; a token never used counts once its `CreatedDate` is older than that, and one without either date counts (fail closed).",
    remediation: "Revoke the named tokens (Setup → Connected Apps OAuth Usage), and set a refresh token policy that expires unused tokens (SF-APP-02).",
    params: &[ParamSpec { name: "days", doc: "days without use after which a token is stale", default: ParamDefault::Int(90) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let tokens = need(sf.oauth_tokens.as_ref(), TOKENS, "tokens")?;
    let days = ctx.params.int("days");
    let cutoff = ctx.now - chrono::Duration::days(days);
    let mut unused = Vec::new();
    for token in tokens {
        let reason = match (token.last_used_date, token.created_date) {
            (Some(last), _) if last < cutoff => format!("last used {}", last.format("%Y-%m-%d")),
            (Some(_), _) => continue,
            (None, Some(created)) if created < cutoff => {
                format!("never used; issued {}", created.format("%Y-%m-%d"))
            }
            (None, Some(_)) => continue,
            (None, None) => "no use or issue date reported".to_string(),
        };
        unused.push((token, reason));
    }
    let mut outcome = Outcome::verdict(
        !unused.is_empty(),
        format!(
            "{} used within {days} days",
            all(tokens.len(), "OAuth token was", "OAuth tokens were")
        ),
        format!(
            "{} of {} unused for {days} days",
            unused.len(),
            plural(tokens.len(), "OAuth token", "OAuth tokens")
        ),
    )
    .evidence(TOKENS, "$[*].LastUsedDate", unused.len());
    let names = usernames(sf);
    for (token, reason) in unused {
        let holder = names
            .get(token.user_id.as_str())
            .copied()
            .unwrap_or(&token.user_id);
        outcome = outcome.affected(
            token.key(),
            token
                .app_name
                .clone()
                .unwrap_or_else(|| "unknown app".into()),
            format!("{reason}; held by {holder}"),
        );
    }
    Ok(outcome)
}
