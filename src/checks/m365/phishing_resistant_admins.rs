//! M365-MFA-02: phishing-resistant MFA for privileged roles.

use super::conditional_access::{Target, COLLECTION};
use super::licence::SKUS;
use super::phishing_resistant;
use super::roles::privileged_ids;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-02",
    title: "Privileged roles must use phishing-resistant MFA",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Critical,
    needs: &[COLLECTION, SKUS],
    references: &["MS.AAD.3.6v1", "CIS 5.2.2.5"],
    rationale: "Admins are the target of adversary-in-the-middle phishing, which defeats push, SMS and OTP but not FIDO2, Windows Hello or certificates.",
    logic: "Passes when an enabled conditional-access policy includes every privileged role of the catalog (its \"Privileged roles\" list, or all users), targets all cloud apps, excludes only the approved exclusions, and requires an authentication strength whose every allowed combination is `fido2`, `windowsHelloForBusiness` or `x509CertificateMultiFactor` (not offered as an OR alternative to another grant control). Missing roles and unapproved exclusions are named. The built-in Phishing-resistant MFA strength is known by id; the built-in Multifactor and Passwordless strengths do not count; a custom strength counts when every allowed combination is phishing-resistant, and one with no combinations does not. Licence: only conditional access can do this, so without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it, in `subscribedSkus`) the check is not applicable, naming the licence. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they require MFA of admins but accept any method, phishing-resistant or not), so they do not change the verdict.",
    remediation: "Create a conditional-access policy for the privileged roles (exclude only break-glass accounts), all cloud apps, grant \"Require authentication strength: Phishing-resistant MFA\"; set it to On.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let roles = privileged_ids();
    phishing_resistant::verdict(
        ctx,
        &Target::Roles(&roles),
        "phishing-resistant MFA for privileged roles",
    )
}
