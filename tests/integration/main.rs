//! The one integration-test binary: the real `tenantaudit` against the
//! in-process simulator.

mod admin_sources;
mod auth;
mod bad_input;
mod checks_common;
mod checks_eidsca;
mod checks_m365;
mod checks_salesforce;
mod cli;
mod compliance;
mod docs;
mod encryption_keys;
mod evidence;
mod faults;
mod hostile;
mod http;
mod network;
mod notify;
mod offboard;
mod profile;
mod progress;
mod readme;
mod reports;
mod runs;
mod schedule;
mod scope;
mod secretless;
mod secrets;
mod support;
mod unattended;
mod verdicts;
