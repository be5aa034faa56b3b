//! Checks written once on the common model, run for every provider.

pub mod dormant_accounts;
