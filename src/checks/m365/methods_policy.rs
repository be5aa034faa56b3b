//! Reading the authentication methods policy.

use crate::checks::{need, Context, Missing};
use tenantaudit_connector::snapshot::m365::{
    AuthenticationMethodConfiguration, AuthenticationMethodsPolicy,
};

pub const COLLECTION: &str = "authentication_methods_policy";

pub fn policy<'a>(ctx: &Context<'a>) -> Result<&'a AuthenticationMethodsPolicy, Missing> {
    need(
        super::section(ctx.snapshot)?
            .authentication_methods_policy
            .as_ref(),
        COLLECTION,
        "policy",
    )
}

/// One method's configuration (ids are `Sms`, `Voice`, `Email`, ...).
pub fn method<'a>(
    ctx: &Context<'a>,
    id: &str,
) -> Result<&'a AuthenticationMethodConfiguration, Missing> {
    need(
        policy(ctx)?
            .authentication_method_configurations
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id)),
        COLLECTION,
        &format!("authenticationMethodConfigurations {id}"),
    )
}
