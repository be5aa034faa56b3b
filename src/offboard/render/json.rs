//! `offboard.json`: the review as it is (`tenantaudit.offboard/v1`).

use crate::offboard::review::Review;

pub fn render(review: &Review) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(review)? + "\n")
}
