//! SF-APP-07: named credentials and remote sites point only to approved hosts.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const CREDENTIALS: &str = "named_credentials";
const SITES: &str = "remote_sites";

check_meta! {
    id: "SF-APP-07",
    title: "Callouts go only to approved hosts",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[CREDENTIALS, SITES],
    references: &["SBS-INT-002", "SBS-INT-003"],
    rationale: "Named credentials and remote site settings are where Apex may send the org's data; an unknown host is an exfiltration path.",
    logic: "The host of every `NamedCredential.Endpoint` and of every active remote site (Tooling `RemoteProxy.EndpointUrl`, `IsActive` true) must be on `allow_hosts` (exact host, or `*.example.com` for its subdomains). Inactive remote sites are ignored. An endpoint that is missing or has no host is an error. An empty allow-list approves nothing.",
    remediation: "Review each named endpoint: delete what is not needed, and list the hosts the org may call in `allow_hosts`.",
    params: &[ParamSpec { name: "allow_hosts", doc: "hosts callouts may go to (`*.example.com` for subdomains)", default: ParamDefault::List(&[]) }],
}

fn approved(allow: &[String], host: &str) -> bool {
    allow.iter().any(|a| match a.strip_prefix("*.") {
        Some(domain) => host.ends_with(&format!(".{domain}")),
        None => a.eq_ignore_ascii_case(host),
    })
}

fn host_of(endpoint: &str) -> Option<String> {
    url::Url::parse(endpoint)
        .ok()?
        .host_str()
        .map(|h| h.to_ascii_lowercase())
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let credentials = need(
        sf.named_credentials.as_ref(),
        CREDENTIALS,
        "named credentials",
    )?;
    let sites = need(sf.remote_sites.as_ref(), SITES, "remote sites")?;
    let allow = ctx.params.list("allow_hosts");
    let mut endpoints = Vec::new();
    for c in credentials {
        let endpoint = need(
            c.endpoint.as_deref(),
            CREDENTIALS,
            &format!("Endpoint of {}", c.developer_name),
        )?;
        endpoints.push((
            c.id.as_str(),
            format!("named credential {}", c.developer_name),
            endpoint,
            CREDENTIALS,
        ));
    }
    for s in sites {
        if need(
            s.is_active.as_ref(),
            SITES,
            &format!("IsActive of {}", s.site_name),
        )? == &false
        {
            continue;
        }
        let endpoint = need(
            s.endpoint_url.as_deref(),
            SITES,
            &format!("EndpointUrl of {}", s.site_name),
        )?;
        endpoints.push((
            s.id.as_str(),
            format!("remote site {}", s.site_name),
            endpoint,
            SITES,
        ));
    }
    let mut outside = Vec::new();
    for (id, name, endpoint, collection) in &endpoints {
        let host = need(
            host_of(endpoint).as_ref(),
            collection,
            &format!("a host in {endpoint:?}"),
        )?
        .clone();
        if !approved(allow, &host) {
            outside.push((
                *id,
                name.clone(),
                format!("{host} is not on allow_hosts ({endpoint})"),
            ));
        }
    }
    let mut outcome = Outcome::verdict(
        !outside.is_empty(),
        format!(
            "{} on allow_hosts",
            all(
                endpoints.len(),
                "callout endpoint is",
                "callout endpoints are"
            )
        ),
        format!(
            "{} of {} {} not on allow_hosts",
            outside.len(),
            plural(endpoints.len(), "callout endpoint", "callout endpoints"),
            agree(outside.len(), "is", "are")
        ),
    )
    .evidence(CREDENTIALS, "$[*].Endpoint", credentials.len())
    .evidence(SITES, "$[?(@.IsActive==true)].EndpointUrl", sites.len());
    for (id, name, reason) in outside {
        outcome = outcome.affected(id, name, reason);
    }
    Ok(outcome)
}
