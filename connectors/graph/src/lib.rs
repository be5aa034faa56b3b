//! tenantaudit-graph: collects a Microsoft 365 tenant through Microsoft Graph.

mod admin_sources;
mod admins;
mod collections;
pub mod exchange;
mod grants;
mod group_members;
pub mod licences;
pub mod person;
mod principals;
pub mod roles;
pub mod sharepoint_admin;

use collections::*;
use std::collections::BTreeMap;
use tenantaudit_connector::auth::TokenSource;
use tenantaudit_connector::collect::{blocked_by, Collected, Collector, Paging, Progress, Spec};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::{
    m365::{self, M365Section},
    CollectionStatus, CommonModel, ProviderSection, Snapshot, TenantIdentity, SNAPSHOT_SCHEMA,
};
use tenantaudit_connector::{Connector, Provider};
use url::Url;

pub use admin_sources::permissions as admin_source_permissions;
pub use collections::permissions;

pub struct GraphConnector {
    /// The tenant's label in the configuration.
    pub label: String,
    pub tenant_id: String,
    /// `https://graph.microsoft.com` (or a national cloud, or the simulator).
    pub graph_base: Url,
    pub http: HttpClient,
    pub token: TokenSource,
    /// The Exchange Online admin API, when configured (boxed: most tenants
    /// have none, and each holds a token source).
    pub exchange: Option<Box<exchange::ExchangeAdmin>>,
    /// The SharePoint admin REST API, when configured.
    pub sharepoint_admin: Option<Box<sharepoint_admin::SharepointAdmin>>,
    /// Stamps the snapshot's start and end.
    pub clock: tenantaudit_connector::Clock,
}

impl GraphConnector {
    fn url(&self, path_and_query: &str) -> Url {
        self.versioned_url("v1.0", path_and_query)
    }

    /// For what Graph documents in beta only.
    fn beta_url(&self, path_and_query: &str) -> Url {
        self.versioned_url("beta", path_and_query)
    }

    fn versioned_url(&self, version: &str, path_and_query: &str) -> Url {
        let base = self.graph_base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/{version}/{path_and_query}")).expect("valid Graph URL")
    }
}

impl Connector for GraphConnector {
    async fn collect(&self, progress: &dyn Progress) -> Snapshot {
        let started_at = self.clock.now();
        let collector = Collector {
            http: &self.http,
            token: &self.token,
            progress,
            tenant: &self.label,
        };
        let c = &collector;
        // Every collection starts at once, under the client's (adaptive) limit
        // on requests in flight: a large tenant's time is its longest list,
        // not the sum of stages. Only the role-group members wait, for the
        // role assignments and PIM instances that name the groups.
        let (
            (org, skus, users, registration, ca, authz, methods, defaults),
            (roles, eligibility, schedules, role_policies, members),
            (
                domains,
                group_settings,
                consent,
                app_policy,
                apps,
                sps,
                grants,
                sharepoint,
                ca_beta,
                methods_beta,
            ),
            (labels, admin),
        ) = tokio::join!(
            async {
                tokio::join!(
                    c.list::<m365::Organization>(
                        ORGANIZATION,
                        self.url(ORGANIZATION_PATH),
                        Paging::OData,
                        &[]
                    ),
                    // Licences are read once; checks of P2-only features read them.
                    c.list::<m365::SubscribedSku>(
                        SUBSCRIBED_SKUS,
                        self.url(SUBSCRIBED_SKUS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.list(USERS, self.url(&users_path()), Paging::OData, &[]),
                    c.list(
                        REGISTRATION,
                        self.url(REGISTRATION_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.list(
                        CONDITIONAL_ACCESS,
                        self.url(CONDITIONAL_ACCESS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.object(AUTHORIZATION_POLICY, self.url(AUTHORIZATION_POLICY_PATH)),
                    c.object(METHODS_POLICY, self.url(METHODS_POLICY_PATH)),
                    c.object(SECURITY_DEFAULTS, self.url(SECURITY_DEFAULTS_PATH)),
                )
            },
            async {
                // PIM is asked for whatever the SKUs say (Entra ID Governance also
                // licenses it); Graph's licence refusal makes it `not_licensed`.
                let (roles, eligibility, schedules, role_policies) = tokio::join!(
                    c.list(
                        ROLE_ASSIGNMENTS,
                        self.url(ROLE_ASSIGNMENTS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    self.pim_list(c, ROLE_ELIGIBILITY, ROLE_ELIGIBILITY_PATH),
                    self.pim_list(c, ROLE_ASSIGNMENT_SCHEDULES, ROLE_ASSIGNMENT_SCHEDULES_PATH),
                    self.pim_list(c, ROLE_POLICIES, ROLE_POLICIES_PATH),
                );
                // Which groups to read comes from the active and eligible assignments;
                // without them an empty member list would claim a completeness it lacks.
                let members = if roles.data.is_none() {
                    blocked_by(ROLE_GROUP_MEMBERS, ROLE_ASSIGNMENTS.name, &roles.record)
                } else if eligibility.record.status == CollectionStatus::Error {
                    blocked_by(
                        ROLE_GROUP_MEMBERS,
                        ROLE_ELIGIBILITY.name,
                        &eligibility.record,
                    )
                } else {
                    let groups = group_members::privileged_groups(
                        roles.data.as_deref(),
                        eligibility.data.as_deref(),
                    )
                    .into_iter()
                    .map(|id| {
                        let url = self.url(&role_group_members_path(&id));
                        (id, url)
                    })
                    .collect();
                    group_members::collect(c, ROLE_GROUP_MEMBERS, groups, self.url("groups")).await
                };
                (roles, eligibility, schedules, role_policies, members)
            },
            async {
                tokio::join!(
                    c.list(DOMAINS, self.url(DOMAINS_PATH), Paging::OData, &[]),
                    c.list(
                        GROUP_SETTINGS,
                        self.url(GROUP_SETTINGS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.object(ADMIN_CONSENT_POLICY, self.url(ADMIN_CONSENT_POLICY_PATH)),
                    c.object(APP_MANAGEMENT_POLICY, self.url(APP_MANAGEMENT_POLICY_PATH)),
                    c.list(
                        APPLICATIONS,
                        self.url(APPLICATIONS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.list(
                        SERVICE_PRINCIPALS,
                        self.url(SERVICE_PRINCIPALS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.list(
                        OAUTH2_GRANTS,
                        self.url(OAUTH2_GRANTS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.object(SHAREPOINT_SETTINGS, self.url(SHAREPOINT_SETTINGS_PATH)),
                    c.list(
                        CONDITIONAL_ACCESS_BETA,
                        self.beta_url(CONDITIONAL_ACCESS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    c.object(METHODS_POLICY_BETA, self.beta_url(METHODS_POLICY_PATH)),
                )
            },
            async {
                tokio::join!(
                    c.list(
                        SENSITIVITY_LABELS,
                        self.url(SENSITIVITY_LABELS_PATH),
                        Paging::OData,
                        &[]
                    ),
                    admin_sources::collect(self, c),
                )
            },
        );
        // Admin assignments leave out what could not be read: then there are none.
        let admins_complete = ![&eligibility.record, &members.record]
            .iter()
            .any(|r| r.status == CollectionStatus::Error);
        let mut records = BTreeMap::new();
        let mut keep = |name: &str, record| {
            records.insert(name.to_string(), record);
        };
        keep(ORGANIZATION.name, org.record);
        keep(SUBSCRIBED_SKUS.name, skus.record);
        // Sign-in activity and the registration report need Entra ID P1;
        // Graph answers a tenant without it with a licence-specific 403.
        keep(
            USERS.name,
            licences::licence_refusal(users.record, licences::NON_PREMIUM, licences::P1_LICENCE),
        );
        keep(
            REGISTRATION.name,
            licences::licence_refusal(
                registration.record,
                licences::NON_PREMIUM,
                licences::P1_LICENCE,
            ),
        );
        keep(CONDITIONAL_ACCESS.name, ca.record);
        keep(CONDITIONAL_ACCESS_BETA.name, ca_beta.record);
        keep(AUTHORIZATION_POLICY.name, authz.record);
        keep(METHODS_POLICY.name, methods.record);
        keep(METHODS_POLICY_BETA.name, methods_beta.record);
        keep(SECURITY_DEFAULTS.name, defaults.record);
        keep(ROLE_ASSIGNMENTS.name, roles.record);
        keep(ROLE_ELIGIBILITY.name, eligibility.record);
        keep(ROLE_GROUP_MEMBERS.name, members.record);
        keep(ROLE_ASSIGNMENT_SCHEDULES.name, schedules.record);
        keep(ROLE_POLICIES.name, role_policies.record);
        keep(DOMAINS.name, domains.record);
        keep(GROUP_SETTINGS.name, group_settings.record);
        keep(ADMIN_CONSENT_POLICY.name, consent.record);
        keep(APP_MANAGEMENT_POLICY.name, app_policy.record);
        keep(APPLICATIONS.name, apps.record);
        keep(SERVICE_PRINCIPALS.name, sps.record);
        keep(OAUTH2_GRANTS.name, grants.record);
        keep(SHAREPOINT_SETTINGS.name, sharepoint.record);
        keep(SENSITIVITY_LABELS.name, labels.record);
        for record in admin.records {
            keep(record.0, record.1);
        }
        // No documented API: always `skipped`; M365-LOG-03 reads the SKUs for P2.
        keep(
            IDENTITY_PROTECTION_NOTIFICATIONS.name,
            licences::skipped(IDENTITY_PROTECTION_NOTIFICATIONS),
        );

        let organization = org.data.and_then(|mut orgs| orgs.pop());
        let tenant = TenantIdentity {
            provider: Provider::M365,
            tenant_id: self.tenant_id.clone(),
            domain: organization
                .as_ref()
                .and_then(|o| {
                    o.verified_domains
                        .iter()
                        .find(|d| d.is_default == Some(true))
                })
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            display_name: organization
                .as_ref()
                .and_then(|o| o.display_name.clone())
                .unwrap_or_else(|| self.label.clone()),
            label: self.label.clone(),
        };
        let common = CommonModel {
            principals: users
                .data
                .as_deref()
                .map(|u| principals::from_users(u, registration.data.as_deref())),
            // Eligible assignments join when PIM was read (none when it is not
            // licensed); if PIM or group members failed, there are none at all.
            admin_assignments: roles.data.as_deref().filter(|_| admins_complete).map(|r| {
                admins::from_roles(r, eligibility.data.as_deref(), members.data.as_deref())
            }),
            oauth_grants: grants
                .data
                .as_deref()
                .map(|g| grants::from_grants(g, sps.data.as_deref())),
        };
        let section = M365Section {
            organization,
            subscribed_skus: skus.data,
            users: users.data,
            user_registration_details: registration.data,
            conditional_access_policies: ca.data,
            conditional_access_policies_beta: ca_beta.data,
            authorization_policy: authz.data,
            authentication_methods_policy: methods.data,
            authentication_methods_policy_beta: methods_beta.data,
            security_defaults: defaults.data,
            role_assignments: roles.data,
            role_eligibility_schedule_instances: eligibility.data,
            role_group_members: members.data,
            role_assignment_schedule_instances: schedules.data,
            role_management_policy_assignments: role_policies.data,
            domains: domains.data,
            group_settings: group_settings.data,
            admin_consent_request_policy: consent.data,
            default_app_management_policy: app_policy.data,
            applications: apps.data,
            service_principals: sps.data,
            oauth2_permission_grants: grants.data,
            sharepoint_settings: sharepoint.data,
            sensitivity_labels: labels.data,
            exchange_organization_config: admin.organization_config,
            exchange_admin_audit_log_config: admin.admin_audit_log_config,
            exchange_remote_domains: admin.remote_domains,
            exchange_sharing_policies: admin.sharing_policies,
            exchange_data_encryption_policies: admin.data_encryption_policies,
            sharepoint_tenant: admin.sharepoint_tenant,
        };
        Snapshot {
            schema: SNAPSHOT_SCHEMA.to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            tenant,
            started_at,
            finished_at: self.clock.now(),
            collections: records,
            common,
            approved_exclusions: Default::default(),
            provider: ProviderSection::M365(Box::new(section)),
        }
    }
}

impl GraphConnector {
    /// A PIM list: `not_licensed` when Graph refuses it for want of a licence.
    async fn pim_list<T: serde::de::DeserializeOwned>(
        &self,
        c: &Collector<'_>,
        spec: Spec,
        path: &str,
    ) -> Collected<Vec<T>> {
        let mut collected = c.list(spec, self.url(path), Paging::OData, &[]).await;
        collected.record = licences::licence_refusal(
            collected.record,
            licences::PIM_UNLICENSED,
            licences::PIM_LICENCE,
        );
        collected
    }
}
