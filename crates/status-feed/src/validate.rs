//! Limits and consistency rules applied to every feed, whatever format it came from. Broken
//! structure is an error; a single unsafe link or dangling reference is dropped with a warning
//! so one slip by a publisher does not blank the widget.

use crate::error::{FeedError, Path, Warning};
use crate::model::{
    Community, Component, ComponentRef, DayRecord, Feed, Guide, Incident, Maintenance,
    ReportSettings, Update,
};
use crate::read::invalid;
use crate::sort::{TextSet, first_occurrences, sort_by_key};
use crate::status::{IncidentStatus, MaintenanceStatus};
use crate::web_url::WebUrl;

const MINUTES_PER_DAY: u32 = 24 * 60;

/// Upper bounds on what a feed may contain. The defaults leave room for large real pages
/// (thousands of components and incidents) while keeping a hostile feed from exhausting a
/// visitor's browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_document_bytes: usize,
    pub max_components: usize,
    pub max_groups: usize,
    pub max_incidents: usize,
    pub max_maintenances: usize,
    pub max_updates_per_entry: usize,
    pub max_buckets: usize,
    /// Entries in one component's `history`: a year of days, leap day included.
    pub max_history_days: usize,
    /// Symptoms, guide entries, links and FAQ items, each list on its own.
    pub max_list_items: usize,
    /// Ids and symptom keys.
    pub max_id_chars: usize,
    /// Names, titles, labels, questions.
    pub max_name_chars: usize,
    /// Summaries, descriptions, update bodies, answers.
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_document_bytes: 8 * 1024 * 1024,
            max_components: 2_000,
            max_groups: 200,
            max_incidents: 5_000,
            max_maintenances: 500,
            max_updates_per_entry: 200,
            max_buckets: 1_000,
            max_history_days: 366,
            max_list_items: 100,
            max_id_chars: 200,
            max_name_chars: 300,
            max_text_chars: 20_000,
        }
    }
}

pub(crate) fn validate(feed: &mut Feed, limits: &Limits) -> Result<Vec<Warning>, FeedError> {
    let mut checker = Checker {
        limits,
        warnings: Vec::new(),
    };
    checker.feed(feed, &Path::Root)?;
    Ok(checker.warnings)
}

struct Checker<'a> {
    limits: &'a Limits,
    warnings: Vec<Warning>,
}

impl Checker<'_> {
    fn feed(&mut self, feed: &mut Feed, root: &Path<'_>) -> Result<(), FeedError> {
        let service = root.field("service");
        self.required_text(
            &service.field("name"),
            &feed.service.name,
            self.limits.max_name_chars,
        )?;
        self.optional_url(&service.field("url"), &mut feed.service.url);
        self.optional_url(
            &service.field("status_page_url"),
            &mut feed.service.status_page_url,
        );
        self.optional_url(&service.field("atom_url"), &mut feed.service.atom_url);
        self.optional_text(
            &root.field("summary"),
            feed.summary.as_deref(),
            self.limits.max_text_chars,
        )?;

        let groups_path = root.field("groups");
        self.count(&groups_path, feed.groups.len(), self.limits.max_groups)?;
        let repeated_group = first_repeated(&mut feed.groups.iter().map(|g| g.id.as_str()));
        for (index, group) in feed.groups.iter().enumerate() {
            let path = groups_path.index(index);
            self.id(&path.field("id"), &group.id, repeated_group == Some(index))?;
            self.required_text(&path.field("name"), &group.name, self.limits.max_name_chars)?;
            self.optional_text(
                &path.field("description"),
                group.description.as_deref(),
                self.limits.max_text_chars,
            )?;
        }

        let components_path = root.field("components");
        self.count(
            &components_path,
            feed.components.len(),
            self.limits.max_components,
        )?;
        let repeated_component = first_repeated(&mut feed.components.iter().map(|c| c.id.as_str()));
        let group_ids = TextSet::new(&mut feed.groups.iter().map(|g| g.id.as_str()));
        for (index, component) in feed.components.iter_mut().enumerate() {
            let path = components_path.index(index);
            self.id(
                &path.field("id"),
                &component.id,
                repeated_component == Some(index),
            )?;
            self.required_text(
                &path.field("name"),
                &component.name,
                self.limits.max_name_chars,
            )?;
            self.optional_text(
                &path.field("description"),
                component.description.as_deref(),
                self.limits.max_text_chars,
            )?;
            if let Some(group) = &component.group
                && !group_ids.contains(group)
            {
                self.warn(
                    &path.field("group"),
                    reason!("group \"{group}\" is not in `groups`; shown ungrouped"),
                );
                component.group = None;
            }
            self.uptime_percent(&path.field("uptime_percent"), component);
            self.history(&path.field("history"), &mut component.history)?;
        }

        let incidents_limit = self.limits.max_incidents;
        self.timeline(
            &root.field("incidents"),
            &mut feed.incidents,
            incidents_limit,
        )?;
        let maintenances_limit = self.limits.max_maintenances;
        self.timeline(
            &root.field("maintenances"),
            &mut feed.maintenances,
            maintenances_limit,
        )?;

        if let Some(community) = &feed.community {
            self.community(&root.field("community"), community)?;
        }
        let report_path = root.field("report");
        if let Some(report) = &feed.report
            && !self.report(&report_path, report)?
        {
            feed.report = None;
        }
        if let Some(guide) = &mut feed.guide {
            self.guide(&root.field("guide"), guide)?;
        }
        Ok(())
    }

    /// The checks incidents and maintenance windows share: count, unique ids, title, link,
    /// component references, updates, and that they do not end before they start.
    fn timeline<E: TimelineEntry>(
        &mut self,
        path: &Path<'_>,
        entries: &mut [E],
        limit: usize,
    ) -> Result<(), FeedError> {
        self.count(path, entries.len(), limit)?;
        let repeated = first_repeated(&mut entries.iter().map(|entry| entry.id()));
        for (index, entry) in entries.iter_mut().enumerate() {
            let entry_path = path.index(index);
            let parts = entry.parts();
            self.id(&entry_path.field("id"), parts.id, repeated == Some(index))?;
            self.required_text(
                &entry_path.field("title"),
                parts.title,
                self.limits.max_name_chars,
            )?;
            self.optional_url(&entry_path.field("url"), parts.url);
            self.component_refs(&entry_path.field("components"), parts.components)?;
            self.updates(&entry_path.field("updates"), parts.updates)?;
            // A backfilled entry with its times swapped is one slip, not a broken feed.
            if let Some(end_field) = entry.end_at_start_if_before() {
                self.warn(&entry_path.field(end_field), E::TIME_ORDER.to_owned());
            }
        }
        Ok(())
    }

    fn uptime_percent(&mut self, path: &Path<'_>, component: &mut Component) {
        if let Some(percent) = component.uptime_percent
            && !(0.0..=100.0).contains(&percent)
        {
            // Not quoted back: formatting floats costs the widget's bundle more than it is worth.
            self.warn(
                path,
                "is not a percentage from 0 to 100; it is dropped".to_owned(),
            );
            component.uptime_percent = None;
        }
    }

    /// Puts the days in order and leaves one entry per day.
    fn history(&mut self, path: &Path<'_>, history: &mut Vec<DayRecord>) -> Result<(), FeedError> {
        self.count(path, history.len(), self.limits.max_history_days)?;
        for (index, day) in history.iter_mut().enumerate() {
            if day
                .downtime_minutes
                .is_some_and(|minutes| minutes > MINUTES_PER_DAY)
            {
                let entry = path.index(index);
                self.warn(
                    &entry.field("downtime_minutes"),
                    reason!("is more than the {MINUTES_PER_DAY} minutes of a day; it is dropped"),
                );
                day.downtime_minutes = None;
            }
        }
        // Among entries for the same day the first listed stays first.
        sort_by_key(history, |day| (day.date.days_since_unix_epoch(), ""));
        let mut kept: Vec<DayRecord> = Vec::with_capacity(history.len());
        for day in history.drain(..) {
            match kept.last_mut() {
                Some(previous) if previous.date == day.date => {
                    self.warn(
                        path,
                        reason!(
                            "{} is listed more than once; the worst status is kept",
                            day.date
                        ),
                    );
                    if day.status.severity() > previous.status.severity() {
                        *previous = day;
                    }
                }
                _ => kept.push(day),
            }
        }
        *history = kept;
        Ok(())
    }

    fn updates<S>(&mut self, path: &Path<'_>, updates: &mut [Update<S>]) -> Result<(), FeedError> {
        self.count(path, updates.len(), self.limits.max_updates_per_entry)?;
        for (index, update) in updates.iter().enumerate() {
            let update_path = path.index(index);
            self.optional_text(
                &update_path.field("body"),
                Some(&update.body),
                self.limits.max_text_chars,
            )?;
            self.component_refs(&update_path.field("components"), &update.components)?;
        }
        // Views show the first as the latest: a feed that lists them oldest first is read so,
        // once every path above has named the update where the document has it.
        if !updates.is_sorted_by(|newer, older| newer.at >= older.at) {
            sort_by_key(updates, |update| {
                (update.at.unix_millis().saturating_neg(), "")
            });
        }
        Ok(())
    }

    fn component_refs(&mut self, path: &Path<'_>, refs: &[ComponentRef]) -> Result<(), FeedError> {
        self.count(path, refs.len(), self.limits.max_components)?;
        for (index, component) in refs.iter().enumerate() {
            let entry = path.index(index);
            self.required_text(&entry, component.id(), self.limits.max_id_chars)?;
            self.optional_text(
                &entry.field("name"),
                component.name(),
                self.limits.max_name_chars,
            )?;
        }
        Ok(())
    }

    fn community(&mut self, path: &Path<'_>, community: &Community) -> Result<(), FeedError> {
        if community.bucket_seconds == 0 {
            return Err(invalid(
                &path.field("bucket_seconds"),
                "must be greater than zero",
            ));
        }
        if let Some(baseline) = community.baseline
            && !(baseline.is_finite() && baseline >= 0.0)
        {
            return Err(invalid(
                &path.field("baseline"),
                "must be zero or a positive number",
            ));
        }
        let buckets = path.field("buckets");
        self.count(&buckets, community.buckets.len(), self.limits.max_buckets)?;
        for (index, bucket) in community.buckets.iter().enumerate() {
            let symptoms = buckets.index(index);
            let symptoms = symptoms.field("symptoms");
            self.count(&symptoms, bucket.symptoms.len(), self.limits.max_list_items)?;
            for key in bucket.symptoms.keys() {
                self.required_text(&symptoms, key, self.limits.max_id_chars)?;
            }
        }
        Ok(())
    }

    /// Returns false when the settings are unusable (no safe URL to post to) and should go.
    fn report(&mut self, path: &Path<'_>, report: &ReportSettings) -> Result<bool, FeedError> {
        if let Err(reason) = WebUrl::check(report.url.as_str()) {
            self.warn(
                &path.field("url"),
                reason!("{reason}; the report button is hidden"),
            );
            return Ok(false);
        }
        let symptoms = path.field("symptoms");
        self.count(&symptoms, report.symptoms.len(), self.limits.max_list_items)?;
        let repeated = first_repeated(&mut report.symptoms.iter().map(|s| s.id.as_str()));
        for (index, symptom) in report.symptoms.iter().enumerate() {
            let symptom_path = symptoms.index(index);
            self.id(
                &symptom_path.field("id"),
                &symptom.id,
                repeated == Some(index),
            )?;
            self.required_text(
                &symptom_path.field("label"),
                &symptom.label,
                self.limits.max_name_chars,
            )?;
        }
        Ok(true)
    }

    fn guide(&mut self, path: &Path<'_>, guide: &mut Guide) -> Result<(), FeedError> {
        let text = self.limits.max_text_chars;
        let name = self.limits.max_name_chars;
        self.optional_text(&path.field("meaning"), guide.meaning.as_deref(), text)?;
        let signatures = path.field("signatures");
        self.count(
            &signatures,
            guide.signatures.len(),
            self.limits.max_list_items,
        )?;
        for (index, entry) in guide.signatures.iter().enumerate() {
            let entry_path = signatures.index(index);
            self.required_text(&entry_path.field("signature"), &entry.signature, name)?;
            self.required_text(&entry_path.field("meaning"), &entry.meaning, text)?;
        }
        for (field, items) in [("causes", &guide.causes), ("fixes", &guide.fixes)] {
            let list = path.field(field);
            self.count(&list, items.len(), self.limits.max_list_items)?;
            for (index, item) in items.iter().enumerate() {
                self.required_text(&list.index(index), item, text)?;
            }
        }
        let faq = path.field("faq");
        self.count(&faq, guide.faq.len(), self.limits.max_list_items)?;
        for (index, entry) in guide.faq.iter().enumerate() {
            let entry_path = faq.index(index);
            self.required_text(&entry_path.field("question"), &entry.question, name)?;
            self.required_text(&entry_path.field("answer"), &entry.answer, text)?;
        }
        let links = path.field("links");
        self.count(&links, guide.links.len(), self.limits.max_list_items)?;
        let mut kept = Vec::with_capacity(guide.links.len());
        for (index, link) in std::mem::take(&mut guide.links).into_iter().enumerate() {
            let link_path = links.index(index);
            match WebUrl::check(link.url.as_str()) {
                Ok(_) => {
                    self.required_text(&link_path.field("title"), &link.title, name)?;
                    kept.push(link);
                }
                Err(reason) => {
                    self.warn(
                        &link_path.field("url"),
                        reason!("{reason}; the link is dropped"),
                    );
                }
            }
        }
        guide.links = kept;
        Ok(())
    }

    /// Checks an id; `repeated` when an earlier entry of the list has it too.
    fn id(&self, path: &Path<'_>, id: &str, repeated: bool) -> Result<(), FeedError> {
        self.required_text(path, id, self.limits.max_id_chars)?;
        if repeated {
            return Err(invalid(path, reason!("id \"{id}\" is used more than once")));
        }
        Ok(())
    }

    fn count(&self, path: &Path<'_>, count: usize, limit: usize) -> Result<(), FeedError> {
        if count > limit {
            return Err(invalid(
                path,
                reason!("has {count} entries, more than the limit of {limit}"),
            ));
        }
        Ok(())
    }

    fn required_text(&self, path: &Path<'_>, text: &str, limit: usize) -> Result<(), FeedError> {
        if text.trim().is_empty() {
            return Err(invalid(path, "must not be empty"));
        }
        self.optional_text(path, Some(text), limit)
    }

    fn optional_text(
        &self,
        path: &Path<'_>,
        text: Option<&str>,
        limit: usize,
    ) -> Result<(), FeedError> {
        // Byte length bounds the character count from above, so most strings skip the count.
        match text {
            Some(text) if text.len() > limit && text.chars().count() > limit => Err(invalid(
                path,
                reason!(
                    "is {} characters long, more than the limit of {limit}",
                    text.chars().count()
                ),
            )),
            _ => Ok(()),
        }
    }

    fn optional_url(&mut self, path: &Path<'_>, url: &mut Option<WebUrl>) {
        if let Some(reason) = url.as_ref().and_then(|u| WebUrl::check(u.as_str()).err()) {
            self.warn(path, reason!("{reason}; the link is dropped"));
            *url = None;
        }
    }

    fn warn(&mut self, path: &Path<'_>, message: String) {
        #[cfg(feature = "quiet")]
        let _ = (path, message);
        #[cfg(not(feature = "quiet"))]
        self.warnings.push(Warning {
            path: path.to_string(),
            message,
        });
    }
}

/// The fields of an incident or maintenance window that validation looks at.
struct EntryParts<'a, S> {
    id: &'a str,
    title: &'a str,
    url: &'a mut Option<WebUrl>,
    components: &'a [ComponentRef],
    updates: &'a mut Vec<Update<S>>,
}

/// The index of the first entry whose id an earlier entry already has. Found before the
/// entries are checked one by one, which may change them, so the ids are borrowed, not copied.
fn first_repeated(ids: &mut dyn Iterator<Item = &str>) -> Option<usize> {
    first_occurrences(&mut ids.map(|id| (0, id)))
        .iter()
        .position(|first| !first)
}

trait TimelineEntry {
    type Status;
    /// The warning given when the entry ends before it starts.
    const TIME_ORDER: &'static str;
    fn id(&self) -> &str;
    fn parts(&mut self) -> EntryParts<'_, Self::Status>;
    /// Moves an end that comes before the start to the start; names the end field if it did.
    fn end_at_start_if_before(&mut self) -> Option<&'static str>;
}

impl TimelineEntry for Incident {
    type Status = IncidentStatus;
    const TIME_ORDER: &'static str = "is earlier than started_at; started_at is used";

    fn id(&self) -> &str {
        &self.id
    }

    fn parts(&mut self) -> EntryParts<'_, IncidentStatus> {
        EntryParts {
            id: &self.id,
            title: &self.title,
            url: &mut self.url,
            components: &self.components,
            updates: &mut self.updates,
        }
    }

    fn end_at_start_if_before(&mut self) -> Option<&'static str> {
        self.resolved_at.filter(|end| *end < self.started_at)?;
        self.resolved_at = Some(self.started_at);
        Some("resolved_at")
    }
}

impl TimelineEntry for Maintenance {
    type Status = MaintenanceStatus;
    const TIME_ORDER: &'static str = "is earlier than starts_at; starts_at is used";

    fn id(&self) -> &str {
        &self.id
    }

    fn parts(&mut self) -> EntryParts<'_, MaintenanceStatus> {
        EntryParts {
            id: &self.id,
            title: &self.title,
            url: &mut self.url,
            components: &self.components,
            updates: &mut self.updates,
        }
    }

    fn end_at_start_if_before(&mut self) -> Option<&'static str> {
        (self.ends_at < self.starts_at).then(|| {
            self.ends_at = self.starts_at;
            "ends_at"
        })
    }
}
