//! `offboard`: match each departing person in every configured tenant, read
//! what each matched account still holds, and report it.
//!
//! Inputs (config, leavers file, mailbox exports) are validated before any
//! request, so a bad row stops the run with nothing requested or written.
//! Tenant-wide lists are read once per tenant; per-account reads then run a
//! few people at a time, within the tenant's own request limit.

use super::audit::{connector_for, AnyConnector};
use super::ExitCode;
use crate::config::{self, TenantConfig, ValidConfig};
use crate::offboard::mailboxes::Mailboxes;
use crate::offboard::matching::{matches, Matched};
use crate::offboard::person::{read_leavers, Person};
use crate::offboard::review::{Account, Lookup, PersonResult, Review, Status, TenantResult};
use crate::offboard::{m365, render, salesforce};
use chrono::NaiveDate;
use futures::{stream, StreamExt};
use std::path::{Path, PathBuf};
use tenantaudit_connector::collect::Collected;
use tenantaudit_connector::http::HttpClient;
use tenantaudit_graph::GraphConnector;
use tenantaudit_salesforce::SalesforceConnector;

/// People reviewed at once in one tenant.
const CONCURRENT_PEOPLE: usize = 4;

pub struct Request {
    pub config: PathBuf,
    pub people: Vec<String>,
    pub leavers: Option<PathBuf>,
    pub leave_date: Option<NaiveDate>,
    pub out: Option<PathBuf>,
    pub mailboxes: Vec<PathBuf>,
    pub clock: tenantaudit_connector::Clock,
    pub quiet: bool,
}

pub async fn run(request: Request) -> anyhow::Result<ExitCode> {
    let config = config::load(&request.config)?;
    let people = match &request.leavers {
        Some(path) => read_leavers(path)?,
        None => {
            // Without a leave date, today: anything still held is residual.
            let date = request
                .leave_date
                .unwrap_or_else(|| request.clock.now().date_naive());
            request
                .people
                .iter()
                .map(|p| Person::from_argument(p, date))
                .collect::<anyhow::Result<_>>()?
        }
    };
    let mailboxes = Mailboxes::read(&request.mailboxes)?;
    let out = request.out.unwrap_or_else(|| config.out_dir.clone());
    let review = review(&config, people, mailboxes.as_ref(), request.clock).await?;
    conclude(&review, &out, request.quiet)
}

/// Reviews `people` in every tenant of `config`.
pub async fn review(
    config: &ValidConfig,
    people: Vec<Person>,
    mailboxes: Option<&Mailboxes>,
    clock: tenantaudit_connector::Clock,
) -> anyhow::Result<Review> {
    let mut by_tenant = Vec::new();
    for tenant in &config.tenants {
        let http = HttpClient::new(config.http.clone())?;
        let results = match connector_for(tenant, http, clock)? {
            AnyConnector::Graph(graph) => review_m365(&graph, &people, mailboxes).await,
            AnyConnector::Salesforce(sf) => review_salesforce(&sf, tenant, &people).await,
        };
        by_tenant.push(results);
    }
    let people = people
        .into_iter()
        .enumerate()
        .map(|(i, person)| {
            let tenants = by_tenant.iter().map(|results| results[i].clone()).collect();
            PersonResult::new(person, tenants)
        })
        .collect();
    Ok(Review::new(people, clock.now()))
}

/// Writes the review, prints its table and picks the exit code.
pub fn conclude(review: &Review, out: &Path, quiet: bool) -> anyhow::Result<ExitCode> {
    // Staged like an audit's outputs: the folder keeps the previous review
    // whole when this one cannot be written.
    super::staged(out, |dir| render::write_all(dir, review))?;
    if !quiet {
        print!("{}", render::table(review));
        println!(
            "Review written to {} (and offboard.json, offboard.csv)",
            out.join("offboard.md").display()
        );
    }
    Ok(match review.status {
        Status::Clear => ExitCode::Ok,
        Status::Residual | Status::Unknown => ExitCode::Findings,
    })
}

/// Tenant result for every person when the directory itself could not be read.
fn lookup_failed<T>(
    tenant: &str,
    provider: &str,
    read: &Collected<T>,
    people: usize,
) -> Vec<TenantResult> {
    let detail = read
        .record
        .error
        .as_ref()
        .map(|e| {
            format!(
                "{} ({}): {}; {}",
                read.record.endpoints.join(", "),
                e.kind.as_str(),
                e.message,
                e.fix
            )
        })
        .unwrap_or_else(|| format!("status {}", read.record.status.as_str()));
    vec![
        TenantResult {
            label: tenant.to_string(),
            provider: provider.to_string(),
            lookup: Lookup::Failed,
            detail: Some(detail),
            accounts: Vec::new(),
        };
        people
    ]
}

fn tenant_result(label: &str, provider: &str, accounts: Vec<Account>) -> TenantResult {
    TenantResult {
        label: label.to_string(),
        provider: provider.to_string(),
        lookup: if accounts.is_empty() {
            Lookup::NotFound
        } else {
            Lookup::Found
        },
        detail: None,
        accounts,
    }
}

async fn review_m365(
    graph: &GraphConnector,
    people: &[Person],
    mailboxes: Option<&Mailboxes>,
) -> Vec<TenantResult> {
    let label = graph.label.as_str();
    let directory = graph.directory().await;
    let Some(users) = directory.users.data.as_ref() else {
        return lookup_failed(label, "m365", &directory.users, people.len());
    };
    let directory = &directory;
    stream::iter(people.iter().map(|person| async move {
        let keys = person.keys();
        let matched: Vec<(_, Vec<Matched>)> = users
            .iter()
            .map(|u| (u, matches(&keys, &m365::identifiers(u))))
            .filter(|(_, m)| !m.is_empty())
            .collect();
        let mut accounts = Vec::new();
        for (user, matched_by) in matched {
            let (holdings, exchange) = tokio::join!(
                graph.holdings(&user.id),
                graph.mailbox_state(user.user_principal_name.as_deref().unwrap_or(&user.id)),
            );
            accounts.push(Account {
                id: user.id.clone(),
                login: user.user_principal_name.clone().unwrap_or_default(),
                display_name: user.display_name.clone().unwrap_or_default(),
                matched_by,
                items: m365::items(
                    user,
                    directory,
                    &holdings,
                    person.leave_date,
                    exchange.as_ref(),
                    mailboxes,
                ),
            });
        }
        tenant_result(label, "m365", accounts)
    }))
    .buffered(CONCURRENT_PEOPLE)
    .collect()
    .await
}

async fn review_salesforce(
    sf: &SalesforceConnector,
    tenant: &TenantConfig,
    people: &[Person],
) -> Vec<TenantResult> {
    let label = tenant.label.as_str();
    let session = match sf.session().await {
        Ok(session) => session,
        Err(error) => {
            let detail = format!(
                "sign-in failed ({}): {}",
                error.kind.as_str(),
                error.message
            );
            return people
                .iter()
                .map(|_| TenantResult {
                    label: label.to_string(),
                    provider: "salesforce".into(),
                    lookup: Lookup::Failed,
                    detail: Some(detail.clone()),
                    accounts: Vec::new(),
                })
                .collect();
        }
    };
    let org = sf.org(&session).await;
    let Some(users) = org.users.data.as_ref() else {
        return lookup_failed(label, "salesforce", &org.users, people.len());
    };
    let (org, session) = (&org, &session);
    stream::iter(people.iter().map(|person| async move {
        let keys = person.keys();
        let mut accounts = Vec::new();
        for user in users.iter().filter(|u| salesforce::is_person(u)) {
            let matched_by = matches(&keys, &salesforce::identifiers(user));
            if matched_by.is_empty() {
                continue;
            }
            let holdings = sf.holdings(session, &user.id).await;
            accounts.push(Account {
                id: user.id.clone(),
                login: user.username.clone(),
                display_name: user.name.clone().unwrap_or_default(),
                matched_by,
                items: salesforce::items(user, org, &holdings, person.leave_date),
            });
        }
        tenant_result(label, "salesforce", accounts)
    }))
    .buffered(CONCURRENT_PEOPLE)
    .collect()
    .await
}
