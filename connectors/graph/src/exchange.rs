//! Exchange Online admin API: the REST endpoint the Exchange Online PowerShell
//! module (v3) calls. One endpoint, `POST {base}/adminapi/beta/{tenant}/InvokeCommand`,
//! runs one cmdlet given as `{"CmdletInput": {"CmdletName", "Parameters"}}`
//! and answers an OData list (`value`, `@odata.nextLink`; a next page is the
//! same POST to the next link). The read-only guard lets only `Get-*` cmdlets
//! on its allow-list through.
//!
//! Microsoft documents the cmdlets and the module, not this endpoint; the
//! request and answer shapes follow what the module sends and receives
//! (`X-ResponseFormat: json` gives plain JSON objects with the cmdlets'
//! property names).

use serde::de::DeserializeOwned;
use tenantaudit_connector::auth::TokenSource;
use tenantaudit_connector::collect::{failed_record, Collected, Collector, Spec};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::{CollectError, ErrorKind};
use url::Url;

/// What every cmdlet needs: the application permission and a read-only role.
pub const PERMISSION: &str = "Exchange.ManageAsApp (application permission of Office 365 Exchange Online, admin-consented) and the Global Reader role assigned to the app";

pub const ORGANIZATION_CONFIG: Spec = Spec {
    name: "exchange_organization_config",
    permission: PERMISSION,
};
pub const ADMIN_AUDIT_LOG_CONFIG: Spec = Spec {
    name: "exchange_admin_audit_log_config",
    permission: PERMISSION,
};
pub const REMOTE_DOMAINS: Spec = Spec {
    name: "exchange_remote_domains",
    permission: PERMISSION,
};
pub const SHARING_POLICIES: Spec = Spec {
    name: "exchange_sharing_policies",
    permission: PERMISSION,
};

/// Customer Key: the data encryption policies of Exchange Online mailboxes.
pub const DATA_ENCRYPTION_POLICIES: Spec = Spec {
    name: "exchange_data_encryption_policies",
    permission: PERMISSION,
};

/// The audit collections and the cmdlet each runs.
pub const COLLECTIONS: [(Spec, &str); 5] = [
    (ORGANIZATION_CONFIG, "Get-OrganizationConfig"),
    (ADMIN_AUDIT_LOG_CONFIG, "Get-AdminAuditLogConfig"),
    (REMOTE_DOMAINS, "Get-RemoteDomain"),
    (SHARING_POLICIES, "Get-SharingPolicy"),
    (DATA_ENCRYPTION_POLICIES, "Get-DataEncryptionPolicy"),
];

/// What enables the source, for the records of a tenant without it.
pub const NOT_CONFIGURED: &str = "not configured: set exchange_admin = \"https://outlook.office365.com\" under [tenant.endpoints] (needs Exchange.ManageAsApp and the Global Reader role)";

/// The Exchange Online admin API of one tenant, with its own token (resource
/// `{base}`, e.g. `https://outlook.office365.com`).
pub struct ExchangeAdmin {
    /// `https://outlook.office365.com`, a national cloud's host, or the simulator.
    pub base: Url,
    pub token: TokenSource,
    /// The tenant's client, bound to `base`: this token goes nowhere else.
    pub http: HttpClient,
}

impl ExchangeAdmin {
    fn invoke_url(&self, tenant_id: &str) -> Url {
        let base = self.base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/adminapi/beta/{tenant_id}/InvokeCommand"))
            .expect("valid Exchange URL")
    }

    /// Runs one read-only cmdlet, every page.
    pub async fn cmdlet<T: DeserializeOwned>(
        &self,
        c: &Collector<'_>,
        tenant_id: &str,
        spec: Spec,
        cmdlet: &str,
        parameters: serde_json::Value,
    ) -> Collected<Vec<T>> {
        let exchange = Collector {
            http: &self.http,
            token: &self.token,
            ..*c
        };
        let body = serde_json::json!({
            "CmdletInput": {"CmdletName": cmdlet, "Parameters": parameters}
        });
        let headers = [
            ("X-ResponseFormat", "json".to_string()),
            ("Prefer", "odata.maxpagesize=1000".to_string()),
        ];
        let mut collected = exchange
            .post_list(spec, self.invoke_url(tenant_id), &body, &headers)
            .await;
        name_the_role(&mut collected.record);
        // One endpoint runs every cmdlet: the record names which.
        for endpoint in &mut collected.record.endpoints {
            endpoint.push(' ');
            endpoint.push_str(cmdlet);
        }
        collected
    }
}

/// Exchange answers a missing role with 401 ("… is not allowed to call
/// Get-…") and a missing permission with 401 or 403: either way the fix is
/// the permission and the role, not the credentials.
fn name_the_role(record: &mut tenantaudit_connector::snapshot::CollectionRecord) {
    if let Some(error) = record.error.as_mut() {
        if matches!(error.kind, ErrorKind::Auth | ErrorKind::Forbidden) {
            error.fix = format!("grant the app {PERMISSION}");
        }
    }
}

/// A cmdlet that describes one object (`Get-OrganizationConfig`): exactly
/// one item, else the answer is malformed.
pub fn single<T>(spec: Spec, mut list: Collected<Vec<T>>) -> Collected<T> {
    match list.data.take().map(|mut items| (items.len(), items.pop())) {
        Some((1, Some(item))) => Collected {
            record: list.record,
            data: Some(item),
        },
        Some((count, _)) => {
            let endpoint = list.record.endpoints.first().cloned().unwrap_or_default();
            let error = CollectError::new(
                ErrorKind::Malformed,
                format!(
                    "{} answered {count} objects where one was expected",
                    spec.name
                ),
            );
            Collected {
                record: failed_record(spec, endpoint, &error),
                data: None,
            }
        }
        None => Collected {
            record: list.record,
            data: None,
        },
    }
}

/// One mailbox's forwarding, for offboarding (`Get-Mailbox -Identity`).
pub const MAILBOX: Spec = Spec {
    name: "mailbox",
    permission: PERMISSION,
};
/// One mailbox's inbox rules (`Get-InboxRule -Mailbox`).
pub const INBOX_RULES: Spec = Spec {
    name: "inbox_rules",
    permission: PERMISSION,
};

/// `Get-Mailbox` output: who the mailbox is, and where it forwards.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Mailbox {
    /// The Entra object id of the mailbox's user.
    pub external_directory_object_id: Option<String>,
    pub user_principal_name: Option<String>,
    /// `smtp:address@example.com` set by the user or an admin.
    pub forwarding_smtp_address: Option<String>,
    /// A recipient in the directory, set by an admin.
    pub forwarding_address: Option<String>,
    pub deliver_to_mailbox_and_forward: Option<bool>,
}

/// `Get-InboxRule` output: the forwarding actions of one rule.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InboxRule {
    pub name: Option<String>,
    pub identity: Option<String>,
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "crate::person::null_as_empty")]
    pub forward_to: Vec<String>,
    #[serde(default, deserialize_with = "crate::person::null_as_empty")]
    pub forward_as_attachment_to: Vec<String>,
    #[serde(default, deserialize_with = "crate::person::null_as_empty")]
    pub redirect_to: Vec<String>,
}

impl InboxRule {
    /// Every recipient the rule sends mail on to.
    pub fn recipients(&self) -> Vec<&str> {
        self.forward_to
            .iter()
            .chain(&self.forward_as_attachment_to)
            .chain(&self.redirect_to)
            .map(String::as_str)
            .collect()
    }
}

/// One account's mailbox and, when it has one, its inbox rules.
pub struct MailboxState {
    pub mailbox: Collected<Vec<Mailbox>>,
    pub rules: Option<Collected<Vec<InboxRule>>>,
}

impl MailboxState {
    /// Exchange answered that no mailbox has this identity (the cmdlet's
    /// `ManagementObjectNotFoundException`): the account has no mailbox.
    pub fn no_mailbox(&self) -> bool {
        self.mailbox.record.error.as_ref().is_some_and(|e| {
            e.kind == ErrorKind::NotFound && e.message.contains("ManagementObjectNotFoundException")
        })
    }
}

impl ExchangeAdmin {
    /// The mailbox of `upn` and its inbox rules (read only when it exists).
    pub async fn mailbox_state(
        &self,
        c: &Collector<'_>,
        tenant_id: &str,
        upn: &str,
    ) -> MailboxState {
        let mailbox: Collected<Vec<Mailbox>> = self
            .cmdlet(
                c,
                tenant_id,
                MAILBOX,
                "Get-Mailbox",
                serde_json::json!({"Identity": upn}),
            )
            .await;
        let rules = match mailbox.data.as_deref() {
            Some([_]) => Some(
                self.cmdlet(
                    c,
                    tenant_id,
                    INBOX_RULES,
                    "Get-InboxRule",
                    serde_json::json!({"Mailbox": upn}),
                )
                .await,
            ),
            _ => None,
        };
        MailboxState { mailbox, rules }
    }
}
