//! Entra built-in role template ids (stable across tenants; Microsoft Learn,
//! "Microsoft Entra built-in roles").

pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
