//! Who is reporting, without keeping who they are: client addresses are turned into salted
//! hashes at once, and the salt changes every UTC day. Hashes of one day can be compared with
//! each other (rate limits, distinct reporters) but once the salt is gone nobody, including
//! us, can link them back to an address. The store decides where a day's salt lives: in
//! memory only (SQLite), or in the shared database, so that every replica hashes a client
//! alike (PostgreSQL).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, PoisonError};

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use status_feed::Timestamp;

use crate::store::StoreError;

const MILLIS_PER_DAY: i64 = 86_400_000;

pub struct ClientHasher {
    /// The UTC day number and its salt.
    salt: Mutex<(i64, [u8; 32])>,
}

impl Default for ClientHasher {
    fn default() -> Self {
        Self {
            salt: Mutex::new((i64::MIN, [0; 32])),
        }
    }
}

impl ClientHasher {
    /// A short hex digest standing for the client on the day of `now`. On a new day,
    /// `daily_salt` is offered a random salt and answers with the day's salt: the one offered,
    /// or one another replica chose first (`ReportStore::daily_salt`).
    pub fn hash(
        &self,
        address: IpAddr,
        now: Timestamp,
        daily_salt: impl FnOnce(i64, [u8; 32]) -> Result<[u8; 32], StoreError>,
    ) -> Result<String, StoreError> {
        let day = utc_day(now);
        let salt = {
            let mut current = self.salt.lock().unwrap_or_else(PoisonError::into_inner);
            if current.0 != day {
                *current = (day, daily_salt(day, rand::random())?);
            }
            current.1
        };
        let mut hasher = Sha256::new();
        hasher.update(salt);
        hasher.update(network_of(address));
        Ok(hex(&hasher.finalize()[..16]))
    }
}

/// The UTC day of `time`, counted from the Unix epoch: what a salt is for.
pub fn utc_day(time: Timestamp) -> i64 {
    time.unix_millis().div_euclid(MILLIS_PER_DAY)
}

/// The part of an address that identifies a client: all of an IPv4 address, but only the
/// /64 prefix of an IPv6 one, since one household usually gets a whole /64 to pick from.
fn network_of(address: IpAddr) -> Vec<u8> {
    match address.to_canonical() {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets()[..8].to_vec(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The client's address: the peer, or with a trusted proxy in front, the last address in
/// `X-Forwarded-For`, which is the one the proxy itself appended (earlier ones are whatever
/// the client chose to send).
pub fn client_address(peer: SocketAddr, headers: &HeaderMap, trust_proxy_headers: bool) -> IpAddr {
    if trust_proxy_headers {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .last()
            .and_then(|last| last.trim().parse().ok());
        if let Some(address) = forwarded {
            return address;
        }
    }
    peer.ip()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_ONE: Timestamp = Timestamp::from_unix_millis(20_000 * MILLIS_PER_DAY + 1);

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// A hash with the salt kept in memory only, as with SQLite.
    fn in_memory(hasher: &ClientHasher, address: IpAddr, now: Timestamp) -> String {
        hasher.hash(address, now, |_, offered| Ok(offered)).unwrap()
    }

    #[test]
    fn hashers_that_share_the_salt_agree() {
        let shared = Mutex::new(std::collections::BTreeMap::new());
        let share = |day, offered| Ok(*shared.lock().unwrap().entry(day).or_insert(offered));
        let (one, other) = (ClientHasher::default(), ClientHasher::default());
        let on_one = one.hash(ip("203.0.113.7"), DAY_ONE, share).unwrap();
        assert_eq!(
            on_one,
            other.hash(ip("203.0.113.7"), DAY_ONE, share).unwrap()
        );
        assert_ne!(
            on_one,
            in_memory(&other, ip("203.0.113.7"), DAY_ONE.shifted(MILLIS_PER_DAY))
        );
    }

    #[test]
    fn same_client_same_day_gives_the_same_hash() {
        let hasher = ClientHasher::default();
        let first = in_memory(&hasher, ip("203.0.113.7"), DAY_ONE);
        assert_eq!(first.len(), 32);
        assert!(
            first.chars().all(|c| c.is_ascii_hexdigit()),
            "only hex, no address: {first}"
        );
        assert_eq!(
            first,
            in_memory(&hasher, ip("203.0.113.7"), DAY_ONE.shifted(3_600_000))
        );
        assert_ne!(first, in_memory(&hasher, ip("203.0.113.8"), DAY_ONE));
    }

    #[test]
    fn the_salt_rotates_with_the_day() {
        let hasher = ClientHasher::default();
        let today = in_memory(&hasher, ip("203.0.113.7"), DAY_ONE);
        let tomorrow = in_memory(&hasher, ip("203.0.113.7"), DAY_ONE.shifted(MILLIS_PER_DAY));
        assert_ne!(today, tomorrow);
    }

    #[test]
    fn ipv6_clients_are_grouped_by_their_64_prefix() {
        let hasher = ClientHasher::default();
        let a = in_memory(&hasher, ip("2001:db8:1:2::1"), DAY_ONE);
        assert_eq!(a, in_memory(&hasher, ip("2001:db8:1:2:ffff::9"), DAY_ONE));
        assert_ne!(a, in_memory(&hasher, ip("2001:db8:1:3::1"), DAY_ONE));
        assert_eq!(
            in_memory(&hasher, ip("::ffff:198.51.100.1"), DAY_ONE),
            in_memory(&hasher, ip("198.51.100.1"), DAY_ONE)
        );
    }

    #[test]
    fn forwarded_for_is_used_only_when_trusted_and_then_its_last_entry() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "10.0.0.1, 198.51.100.4".parse().unwrap());
        assert_eq!(client_address(peer, &headers, false), ip("127.0.0.1"));
        assert_eq!(client_address(peer, &headers, true), ip("198.51.100.4"));
        headers.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(client_address(peer, &headers, true), ip("127.0.0.1"));
    }
}
