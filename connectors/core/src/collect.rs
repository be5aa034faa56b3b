//! From paged API answers to a collection record plus typed items.
//!
//! Items are decoded page by page into their typed form, so a collection is
//! held once in memory; the raw bytes only feed the SHA-256 of the collection.

use crate::auth::TokenSource;
use crate::http::HttpClient;
use crate::snapshot::{CollectionError, CollectionRecord, CollectionStatus};
use crate::{CollectError, ErrorKind};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use url::Url;

/// Hooks for progress display; called from concurrent collections.
pub trait Progress: Sync {
    fn started(&self, tenant: &str, collection: &str);
    /// A page of a list was read, holding `items` items.
    fn page(&self, _tenant: &str, _collection: &str, _items: usize) {}
    fn finished(&self, tenant: &str, collection: &str, record: &CollectionRecord);
}

/// No progress display (tests, `--quiet`).
pub struct NoProgress;

impl Progress for NoProgress {
    fn started(&self, _: &str, _: &str) {}
    fn finished(&self, _: &str, _: &str, _: &CollectionRecord) {}
}

/// A collection's name and the least-privileged permission it needs.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub permission: &'static str,
}

/// How a list endpoint pages.
#[derive(Debug, Clone, Copy)]
pub enum Paging {
    /// Graph: `value` plus `@odata.nextLink` (absolute).
    OData,
    /// Salesforce SOQL: `records`, `done` and `nextRecordsUrl` (relative).
    Soql,
}

/// The outcome of one collection.
pub struct Collected<T> {
    pub record: CollectionRecord,
    pub data: Option<T>,
}

pub struct Collector<'a> {
    pub http: &'a HttpClient,
    pub token: &'a TokenSource,
    pub progress: &'a dyn Progress,
    /// Tenant label, for progress only.
    pub tenant: &'a str,
}

#[derive(Deserialize)]
struct ODataPage<T> {
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SoqlPage<T> {
    records: Vec<T>,
    done: bool,
    next_records_url: Option<String>,
}

/// Guards against endless paging: a next link seen before, or an absurd count.
const MAX_PAGES: u32 = 200_000;

impl Collector<'_> {
    /// Every page of a list endpoint.
    pub async fn list<T: DeserializeOwned>(
        &self,
        spec: Spec,
        first: Url,
        paging: Paging,
        headers: &[(&'static str, String)],
    ) -> Collected<Vec<T>> {
        self.read_list(spec, first, paging, headers, None).await
    }

    /// Every page of a list read by POSTing `body` (Exchange `InvokeCommand`):
    /// OData paging, each next link POSTed again with the same body.
    pub async fn post_list<T: DeserializeOwned>(
        &self,
        spec: Spec,
        first: Url,
        body: &serde_json::Value,
        headers: &[(&'static str, String)],
    ) -> Collected<Vec<T>> {
        self.read_list(spec, first, Paging::OData, headers, Some(body))
            .await
    }

    async fn read_list<T: DeserializeOwned>(
        &self,
        spec: Spec,
        first: Url,
        paging: Paging,
        headers: &[(&'static str, String)],
        body: Option<&serde_json::Value>,
    ) -> Collected<Vec<T>> {
        self.progress.started(self.tenant, spec.name);
        let mut hash = Sha256::new();
        let result = self
            .read_pages(spec.name, &first, paging, headers, body, &mut hash)
            .await
            .map(|(items, pages)| {
                let count = items.len() as u64;
                (items, pages, count, hex::encode(hash.finalize()))
            });
        self.finish(spec, &first, result)
    }

    /// A single-object endpoint (e.g. a policy).
    pub async fn object<T: DeserializeOwned>(&self, spec: Spec, url: Url) -> Collected<T> {
        self.object_with(spec, url, &[]).await
    }

    /// A single-object endpoint that needs request headers.
    pub async fn object_with<T: DeserializeOwned>(
        &self,
        spec: Spec,
        url: Url,
        headers: &[(&'static str, String)],
    ) -> Collected<T> {
        self.progress.started(self.tenant, spec.name);
        let result = async {
            let response = self.http.get(&url, self.token, headers).await?;
            let value: serde_json::Value = decode(&response.body, &url, 1)?;
            if !has_properties(&value) {
                return Err(CollectError::new(
                    ErrorKind::Malformed,
                    format!("{} answered an object without properties", url.path()),
                ));
            }
            let item: T = decode(&response.body, &url, 1)?;
            Ok((item, 1, 1, hex::encode(Sha256::digest(&response.body))))
        }
        .await;
        self.finish(spec, &url, result)
    }

    /// Every page from `first` on, feeding `hash`; items and the page count.
    pub async fn pages<T: DeserializeOwned>(
        &self,
        collection: &str,
        first: &Url,
        paging: Paging,
        headers: &[(&'static str, String)],
        hash: &mut Sha256,
    ) -> Result<(Vec<T>, u32), CollectError> {
        self.read_pages(collection, first, paging, headers, None, hash)
            .await
    }

    /// Every page, each a GET, or a POST of `body` when there is one.
    async fn read_pages<T: DeserializeOwned>(
        &self,
        collection: &str,
        first: &Url,
        paging: Paging,
        headers: &[(&'static str, String)],
        body: Option<&serde_json::Value>,
        hash: &mut Sha256,
    ) -> Result<(Vec<T>, u32), CollectError> {
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        let mut next = Some(first.clone());
        let mut pages = 0u32;
        while let Some(url) = next.take() {
            if !seen.insert(url.to_string()) || pages >= MAX_PAGES {
                return Err(CollectError::new(
                    ErrorKind::Malformed,
                    format!("paging loop: next link {} was already read", url.path()),
                ));
            }
            let response = match body {
                Some(body) => self.http.post_json(&url, self.token, headers, body).await?,
                None => self.http.get(&url, self.token, headers).await?,
            };
            pages += 1;
            hash.update(&response.body);
            let link = match paging {
                Paging::OData => {
                    let page: ODataPage<T> = decode(&response.body, &url, pages)?;
                    self.progress
                        .page(self.tenant, collection, page.value.len());
                    items.extend(page.value);
                    page.next_link
                }
                Paging::Soql => {
                    let page: SoqlPage<T> = decode(&response.body, &url, pages)?;
                    self.progress
                        .page(self.tenant, collection, page.records.len());
                    items.extend(page.records);
                    match (page.done, page.next_records_url) {
                        (true, _) => None,
                        (false, Some(link)) => Some(link),
                        (false, None) => {
                            return Err(CollectError::new(
                                ErrorKind::Malformed,
                                format!(
                                "page {pages} of {}: done is false but there is no nextRecordsUrl",
                                first.path()
                            ),
                            ))
                        }
                    }
                }
            };
            next = link.map(|link| next_page(&url, &link)).transpose()?;
        }
        Ok((items, pages))
    }

    /// The collection's record from its result, reported to progress.
    pub fn finish<T>(
        &self,
        spec: Spec,
        first: &Url,
        result: Result<(T, u32, u64, String), CollectError>,
    ) -> Collected<T> {
        let endpoint = endpoint_of(first);
        let (record, data) = match result {
            Ok((data, pages, item_count, sha256)) => (
                CollectionRecord {
                    status: CollectionStatus::Ok,
                    endpoints: vec![endpoint],
                    permission: spec.permission.to_string(),
                    item_count,
                    pages,
                    sha256: Some(sha256),
                    error: None,
                    licence: None,
                },
                Some(data),
            ),
            Err(error) => {
                // Not a warning yet: the connector may still read this answer
                // as an expected state (a licence the tenant lacks). The run
                // logs each collection's final status once it is known.
                tracing::debug!(collection = spec.name, "{error}");
                (failed_record(spec, endpoint, &error), None)
            }
        };
        self.progress.finished(self.tenant, spec.name, &record);
        Collected { record, data }
    }
}

/// A collection whose requests depend on another one that failed: it is an
/// error too (with the upstream's kind), never an empty success. No request
/// is made, and the fix is the upstream's.
pub fn blocked_by<T>(spec: Spec, upstream: &str, record: &CollectionRecord) -> Collected<T> {
    let kind = record
        .error
        .as_ref()
        .map_or(ErrorKind::Transport, |e| e.kind);
    let error = CollectError::new(
        kind,
        format!("not read: it depends on {upstream}, which failed"),
    );
    let mut blocked = failed_record(spec, String::new(), &error);
    blocked.endpoints.clear();
    if let (Some(mine), Some(theirs)) = (blocked.error.as_mut(), record.error.as_ref()) {
        mine.fix = theirs.fix.clone();
    }
    Collected {
        record: blocked,
        data: None,
    }
}

/// The record of a collection that could not be read, with what would fix it.
pub fn failed_record(spec: Spec, endpoint: String, error: &CollectError) -> CollectionRecord {
    let fix = match error.kind {
        ErrorKind::Forbidden => format!("grant the app {} (and admin-consent it)", spec.permission),
        ErrorKind::Auth => "check the tenant's credentials and that the app is consented".into(),
        ErrorKind::Throttled => "run again later, or lower max_concurrency".into(),
        ErrorKind::Timeout => "run again; raise the timeout if it persists".into(),
        ErrorKind::Malformed => {
            "the API answered in an undocumented shape; keep the evidence and report it".into()
        }
        ErrorKind::NotFound => "check the endpoint configuration and the API version".into(),
        ErrorKind::Transport => "check network access to the endpoint".into(),
    };
    CollectionRecord {
        status: CollectionStatus::Error,
        endpoints: vec![endpoint],
        permission: spec.permission.to_string(),
        item_count: 0,
        pages: 0,
        sha256: None,
        error: Some(CollectionError {
            kind: error.kind,
            message: error.message.clone(),
            fix,
        }),
        licence: None,
    }
}

/// Path and query of a request: stable across hosts, and free of secrets.
pub fn endpoint_of(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

/// A singleton resource has properties of its own: `{}` (or OData
/// annotations alone) is no policy at all, not a policy of defaults.
fn has_properties(value: &serde_json::Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.keys().any(|k| !k.starts_with("@odata.")))
}

/// The page a next link names, which must be on the origin (scheme, host
/// and port) of the page that gave it: the token goes with the request, and
/// a page from elsewhere is not the tenant's data.
pub fn next_page(page: &Url, link: &str) -> Result<Url, CollectError> {
    let next = page
        .join(link)
        .map_err(|e| CollectError::new(ErrorKind::Malformed, format!("bad next link: {e}")))?;
    if next.origin() != page.origin() {
        return Err(CollectError::new(
            ErrorKind::Malformed,
            format!(
                "page of {} links to another host ({}); refused",
                page.path(),
                next.origin().ascii_serialization()
            ),
        ));
    }
    Ok(next)
}

fn decode<T: DeserializeOwned>(body: &[u8], url: &Url, page: u32) -> Result<T, CollectError> {
    serde_json::from_slice(body).map_err(|e| {
        CollectError::new(
            ErrorKind::Malformed,
            format!("page {page} of {}: {e}", url.path()),
        )
    })
}
