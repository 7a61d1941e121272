//! One bounded HTTP GET of an upstream document: only http(s), only allowed addresses (every
//! hop of every redirect, and every address actually connected to), a few redirects at most,
//! and a body size limit enforced while the body streams in. A document received before makes
//! the request conditional, so an unchanged document costs the upstream no body.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url, redirect};
use status_feed::refresh::parse_retry_after;

use super::address::is_public;
use crate::routes::now;

/// Status pages move (http to https, old domains), but a long chain is a loop or a trap.
const MAX_REDIRECTS: usize = 5;

/// A document's body as last received, with the validators the upstream sent for it.
#[derive(Clone, Debug)]
pub struct Received {
    pub body: Arc<[u8]>,
    etag: Option<HeaderValue>,
    last_modified: Option<HeaderValue>,
}

impl Received {
    fn new(body: Vec<u8>, headers: &HeaderMap) -> Self {
        Self {
            body: body.into(),
            etag: headers.get(header::ETAG).cloned(),
            last_modified: headers.get(header::LAST_MODIFIED).cloned(),
        }
    }

    fn has_validators(&self) -> bool {
        self.etag.is_some() || self.last_modified.is_some()
    }

    /// The same body, with the validators a 304 answer may have updated (RFC 9110 §15.4.5).
    fn revalidated(&self, headers: &HeaderMap) -> Self {
        Self {
            body: Arc::clone(&self.body),
            etag: headers.get(header::ETAG).or(self.etag.as_ref()).cloned(),
            last_modified: headers
                .get(header::LAST_MODIFIED)
                .or(self.last_modified.as_ref())
                .cloned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0} is not allowed: {1}")]
    Refused(String, Refusal),
    #[error("upstream answered {status}")]
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
    #[error("the body is larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    #[error("{}", error_chain(.0))]
    Transport(#[from] reqwest::Error),
}

/// Why a URL is not fetched, before any request is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not a URL")]
    NotUrl,
    #[error("only http and https are fetched")]
    Scheme,
    #[error("the URL has no host")]
    NoHost,
    /// The one refusal that the feed's `allow_private_networks` lifts.
    #[error("the address is private, loopback or otherwise not public")]
    NotPublic,
}

/// A redirect not followed because its target is refused.
#[derive(Debug, thiserror::Error)]
#[error("a redirect to {target}: {refusal}")]
struct RedirectRefused {
    target: Url,
    refusal: Refusal,
}

/// A host name whose addresses are all refused as not public.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to private, loopback or other non-public addresses")]
struct ResolvesOnlyToPrivate(String);

impl FetchError {
    /// Whether the feed's `allow_private_networks` would have let this fetch go ahead.
    pub fn refuses_a_private_address(&self) -> bool {
        let transport = match self {
            FetchError::Refused(_, refusal) => return *refusal == Refusal::NotPublic,
            FetchError::Transport(error) => error,
            FetchError::Status { .. } | FetchError::TooLarge { .. } => return false,
        };
        let mut source = std::error::Error::source(transport);
        while let Some(cause) = source {
            let refused_redirect = cause
                .downcast_ref::<RedirectRefused>()
                .is_some_and(|redirect| redirect.refusal == Refusal::NotPublic);
            if refused_redirect || cause.is::<ResolvesOnlyToPrivate>() {
                return true;
            }
            source = cause.source();
        }
        false
    }

    /// How long the upstream asked us to wait, when it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// reqwest's own message ("error sending request") hides the cause in its sources.
fn error_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What the config allows a relay to fetch.
#[derive(Clone, Copy, Debug)]
pub struct FetchRules {
    pub allow_private_networks: bool,
    pub max_body_bytes: usize,
    pub timeout: Duration,
}

pub struct Fetcher {
    client: reqwest::Client,
    rules: FetchRules,
}

impl Fetcher {
    pub fn new(headers: HeaderMap, rules: FetchRules) -> Result<Self, reqwest::Error> {
        let allow_private = rules.allow_private_networks;
        let sends_configured_headers = !headers.is_empty();
        let redirects = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
            } else if let Err(refusal) = check_target(attempt.url(), allow_private) {
                let target = attempt.url().clone();
                attempt.error(RedirectRefused { target, refusal })
            } else if sends_configured_headers
                && let Some(refused) = headers_would_leave_origin(attempt.previous(), attempt.url())
            {
                attempt.error(refused)
            } else {
                attempt.follow()
            }
        });
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!(
                "status-server/",
                env!("CARGO_PKG_VERSION"),
                " (relay)"
            ))
            .default_headers(headers)
            .redirect(redirects)
            // A proxy would connect on our behalf, out of reach of the address checks.
            .no_proxy()
            .connect_timeout(rules.timeout)
            .timeout(rules.timeout);
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnlyResolver));
        }
        Ok(Self {
            client: builder.build()?,
            rules,
        })
    }

    /// The body of a successful (2xx) answer to a GET of `url`; or, when `previous` (what
    /// `url` answered before) has validators, a GET conditional on them, whose
    /// `304 Not Modified` answer means `previous` is still current.
    pub async fn get(
        &self,
        url: &str,
        previous: Option<&Received>,
    ) -> Result<Received, FetchError> {
        let parsed = parse_target(url, self.rules.allow_private_networks)?;
        let mut request = self
            .client
            .get(parsed)
            .header(header::ACCEPT, "application/json");
        // A 304 stands for `previous` only when the request was conditional on it.
        let validated = previous.filter(|previous| previous.has_validators());
        if let Some(previous) = validated {
            if let Some(etag) = &previous.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &previous.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, last_modified);
            }
        }
        let mut response = request.send().await?;
        if let (StatusCode::NOT_MODIFIED, Some(previous)) = (response.status(), validated) {
            return Ok(previous.revalidated(response.headers()));
        }
        if !response.status().is_success() {
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| parse_retry_after(value, now()));
            return Err(FetchError::Status {
                status: response.status(),
                retry_after,
            });
        }
        let headers = response.headers().clone();
        let limit = self.rules.max_body_bytes;
        // Refuse an announced oversized body unread; an unannounced one is cut off below.
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(FetchError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Received::new(body, &headers))
    }
}

/// `url`, parsed, unless it is refused before any request: what `check_target` checks, so a
/// refusal here is the same on every try.
pub fn parse_target(url: &str, allow_private: bool) -> Result<Url, FetchError> {
    let refused = |refusal| FetchError::Refused(url.to_owned(), refusal);
    let parsed = Url::parse(url).map_err(|_| refused(Refusal::NotUrl))?;
    check_target(&parsed, allow_private).map_err(refused)?;
    Ok(parsed)
}

/// The scheme, and for an address written into the URL the address itself (host names are
/// checked by the resolver when they are looked up).
fn check_target(url: &Url, allow_private: bool) -> Result<(), Refusal> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refusal::Scheme);
    }
    let host = url.host_str().ok_or(Refusal::NoHost)?;
    if allow_private {
        return Ok(());
    }
    // Names under `localhost` are loopback by definition (RFC 6761): refused without a lookup.
    let loopback_name =
        host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost");
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    let private_literal = literal.parse::<IpAddr>().is_ok_and(|ip| !is_public(ip));
    if loopback_name || private_literal {
        Err(Refusal::NotPublic)
    } else {
        Ok(())
    }
}

/// Why a redirect to `target` must not be followed by a client that sends configured headers,
/// if it must not: `target` is not in the origin (scheme, host, port) of the URL first
/// requested, `previous[0]`. The headers are the client's defaults, sent with every request,
/// and on a redirect to another host reqwest drops only the standard credentials
/// (`Authorization`, `Cookie`, ...), so an API key in a custom header would reach whatever
/// host the upstream, or whoever took over its address, redirects to.
fn headers_would_leave_origin(previous: &[Url], target: &Url) -> Option<String> {
    let requested = previous.first();
    if requested.is_some_and(|requested| requested.origin() == target.origin()) {
        return None;
    }
    let from = requested.map_or_else(
        || "the origin requested".to_owned(),
        |requested| requested.origin().ascii_serialization(),
    );
    Some(format!(
        "a redirect to {target}: it leaves {from}, and the feed's configured headers would be \
         sent there too; if the new address is trusted, make it the feed's url"
    ))
}

/// Resolves host names like the system does, then keeps only public addresses, so the
/// connection can only go to an address that was checked (no second lookup to race).
struct PublicOnlyResolver;

impl Resolve for PublicOnlyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let resolved: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = resolved
                .into_iter()
                .filter(|address| is_public(address.ip()))
                .collect();
            if public.is_empty() {
                return Err(Box::new(ResolvesOnlyToPrivate(host)) as _);
            }
            let addresses: Addrs = Box::new(public.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, allow_private: bool) -> Result<(), Refusal> {
        check_target(&Url::parse(url).unwrap(), allow_private)
    }

    #[test]
    fn only_web_schemes_and_allowed_literal_addresses_pass() {
        assert!(check("https://status.example.com/x.json", false).is_ok());
        assert!(check("http://93.184.216.34/x.json", false).is_ok());
        for refused in [
            "file:///etc/passwd",
            "ftp://status.example.com/x",
            "gopher://status.example.com/",
            "http://127.0.0.1:8787/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://2130706433/",
            "http://[::ffff:10.0.0.1]/",
            "http://localhost:8080/status.json",
            "http://api.LOCALHOST/",
        ] {
            assert!(check(refused, false).is_err(), "{refused}");
        }
        assert!(check("http://127.0.0.1:8787/", true).is_ok());
        assert!(check("file:///etc/passwd", true).is_err());
    }

    #[test]
    fn configured_headers_stay_within_the_origin_first_requested() {
        let url = |text: &str| Url::parse(text).unwrap();
        let chain = [
            url("https://status.example.com/api/v2/summary.json"),
            url("https://status.example.com/moved/summary.json"),
        ];
        for same_origin in [
            "https://status.example.com/v3/summary.json",
            "https://status.example.com:443/other?x=1",
        ] {
            assert_eq!(
                headers_would_leave_origin(&chain, &url(same_origin)),
                None,
                "{same_origin}"
            );
        }
        for other_origin in [
            "https://attacker.example/collect",
            "https://example.com/api/v2/summary.json",
            "https://status.example.com:8443/api/v2/summary.json",
            "http://status.example.com/api/v2/summary.json",
        ] {
            let refused = headers_would_leave_origin(&chain, &url(other_origin))
                .unwrap_or_else(|| panic!("{other_origin} was allowed"));
            assert!(refused.contains(other_origin), "{refused}");
            assert!(
                refused.contains("leaves https://status.example.com,"),
                "names the origin: {refused}"
            );
            assert!(refused.contains("configured headers"), "{refused}");
        }
        // Judged against the first request, not the last hop: a chain cannot walk away.
        let wandered = [chain[0].clone(), url("https://elsewhere.example/")];
        assert!(
            headers_would_leave_origin(&wandered, &url("https://elsewhere.example/x")).is_some()
        );
    }
}
