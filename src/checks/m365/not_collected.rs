//! Checks whose evidence has no documented API (the risky-user alert
//! recipients). The connector records such collections as `skipped`; the
//! check is `manual` and says what to look at.

use crate::checks::{Context, Missing, Outcome};
use tenantaudit_connector::snapshot::CollectionStatus;

pub fn manual(ctx: &Context, collection: &str, look_at: &str) -> Result<Outcome, Missing> {
    let record = ctx.snapshot.collection(collection);
    if let Some(r) = record.filter(|r| r.status == CollectionStatus::NotLicensed) {
        let licence = r.licence.clone().unwrap_or_else(|| "a licence".into());
        return Ok(Outcome::not_applicable(
            format!("the tenant is not licensed for {collection}"),
            licence,
        ));
    }
    Ok(Outcome::manual(format!(
        "{collection} is not collected (no endpoint configured for it); review by hand: {look_at}"
    )))
}
