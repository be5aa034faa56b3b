//! Counted nouns in messages: "1 policy", "2 policies", never "1 policy(ies)".
//! Messages reach management; every check counts with these.

/// `n` and the noun that agrees with it: `plural(1, "app", "apps")` is "1 app".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", agree(n, one, many))
}

/// The word that agrees with `n`, without the number: a verb such as
/// `agree(n, "holds", "hold")`.
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The whole of `n` things: "all 3 admins", "the only admin".
pub fn all(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("the only {one}")
    } else {
        format!("all {n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many() {
        assert_eq!(plural(0, "policy", "policies"), "0 policies");
        assert_eq!(plural(1, "policy", "policies"), "1 policy");
        assert_eq!(plural(2, "app", "apps"), "2 apps");
        assert_eq!(agree(1, "holds", "hold"), "holds");
        assert_eq!(agree(3, "holds", "hold"), "hold");
        assert_eq!(all(1, "admin", "admins"), "the only admin");
        assert_eq!(all(4, "admin", "admins"), "all 4 admins");
    }
}
