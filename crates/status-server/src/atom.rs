//! A feed's incidents as an Atom 1.0 document (RFC 4287), so people can follow them in a
//! feed reader. Every piece of text is escaped: incident titles and updates come from
//! upstream status pages, which this server does not control.

use std::fmt::Write;

use sha2::{Digest, Sha256};
use status_feed::{Feed, Incident, Timestamp};

use crate::xml::escape_xml;

/// Where the document and its entries point.
pub struct AtomLinks {
    /// The Atom document's own address.
    pub self_url: String,
    /// A page showing the feed to people.
    pub alternate_url: String,
}

pub fn incidents_atom(name: &str, feed: &Feed, links: &AtomLinks) -> String {
    let service = escape_xml(&feed.service.name);
    // Only the incidents' own times: `checked_at` moves on every poll of a relayed feed, and
    // would change the document and its ETag when no incident changed. Without incidents
    // there is nothing that changed, so a fixed time (the Unix epoch, a valid RFC 3339 date
    // that no real incident precedes) keeps the document the same across polls and restarts.
    let updated = feed
        .incidents
        .iter()
        .map(last_change)
        .max()
        .unwrap_or(Timestamp::from_unix_millis(0));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    // Writing to a String cannot fail.
    let _ = write!(
        xml,
        "<id>{id}</id>\n<title type=\"text\">{service} incidents</title>\n\
         <updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{alternate}\"/>\n\
         <author><name>{service}</name></author>\n\
         <generator>status-server</generator>\n",
        id = urn_uuid(&["feed", name]),
        updated = updated.to_rfc3339(),
        self_url = escape_xml(&links.self_url),
        alternate = escape_xml(&links.alternate_url),
    );
    for incident in &feed.incidents {
        let alternate = incident
            .url
            .as_ref()
            .map_or(links.alternate_url.as_str(), |url| url.as_str());
        let _ = write!(
            xml,
            "<entry>\n<id>{id}</id>\n<title type=\"text\">{title}</title>\n\
             <updated>{updated}</updated>\n<published>{published}</published>\n\
             <author><name>{service}</name></author>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{alternate}\"/>\n\
             <content type=\"text\">{content}</content>\n</entry>\n",
            id = urn_uuid(&["incident", name, &incident.id]),
            title = escape_xml(&incident.title),
            updated = last_change(incident).to_rfc3339(),
            published = incident.started_at.to_rfc3339(),
            alternate = escape_xml(alternate),
            content = escape_xml(&content_text(incident)),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// The latest time anything happened to the incident.
fn last_change(incident: &Incident) -> Timestamp {
    incident
        .updates
        .iter()
        .map(|update| update.at)
        .chain(incident.resolved_at)
        .fold(incident.started_at, Timestamp::max)
}

/// The state of the incident, then its updates, newest first as in the feed.
fn content_text(incident: &Incident) -> String {
    let mut text = format!(
        "Status: {}. Impact: {}.",
        incident.status.as_str(),
        incident.impact.as_str()
    );
    for update in &incident.updates {
        let _ = write!(
            text,
            "\n\n{} ({}): {}",
            update.at.to_rfc3339(),
            update.status.as_str(),
            update.body
        );
    }
    text
}

/// A stable id that needs no domain of our own (as a `tag:` URI would): a UUID (version 8,
/// RFC 9562) made from a hash of what it names, so it survives restarts and host changes.
fn urn_uuid(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"status-server atom id");
    for part in parts {
        hasher.update([0]);
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use status_feed::parse_feed;

    use super::*;

    fn links() -> AtomLinks {
        AtomLinks {
            self_url: "https://status.example.com/feeds/api/incidents.atom".to_owned(),
            alternate_url: "https://status.example.com/".to_owned(),
        }
    }

    fn feed(incidents: serde_json::Value) -> Feed {
        let document = json!({
            "version": 1,
            "service": { "name": "API" },
            "checked_at": "2026-11-28T12:00:00Z",
            "components": [{ "id": "api", "name": "API", "status": "operational" }],
            "incidents": incidents,
        });
        parse_feed(document.to_string().as_bytes())
            .expect("a valid feed")
            .feed
    }

    /// The `<updated>` of the document itself, not of an entry.
    fn feed_updated(xml: &str) -> &str {
        let start = xml.find("<updated>").expect("updated is required") + "<updated>".len();
        let end = start + xml[start..].find("</updated>").unwrap();
        &xml[start..end]
    }

    #[test]
    fn a_new_check_of_an_unchanged_feed_gives_the_same_document() {
        let incidents = json!([
            {
                "id": "current",
                "title": "Slow API",
                "impact": "minor",
                "status": "monitoring",
                "started_at": "2026-11-27T08:00:00Z",
                "updates": [
                    { "at": "2026-11-27T09:30:00Z", "status": "monitoring", "body": "Fixed." },
                    { "at": "2026-11-27T08:05:00Z", "status": "investigating", "body": "Looking." }
                ]
            },
            {
                "id": "old",
                "title": "Earlier trouble",
                "impact": "minor",
                "status": "resolved",
                "started_at": "2026-11-20T08:00:00Z",
                "resolved_at": "2026-11-28T09:00:00Z"
            }
        ]);
        let checked = feed(incidents.clone());
        let mut checked_again = feed(incidents);
        // What the relay does on every successful poll, later than any incident time.
        checked_again.checked_at = Some(Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap());
        let first = incidents_atom("api", &checked, &links());
        assert_eq!(first, incidents_atom("api", &checked_again, &links()));
        assert_eq!(
            feed_updated(&first),
            "2026-11-28T09:00:00Z",
            "the latest incident time, here a resolution"
        );
    }

    #[test]
    fn a_feed_without_incidents_was_last_updated_at_the_unix_epoch() {
        let quiet = feed(json!([]));
        let mut checked_again = quiet.clone();
        checked_again.checked_at = Some(Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap());
        let xml = incidents_atom("api", &quiet, &links());
        assert_eq!(feed_updated(&xml), "1970-01-01T00:00:00Z");
        assert_eq!(xml, incidents_atom("api", &checked_again, &links()));
    }

    #[test]
    fn ids_are_stable_distinct_version_8_uuids() {
        let id = urn_uuid(&["incident", "api", "abc"]);
        assert_eq!(id, urn_uuid(&["incident", "api", "abc"]));
        assert_ne!(id, urn_uuid(&["incident", "api", "abd"]));
        // Parts are separated, so moving text between them gives another id.
        assert_ne!(
            urn_uuid(&["incident", "ap", "iabc"]),
            urn_uuid(&["incident", "api", "abc"])
        );
        let uuid = id.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "8", "version");
        assert!("89ab".contains(&uuid[19..20]), "variant");
    }
}
