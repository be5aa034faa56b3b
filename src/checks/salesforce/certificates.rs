//! SF-APP-06: certificates neither expired nor expiring soon.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const CERTIFICATES: &str = "certificates";

check_meta! {
    id: "SF-APP-06",
    title: "No certificate is expired or about to expire",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[CERTIFICATES],
    references: &["HC CertificateAndKeyManagement"],
    rationale: "An expired signing or TLS certificate breaks SSO and integrations, and rushed renewals are where keys get mishandled.",
    logic: "Every Tooling `Certificate` must have an `ExpirationDate` more than `days` after the collection date. A certificate without an expiration date is an error.",
    remediation: "Setup → Certificate and Key Management: create or upload the replacement, switch SSO and integrations to it, then delete the old one.",
    params: &[ParamSpec { name: "days", doc: "days of validity a certificate must have left", default: ParamDefault::Int(90) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let certificates = need(
        section(ctx.snapshot)?.certificates.as_ref(),
        CERTIFICATES,
        "certificates",
    )?;
    let days = ctx.params.int("days");
    let today = ctx.now.date_naive();
    let mut expiring = Vec::new();
    for certificate in certificates {
        let expires = *need(
            certificate.expiration_date.as_ref(),
            CERTIFICATES,
            &format!("ExpirationDate of {}", certificate.developer_name),
        )?;
        let left = (expires - today).num_days();
        if left < 0 {
            expiring.push((certificate, format!("expired {expires}")));
        } else if left <= days {
            expiring.push((certificate, format!("expires {expires}, in {left} days")));
        }
    }
    let mut outcome = Outcome::verdict(
        !expiring.is_empty(),
        format!(
            "{} valid for more than {days} days",
            all(certificates.len(), "certificate is", "certificates are")
        ),
        format!(
            "{} of {} {} expired or expiring within {days} days",
            expiring.len(),
            plural(certificates.len(), "certificate", "certificates"),
            agree(expiring.len(), "is", "are")
        ),
    )
    .evidence(CERTIFICATES, "$[*].ExpirationDate", expiring.len());
    for (certificate, reason) in expiring {
        let name = certificate
            .master_label
            .clone()
            .unwrap_or_else(|| certificate.developer_name.clone());
        outcome = outcome.affected(certificate.id.clone(), name, reason);
    }
    Ok(outcome)
}
