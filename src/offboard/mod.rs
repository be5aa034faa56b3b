//! Offboarding reviews: for people who left, everything they still hold in
//! every configured tenant, with evidence and the action that removes it.
//!
//! - [`person`]: who left (command line or HR leavers CSV);
//! - [`matching`]: the person ↔ account rule, shared with COM-ID-03;
//! - [`m365`], [`salesforce`]: residual-access items per provider;
//! - [`mailboxes`]: mailbox forwarding from an Exchange export;
//! - [`review`]: the result model (`tenantaudit.offboard/v1`);
//! - [`render`]: table, JSON, CSV and Markdown checklist.

pub mod m365;
pub mod mailboxes;
pub mod matching;
pub mod person;
pub mod render;
pub mod review;
pub mod salesforce;
