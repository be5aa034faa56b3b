//! M365-MFA-03: phishing-resistant MFA for all users.

use super::conditional_access::{Target, COLLECTION};
use super::licence::SKUS;
use super::phishing_resistant;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-03",
    title: "All users must use phishing-resistant MFA",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Medium,
    needs: &[COLLECTION, SKUS],
    references: &["MS.AAD.3.1v1"],
    rationale: "Any user's session can be stolen by an adversary-in-the-middle page unless their sign-in method is bound to the real site.",
    logic: "Passes when an enabled conditional-access policy for all users and all cloud apps, excluding only the approved exclusions, requires an authentication strength whose every allowed combination is `fido2`, `windowsHelloForBusiness` or `x509CertificateMultiFactor`. The same rule as M365-MFA-02, for everyone: a strength counts only when every allowed combination is phishing-resistant. Licence: only conditional access can do this, so without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it, in `subscribedSkus`) the check is not applicable, naming the licence. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they accept any MFA method), so they do not change the verdict.",
    remediation: "Roll out FIDO2 keys, passkeys or Windows Hello to everyone, then require the Phishing-resistant MFA authentication strength for all users and all cloud apps in conditional access.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    phishing_resistant::verdict(
        ctx,
        &Target::AllUsers,
        "phishing-resistant MFA for all users",
    )
}
