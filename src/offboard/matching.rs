//! Matching a person to accounts: the one rule offboarding and COM-ID-03
//! share, so that a person is the same person in both.
//!
//! A person is known by keys (UPN, e-mail, federation identifier, aliases);
//! an account by identifiers (its login, its e-mail addresses, its federation
//! identifier). Any key equal to any identifier, ignoring case and
//! surrounding spaces, is a match, and the match records which key and which
//! identifier met, so a reviewer can judge a surprising one. Entra's
//! `onPremisesImmutableId` is not an identifier: it is a base64 anchor, never
//! an address, and would only match by accident.

use serde::Serialize;

/// Which of the person's keys matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    Upn,
    Email,
    FederationId,
    Alias,
}

impl Key {
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Upn => "upn",
            Key::Email => "email",
            Key::FederationId => "federation_id",
            Key::Alias => "alias",
        }
    }
}

/// One key that met one identifier of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Matched {
    pub key: Key,
    /// The account field it met (`userPrincipalName`, `mail`, `Username`, …).
    pub field: &'static str,
    pub value: String,
}

/// The keys a person is known by.
#[derive(Debug, Clone, Default)]
pub struct Keys<'a>(pub Vec<(Key, &'a str)>);

/// An account's identifiers, each with the API field it came from.
#[derive(Debug, Clone, Default)]
pub struct Identifiers<'a>(pub Vec<(&'static str, &'a str)>);

/// The form keys and identifiers are compared in.
fn normal(value: &str) -> String {
    value.trim().to_ascii_lowercase()
}

/// Every (key, identifier) pair that matches; empty when the account is not
/// the person's.
pub fn matches(keys: &Keys, account: &Identifiers) -> Vec<Matched> {
    let mut found = Vec::new();
    for &(key, wanted) in &keys.0 {
        let wanted = normal(wanted);
        if wanted.is_empty() {
            continue;
        }
        for &(field, value) in &account.0 {
            if normal(value) == wanted {
                let m = Matched {
                    key,
                    field,
                    value: value.trim().to_string(),
                };
                if !found.contains(&m) {
                    found.push(m);
                }
            }
        }
    }
    found
}

/// Many people's keys, indexed, for matching every account of a tenant
/// against every person of another without comparing each pair; the same
/// rule as [`matches`].
pub struct Index<'a, T> {
    by_key: std::collections::HashMap<String, Vec<(Key, &'a T)>>,
}

impl<'a, T> Index<'a, T> {
    pub fn new(people: impl IntoIterator<Item = (Keys<'a>, &'a T)>) -> Index<'a, T> {
        let mut by_key: std::collections::HashMap<String, Vec<(Key, &'a T)>> = Default::default();
        for (keys, person) in people {
            for (key, value) in keys.0 {
                let value = normal(value);
                if !value.is_empty() {
                    by_key.entry(value).or_default().push((key, person));
                }
            }
        }
        Index { by_key }
    }

    /// Every person the account matches, with how.
    pub fn lookup(&self, account: &Identifiers) -> Vec<(&'a T, Matched)> {
        let mut found = Vec::new();
        for &(field, value) in &account.0 {
            for &(key, person) in self.by_key.get(&normal(value)).into_iter().flatten() {
                found.push((
                    person,
                    Matched {
                        key,
                        field,
                        value: value.trim().to_string(),
                    },
                ));
            }
        }
        found
    }
}

/// The domain of an address-like identifier, lower-cased.
pub fn domain(identifier: &str) -> Option<String> {
    identifier
        .trim()
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .filter(|d| !d.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_key_meets_any_identifier_ignoring_case() {
        let keys = Keys(vec![
            (Key::Email, "Walter.Finch@contoso.com"),
            (Key::Alias, "wfinch@contoso.com"),
        ]);
        let account = Identifiers(vec![
            ("Username", "walter.finch@acme-corp.com"),
            ("FederationIdentifier", "walter.finch@contoso.com "),
        ]);
        let found = matches(&keys, &account);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, Key::Email);
        assert_eq!(found[0].field, "FederationIdentifier");
        assert!(matches(&Keys(vec![(Key::Upn, " ")]), &account).is_empty());
    }

    #[test]
    fn domains_are_lower_cased() {
        assert_eq!(domain("a@Contoso.COM").as_deref(), Some("contoso.com"));
        assert_eq!(domain("no-at-sign"), None);
    }
}
