//! The one integration-test binary: the real `tenantaudit` against the
//! in-process simulator.

mod auth;
mod checks_common;
mod checks_m365;
mod checks_salesforce;
mod docs;
mod http;
mod runs;
mod secrets;
mod support;
