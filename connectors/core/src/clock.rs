//! The instant a run treats as now.
//!
//! Real time, unless `TENANTAUDIT_NOW` fixes it: a run can then be reproduced
//! exactly (its snapshots, findings and messages), and the test suite does not
//! depend on the day it runs. Token lifetimes and `Retry-After` dates always
//! use real time: they are agreed with a server, not judged.

use chrono::{DateTime, Utc};

/// The environment variable that fixes the clock, as an RFC 3339 instant.
pub const CLOCK_ENV: &str = "TENANTAUDIT_NOW";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// A clock that always answers `at`.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(at) }
    }

    /// The system clock, or the instant in `TENANTAUDIT_NOW` when it is set.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var(CLOCK_ENV) {
            Ok(value) if !value.is_empty() => DateTime::parse_from_rfc3339(value.trim())
                .map(|at| Clock::fixed(at.with_timezone(&Utc)))
                .map_err(|e| {
                    format!(
                        "{CLOCK_ENV} is not an RFC 3339 instant (e.g. 2026-11-30T12:00:00Z): {e}"
                    )
                }),
            _ => Ok(Clock::system()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_never_moves() {
        let at: DateTime<Utc> = "2027-02-28T23:59:59Z".parse().unwrap();
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.now(), at);
        assert!(clock.is_fixed());
        assert!(!Clock::system().is_fixed());
    }
}
