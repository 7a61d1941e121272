//! Questions the views ask of a feed, answered on the plain types so they are tested natively.

use std::collections::HashMap;
use std::time::Duration;

use crate::model::{Component, ComponentRef, DayRecord, Feed, Group, Incident, Maintenance};
use crate::sort::sort_by_key;
use crate::status::{MaintenanceStatus, Status};
use crate::timestamp::{CalendarDate, Timestamp};

impl Feed {
    /// The stated overall status, or the worst component status when the feed states none.
    pub fn overall_status(&self) -> Status {
        self.status
            .unwrap_or_else(|| Status::worst(self.components.iter().map(|c| c.status)))
    }

    /// Components a visitor should see: those marked `only_show_if_degraded` stay hidden while
    /// they are operational.
    pub fn visible_components(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().filter(|c| c.is_visible())
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// What to call the components an incident or maintenance names: the feed's name for
    /// each, else the name given with the reference, else its id.
    pub fn component_names(&self, references: &[ComponentRef]) -> Vec<String> {
        // One pass over the components for all the references: an incident may name
        // thousands, and searching the components for each would take their product in time.
        let mut names: HashMap<&str, Option<&str>> =
            references.iter().map(|r| (r.id(), None)).collect();
        for component in &self.components {
            if let Some(name @ None) = names.get_mut(component.id.as_str()) {
                *name = Some(&component.name);
            }
        }
        references
            .iter()
            .map(|reference| {
                names[reference.id()]
                    .map(str::to_owned)
                    .or_else(|| reference.name().map(str::to_owned))
                    .unwrap_or_else(|| reference.id().to_owned())
            })
            .collect()
    }

    /// The visible components in page order, each group gathered where its first visible
    /// member appears. Groups with no visible member are left out.
    pub fn component_sections(&self) -> Vec<ComponentSection<'_>> {
        let mut sections: Vec<ComponentSection<'_>> = Vec::new();
        // Where each group's section is, by the group's index in `groups`, once it has one.
        let mut group_sections: Vec<Option<usize>> = vec![None; self.groups.len()];
        for (index, component) in self.components.iter().enumerate() {
            if !component.is_visible() {
                continue;
            }
            let listed = Listed { index, component };
            let group = component
                .group
                .as_deref()
                .and_then(|id| self.groups.iter().position(|g| g.id == id));
            let Some(group) = group else {
                sections.push(ComponentSection::Single(listed));
                continue;
            };
            match group_sections[group] {
                Some(section) => {
                    if let ComponentSection::Group(_, members) = &mut sections[section] {
                        members.push(listed);
                    }
                }
                None => {
                    group_sections[group] = Some(sections.len());
                    sections.push(ComponentSection::Group(&self.groups[group], vec![listed]));
                }
            }
        }
        sections
    }

    /// Whether visitors can report problems: the feed says where, and offers symptoms to choose.
    pub fn takes_reports(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|settings| !settings.symptoms.is_empty())
    }

    /// Incidents still open, most recently started first.
    pub fn active_incidents(&self) -> Vec<&Incident> {
        let mut active: Vec<_> = self.incidents.iter().filter(|i| i.is_active()).collect();
        newest_first(&mut active, |incident| incident.started_at);
        active
    }

    /// What a corner notice (the `toast` view) may announce, in order: ongoing incidents,
    /// newest first, then maintenance windows not completed. Each has a key that stays the same
    /// across refreshes, so a visitor's dismissal sticks to it.
    pub fn notices(&self) -> Vec<Notice<'_>> {
        // Plain loops and pushes: stage one carries this, and iterator chains and `concat`
        // cost its wasm kilobytes.
        let key = |kind: &str, id: &str| {
            let mut key = String::with_capacity(kind.len() + id.len());
            key.push_str(kind);
            key.push_str(id);
            key
        };
        let mut notices = Vec::new();
        for incident in self.active_incidents() {
            notices.push(Notice {
                key: key("incident:", &incident.id),
                title: &incident.title,
                window: None,
            });
        }
        for window in &self.maintenances {
            let during = match window.status {
                MaintenanceStatus::InProgress | MaintenanceStatus::Verifying => None,
                MaintenanceStatus::Completed => continue,
                MaintenanceStatus::Scheduled | MaintenanceStatus::Unknown => {
                    Some((window.starts_at, window.ends_at))
                }
            };
            notices.push(Notice {
                key: key("maintenance:", &window.id),
                title: &window.title,
                window: during,
            });
        }
        notices
    }

    /// Closed incidents that ended within the last `days` days, most recent first.
    pub fn recent_incidents(&self, now: Timestamp, days: u32) -> Vec<&Incident> {
        let since = now.minus_days(days);
        let mut recent: Vec<_> = self
            .incidents
            .iter()
            .filter(|i| !i.is_active() && i.ended_at() >= since)
            .collect();
        newest_first(&mut recent, Incident::ended_at);
        recent
    }

    /// Maintenance windows that are under way or still to come, soonest first.
    pub fn current_and_upcoming_maintenances(&self, now: Timestamp) -> Vec<&Maintenance> {
        let mut windows: Vec<_> = self
            .maintenances
            .iter()
            .filter(|m| !m.is_over(now))
            .collect();
        sort_by_key(&mut windows, |m| (m.starts_at.unix_millis(), &m.id));
        windows
    }

    /// Moves every time in the feed by the same amount so that `checked_at` becomes `now`.
    /// Used for the built-in demo, whose file is static but should read as if checked just now.
    pub fn rebased_to(mut self, now: Timestamp) -> Feed {
        let Some(checked_at) = self.checked_at else {
            return self;
        };
        let offset = now.unix_millis().saturating_sub(checked_at.unix_millis());
        let shift = |t: &mut Timestamp| *t = t.shifted(offset);
        // History days move by the days between the two dates, so "today" stays today.
        let day_offset =
            now.utc_date().days_since_unix_epoch() - checked_at.utc_date().days_since_unix_epoch();
        for component in &mut self.components {
            for record in &mut component.history {
                record.date = CalendarDate::from_days_since_unix_epoch(
                    record.date.days_since_unix_epoch() + day_offset,
                );
            }
        }
        self.checked_at = Some(now);
        for incident in &mut self.incidents {
            shift(&mut incident.started_at);
            incident.resolved_at.as_mut().map(shift);
            incident.updates.iter_mut().for_each(|u| shift(&mut u.at));
        }
        for window in &mut self.maintenances {
            shift(&mut window.starts_at);
            shift(&mut window.ends_at);
            window.updates.iter_mut().for_each(|u| shift(&mut u.at));
        }
        if let Some(community) = &mut self.community {
            community
                .buckets
                .iter_mut()
                .for_each(|b| shift(&mut b.start));
        }
        self
    }
}

/// Sorts incidents newest first by `time`, ties by id.
fn newest_first(incidents: &mut Vec<&Incident>, time: fn(&Incident) -> Timestamp) {
    sort_by_key(incidents, |i| {
        (time(i).unix_millis().saturating_neg(), &i.id)
    });
}

/// One entry of the component list: a component on its own or a group with its members.
#[derive(Clone, Debug, PartialEq)]
pub enum ComponentSection<'a> {
    Single(Listed<'a>),
    Group(&'a Group, Vec<Listed<'a>>),
}

/// A component as listed, with its index in `Feed::components`, by which a view finds it
/// again in the next version of the feed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Listed<'a> {
    pub index: usize,
    pub component: &'a Component,
}

impl ComponentSection<'_> {
    /// The worst status within the section, for a group's summary badge.
    pub fn status(&self) -> Status {
        match self {
            ComponentSection::Single(listed) => listed.component.status,
            ComponentSection::Group(_, members) => {
                Status::worst(members.iter().map(|listed| listed.component.status))
            }
        }
    }
}

impl Component {
    /// Whether a visitor sees it: one marked `only_show_if_degraded` stays hidden while it
    /// is operational.
    pub fn is_visible(&self) -> bool {
        !self.only_show_if_degraded || self.status != Status::Operational
    }

    /// The component's record for each of the `days` days up to and including `today`, oldest
    /// first; `None` for a day the feed has no record of.
    pub fn history_window(&self, today: CalendarDate, days: u32) -> Vec<Option<&DayRecord>> {
        let last = today.days_since_unix_epoch();
        let first = last - i64::from(days) + 1;
        let mut window = vec![None; days as usize];
        for record in &self.history {
            let day = record.date.days_since_unix_epoch();
            if (first..=last).contains(&day) {
                // In range, so the offset is below `days`.
                window[(day - first) as usize] = Some(record);
            }
        }
        window
    }
}

impl Incident {
    /// Open unless its status says it is over. A `resolved_at` without a closed status is not
    /// enough: publishers sometimes fill it in before they finish posting updates.
    pub fn is_active(&self) -> bool {
        !self.status.is_closed()
    }

    /// When the incident ended: its resolution time, or for a closed incident without one,
    /// its latest update (or its start).
    pub fn ended_at(&self) -> Timestamp {
        self.resolved_at.unwrap_or_else(|| {
            self.updates
                .iter()
                .map(|u| u.at)
                .max()
                .unwrap_or(self.started_at)
                .max(self.started_at)
        })
    }

    /// How long the incident lasted, or has lasted so far if it is still open.
    pub fn duration(&self, now: Timestamp) -> Duration {
        let end = if self.is_active() {
            now
        } else {
            self.ended_at()
        };
        end.since(self.started_at)
    }
}

/// Something under way that a corner notice announces; see [`Feed::notices`].
#[derive(Clone, Debug, PartialEq)]
pub struct Notice<'a> {
    pub key: String,
    pub title: &'a str,
    /// When it is under way, from (inclusive) until (exclusive); none means now, whatever the
    /// time, as an incident still open or a maintenance its status says is in progress.
    pub window: Option<(Timestamp, Timestamp)>,
}

impl Notice<'_> {
    pub fn is_under_way(&self, now: Timestamp) -> bool {
        self.window
            .is_none_or(|(from, until)| from <= now && now < until)
    }
}

impl Maintenance {
    pub fn is_in_progress(&self, now: Timestamp) -> bool {
        match self.status {
            MaintenanceStatus::InProgress | MaintenanceStatus::Verifying => true,
            MaintenanceStatus::Completed => false,
            MaintenanceStatus::Scheduled | MaintenanceStatus::Unknown => {
                self.starts_at <= now && now < self.ends_at
            }
        }
    }

    pub fn is_over(&self, now: Timestamp) -> bool {
        !self.is_in_progress(now)
            && (self.status == MaintenanceStatus::Completed || self.ends_at <= now)
    }
}
