//! Every word the widget shows, in each language it speaks: one table, each message with its
//! translations side by side, so a missing translation is a compile error. The table's first
//! part is what badges and toasts say: stage one of the embed carries only that part
//! (`BadgeMessages`), and the Leptos widget (stage two) all of it (`Messages`). Dates, times and
//! numbers are not here: `intl` formats them for the widget's locale.
//!
//! A widget's language comes from its `lang` attribute (or the page's `lang=` parameter), then
//! the page's own `lang`, then the browser's languages; the first one the table speaks wins,
//! and English is the fallback. Templates mark values as `{0}`, `{1}`, ...

pub mod time_units;

use std::sync::Arc;

use status_feed::{Impact, IncidentStatus, MaintenanceStatus, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    German,
}

impl Language {
    fn from_code(code: &str) -> Option<Language> {
        match code {
            "en" => Some(Language::English),
            "de" => Some(Language::German),
            _ => None,
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Language::English => &ENGLISH,
            Language::German => &GERMAN,
        }
    }

    /// The words badges and toasts need: all that stage one of the embed carries.
    pub fn badge_messages(self) -> &'static BadgeMessages {
        self.messages().badge
    }

    /// The same words as the end of a JSON object: `,"name":"words",...}`, written at compile
    /// time, for stage one to put after its own first field.
    pub fn badge_json_fields(self) -> &'static str {
        match self {
            Language::English => BADGE_JSON_ENGLISH,
            Language::German => BADGE_JSON_GERMAN,
        }
    }
}

/// The language a widget speaks, and the locale `Intl` formats its dates and numbers in
/// (the visitor's own tag, e.g. `de-AT`, when it names the language spoken).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    pub language: Language,
    pub tag: Arc<str>,
}

impl Locale {
    /// The first of `preferences` (BCP 47 tags, most wanted first) that the table speaks;
    /// English otherwise.
    pub fn choose<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Locale {
        preferences
            .into_iter()
            .map(str::trim)
            .find_map(|tag| {
                let tag = tag.replace('_', "-");
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                let language = Language::from_code(&primary)?;
                // `Intl` throws on a malformed tag; such a tag still names the language.
                let tag = if is_plain_tag(&tag) { tag } else { primary };
                Some(Locale {
                    language,
                    tag: tag.into(),
                })
            })
            .unwrap_or_else(|| Locale {
                language: Language::English,
                tag: "en".into(),
            })
    }
}

/// A language, optionally with a script and a region ("de", "de-AT", "zh-Hant-TW", "es-419"):
/// the tags `Intl` is sure to take.
fn is_plain_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let letters = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !subtags
        .next()
        .is_some_and(|language| letters(language, 2..=3))
    {
        return false;
    }
    // Walked, not collected: stage one carries this.
    let mut next = subtags.next();
    if next.is_some_and(|script| letters(script, 4..=4)) {
        next = subtags.next();
    }
    match next {
        None => true,
        Some(region) => {
            (letters(region, 2..=2)
                || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit())))
                && subtags.next().is_none()
        }
    }
}

/// `template` with `{0}`, `{1}`, ... replaced by `values`; an unknown index is left out.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut filled = String::with_capacity(template.len() + 32);
    let mut parts = template.split('{');
    filled.push_str(parts.next().unwrap_or_default());
    for part in parts {
        match part.split_once('}') {
            Some((index, rest)) => {
                let value = index.parse::<usize>().ok().and_then(|i| values.get(i));
                filled.push_str(value.copied().unwrap_or_default());
                filled.push_str(rest);
            }
            None => {
                filled.push('{');
                filled.push_str(part);
            }
        }
    }
    filled
}

/// The form of a counted message: English and German both use the singular for exactly one.
pub fn plural(count: u64, one: &'static str, other: &'static str) -> &'static str {
    if count == 1 { one } else { other }
}

/// A status in words; stage one's texts suffice. The words of a status are named
/// `status_<its name>`, which is how stage one finds them.
pub fn status_label(t: &'static BadgeMessages, status: Status) -> &'static str {
    match status {
        Status::Operational => t.status_operational,
        Status::Maintenance => t.status_maintenance,
        Status::Degraded => t.status_degraded,
        Status::PartialOutage => t.status_partial_outage,
        Status::MajorOutage => t.status_major_outage,
        Status::Unknown => t.status_unknown,
    }
}

pub fn impact_label(t: &'static Messages, impact: Impact) -> &'static str {
    match impact {
        Impact::None => t.impact_none,
        Impact::Minor => t.impact_minor,
        Impact::Major => t.impact_major,
        Impact::Critical => t.impact_critical,
        Impact::Maintenance => t.impact_maintenance,
        Impact::Unknown => t.impact_unknown,
    }
}

pub fn incident_status_label(t: &'static Messages, status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Investigating => t.investigating,
        IncidentStatus::Identified => t.identified,
        IncidentStatus::Monitoring => t.monitoring,
        IncidentStatus::Resolved => t.resolved,
        IncidentStatus::Postmortem => t.postmortem,
        IncidentStatus::Unknown => t.update,
    }
}

pub fn maintenance_status_label(t: &'static Messages, status: MaintenanceStatus) -> &'static str {
    match status {
        MaintenanceStatus::Scheduled => t.scheduled,
        MaintenanceStatus::InProgress => t.in_progress,
        MaintenanceStatus::Verifying => t.verifying,
        MaintenanceStatus::Completed => t.completed,
        MaintenanceStatus::Unknown => t.update,
    }
}

macro_rules! message_table {
    (
        badge { $($badge_name:ident: $badge_english:literal, $badge_german:literal;)* }
        rest { $($name:ident: $english:literal, $german:literal;)* }
    ) => {
        pub struct BadgeMessages {
            $(pub $badge_name: &'static str,)*
        }

        pub struct Messages {
            /// What badges and toasts say, shared with stage one.
            pub badge: &'static BadgeMessages,
            $(pub $name: &'static str,)*
        }

        static BADGE_ENGLISH: BadgeMessages = BadgeMessages { $($badge_name: $badge_english,)* };
        static BADGE_GERMAN: BadgeMessages = BadgeMessages { $($badge_name: $badge_german,)* };
        pub static ENGLISH: Messages = Messages { badge: &BADGE_ENGLISH, $($name: $english,)* };
        pub static GERMAN: Messages = Messages { badge: &BADGE_GERMAN, $($name: $german,)* };

        // A Rust string literal of plain text is a JSON string too; a test parses these.
        const BADGE_JSON_ENGLISH: &str =
            concat!($(",\"", stringify!($badge_name), "\":", stringify!($badge_english),)* "}");
        const BADGE_JSON_GERMAN: &str =
            concat!($(",\"", stringify!($badge_name), "\":", stringify!($badge_german),)* "}");

        /// How many messages badges and toasts have.
        #[cfg(test)]
        const BADGE_COUNT: usize = [$(stringify!($badge_name)),*].len();

        /// Every message as (name, English, German), for checking the translations.
        #[cfg(test)]
        const ALL: &[(&str, &str, &str)] = &[
            $((stringify!($badge_name), $badge_english, $badge_german),)*
            $((stringify!($name), $english, $german),)*
        ];
    };
}

message_table! {
    badge {
        status_operational: "Operational", "Betriebsbereit";
        status_maintenance: "Under maintenance", "In Wartung";
        status_degraded: "Degraded performance", "Eingeschränkte Leistung";
        status_partial_outage: "Partial outage", "Teilausfall";
        status_major_outage: "Major outage", "Großer Ausfall";
        status_unknown: "Status unknown", "Status unbekannt";
        loading: "Loading status…", "Status wird geladen …";
        unavailable: "Status unavailable", "Status nicht verfügbar";
        reason_network: "the status feed cannot be reached", "der Status-Feed ist nicht erreichbar";
        reason_timeout: "the status feed is not responding", "der Status-Feed antwortet nicht";
        reason_http: "the status feed answered with an error (HTTP {0})", "der Status-Feed meldet einen Fehler (HTTP {0})";
        reason_invalid: "the status feed sent data that could not be read", "der Status-Feed hat unlesbare Daten geschickt";
        showing_old_data: "Showing older data: {0}.", "Angezeigt werden ältere Daten: {0}.";
        data_from: "Data from {0}.", "Stand: {0}.";
        next_try: "Next try {0}.", "Nächster Versuch {0}.";
        showing_saved_data: "Showing a saved copy while the status feed loads.", "Angezeigt wird eine gespeicherte Kopie, während der Status-Feed lädt.";
        details: "Details", "Details";
        service_notice: "Service notice", "Hinweis zum Dienst";
        dismiss_notice: "Dismiss this notice", "Hinweis schließen";
        report_a_problem: "Report a problem", "Problem melden";
        stage_two_unavailable: "This part of the status widget could not be loaded.", "Dieser Teil des Status-Widgets konnte nicht geladen werden.";
    }
    rest {
        impact_none: "No impact", "Keine Auswirkung";
        impact_minor: "Minor impact", "Geringe Auswirkung";
        impact_major: "Major impact", "Große Auswirkung";
        impact_critical: "Critical impact", "Kritische Auswirkung";
        impact_maintenance: "Maintenance", "Wartung";
        impact_unknown: "Impact unknown", "Auswirkung unbekannt";

        investigating: "Investigating", "Wird untersucht";
        identified: "Identified", "Ursache gefunden";
        monitoring: "Monitoring", "Wird beobachtet";
        resolved: "Resolved", "Behoben";
        postmortem: "Post-mortem", "Nachbetrachtung";
        update: "Update", "Aktualisierung";
        scheduled: "Scheduled", "Geplant";
        in_progress: "In progress", "Läuft";
        verifying: "Verifying", "Wird geprüft";
        completed: "Completed", "Abgeschlossen";

        widget_stopped: "The status widget stopped working. Reload the page to try again.", "Das Status-Widget funktioniert nicht mehr. Laden Sie die Seite neu, um es noch einmal zu versuchen.";
        feed_label: "Feed: ", "Feed: ";
        error_network: "The status feed could not be reached. The network may be down, or the feed's server does not allow this page to read it (CORS).", "Der Status-Feed war nicht erreichbar. Vielleicht ist das Netz gestört, oder der Server des Feeds erlaubt dieser Seite das Lesen nicht (CORS).";
        error_timeout: "The status feed did not answer in time.", "Der Status-Feed hat nicht rechtzeitig geantwortet.";
        error_http: "The status feed answered with an error (HTTP {0}).", "Der Status-Feed hat mit einem Fehler geantwortet (HTTP {0}).";
        error_invalid: "The status feed could not be read:", "Der Status-Feed konnte nicht gelesen werden:";

        last_checked: "Last checked ", "Zuletzt geprüft ";
        check_time_unknown: "Check time not published", "Prüfzeit nicht angegeben";
        page_title: "{0} status", "Status: {0}";
        demo_note: "Demo data: a made-up AI API, shown as if checked just now.", "Demodaten: eine erfundene KI-API, angezeigt, als wäre sie gerade geprüft worden.";
        website: "Website", "Website";
        atom_feed: "Incidents as an Atom feed", "Vorfälle als Atom-Feed";
        source_stale: "The source of this status has not answered since {0}; this is the last status it gave.", "Die Quelle dieses Status antwortet seit {0} nicht; dies ist ihr letzter Stand.";
        full_status_page: "Full status page", "Vollständige Statusseite";

        heading_community: "What we're seeing right now", "Was wir gerade sehen";
        heading_components: "Components", "Komponenten";
        heading_incidents: "Incidents", "Vorfälle";
        heading_maintenance: "Scheduled maintenance", "Geplante Wartungen";
        heading_guide: "About these errors", "Über diese Fehler";

        no_components: "This feed lists no components.", "Dieser Feed nennt keine Komponenten.";
        all_hidden_operational: "All components are operational.", "Alle Komponenten sind betriebsbereit.";
        history_summary: "Last {0} days: {1} with problems", "Letzte {0} Tage: {1} mit Problemen";
        uptime: "{0} uptime", "{0} verfügbar";
        days_ago: "{0} days ago", "vor {0} Tagen";
        today: "Today", "Heute";
        no_data: "no data", "keine Daten";
        minutes_down: "{0} min down", "{0} Min. Ausfall";

        ongoing: "Ongoing", "Laufend";
        past_day: "Past day", "Letzter Tag";
        past_days: "Past {0} days", "Letzte {0} Tage";
        no_incidents_day: "No incidents in the past day.", "Keine Vorfälle am letzten Tag.";
        no_incidents: "No incidents in the past {0} days.", "Keine Vorfälle in den letzten {0} Tagen.";
        show_more: "Show {0} more", "{0} weitere anzeigen";
        started: " · started ", " · begonnen am ";
        ongoing_for: " · ongoing for ", " · seit ";
        lasted: " · lasted ", " · Dauer ";
        affects: "Affects: ", "Betrifft: ";
        updates_one: "{0} update", "{0} Aktualisierung";
        updates_other: "{0} updates", "{0} Aktualisierungen";

        error_signatures: "Error signatures", "Fehlermeldungen";
        common_causes: "Common causes", "Häufige Ursachen";
        how_to_fix: "How to fix it", "So beheben Sie es";
        resources: "Resources", "Weitere Informationen";
        faq: "Frequently asked questions", "Häufige Fragen";

        no_recent_reports: "No reports from visitors in the last {0}.", "Keine Meldungen von Besuchern in den letzten {0}.";
        recent_reports_one: "{0} report from visitors in the last {1}", "{0} Meldung von Besuchern in den letzten {1}";
        recent_reports_other: "{0} reports from visitors in the last {1}", "{0} Meldungen von Besuchern in den letzten {1}";
        usually_none: ", where there are usually none.", ", sonst gibt es keine.";
        about_usual: ", about the usual number.", ", etwa so viele wie sonst.";
        times_usual: ", about {0}× the usual.", ", etwa {0}-mal so viele wie sonst.";
        elevated_while_operational: "More visitors than usual report problems, while the official status is still operational.", "Mehr Besucher als sonst melden Probleme, während der offizielle Status noch „betriebsbereit“ ist.";
        elevated: "More visitors than usual report problems.", "Mehr Besucher als sonst melden Probleme.";
        some_reports: "A few visitors report problems.", "Einige Besucher melden Probleme.";
        reports_caveat: "Reports come from visitors and are not confirmed; they do not mean an outage by themselves.", "Meldungen kommen von Besuchern und sind nicht bestätigt; für sich allein bedeuten sie keinen Ausfall.";
        chart_summary: "Reports per {0} over the last {1}: {2} in all, at most {3} in one interval.", "Meldungen je {0} in den letzten {1}: insgesamt {2}, höchstens {3} in einem Intervall.";
        reports_one: "{0} report", "{0} Meldung";
        reports_other: "{0} reports", "{0} Meldungen";

        report_intro: "Reports from visitors are counted and shown as a community signal. On their own they do not confirm an outage.", "Meldungen von Besuchern werden gezählt und als Signal der Nutzer gezeigt. Für sich allein bestätigen sie keinen Ausfall.";
        which_part: "Which part is affected?", "Welcher Teil ist betroffen?";
        what_you_see: "What do you see?", "Was sehen Sie?";
        note_optional: "Note (optional)", "Notiz (optional)";
        send_report: "Send report", "Meldung senden";
        sending: "Sending…", "Wird gesendet …";
        try_again: "Try again", "Erneut versuchen";
        cancel: "Cancel", "Abbrechen";
        close: "Close", "Schließen";
        reported_recently: "You reported this component recently. You can report it again after {0}.", "Sie haben diese Komponente kürzlich gemeldet. Eine neue Meldung ist ab {0} möglich.";
        note_too_long: "The note must be at most {0} characters.", "Die Notiz darf höchstens {0} Zeichen lang sein.";
        note_control_characters: "The note must not contain control characters other than line breaks and tabs.", "Die Notiz darf außer Zeilenumbrüchen und Tabulatoren keine Steuerzeichen enthalten.";
        report_counted: "Thank you: your report was counted.", "Danke, Ihre Meldung wurde gezählt.";
        report_counted_in_signal: "Thank you: your report was counted. It shows in “What we're seeing right now” after the next refresh.", "Danke, Ihre Meldung wurde gezählt. Sie erscheint nach der nächsten Aktualisierung unter „Was wir gerade sehen“.";
        report_demo: "This is the demo feed, so the report was not sent anywhere. On a real feed it goes to the feed's report address.", "Dies ist der Demo-Feed, die Meldung wurde also nirgendwohin gesendet. Bei einem echten Feed geht sie an dessen Meldeadresse.";
        report_offline: "You are offline. Your report is kept here; send it again when you are back online.", "Sie sind offline. Ihre Meldung bleibt hier erhalten; senden Sie sie erneut, wenn Sie wieder online sind.";
        report_unreachable: "The report server could not be reached. Your report is kept here; try again.", "Der Meldeserver war nicht erreichbar. Ihre Meldung bleibt hier erhalten; versuchen Sie es erneut.";
        report_timeout: "The report server did not answer in time. Your report is kept here; try again, it will not be counted twice.", "Der Meldeserver hat nicht rechtzeitig geantwortet. Ihre Meldung bleibt hier erhalten; versuchen Sie es erneut, sie wird nicht doppelt gezählt.";
        report_rate_limited: "Too many reports from your network just now. Try again in {0}.", "Gerade kommen zu viele Meldungen aus Ihrem Netz. Versuchen Sie es in {0} erneut.";
        report_rate_limited_later: "Too many reports from your network just now. Try again later.", "Gerade kommen zu viele Meldungen aus Ihrem Netz. Versuchen Sie es später erneut.";
        report_refused: "The report was not accepted: {0}", "Die Meldung wurde nicht angenommen: {0}";
        report_refused_no_reason: "The report was not accepted.", "Die Meldung wurde nicht angenommen.";
        report_server_fault: "The report server had a problem. Your report is kept here; try again, it will not be counted twice.", "Beim Meldeserver ist ein Fehler aufgetreten. Ihre Meldung bleibt hier erhalten; versuchen Sie es erneut, sie wird nicht doppelt gezählt.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(template: &str) -> Vec<&str> {
        let mut found: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(index, _)| index))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_translation_takes_the_same_values() {
        for (name, english, german) in ALL {
            assert_eq!(placeholders(english), placeholders(german), "{name}");
            assert!(!german.is_empty(), "{name}");
        }
    }

    #[test]
    fn the_first_spoken_preference_wins() {
        let chosen = |tags: &[&str]| {
            let locale = Locale::choose(tags.iter().copied());
            (locale.language, locale.tag.to_string())
        };
        assert_eq!(chosen(&["de-AT", "en"]), (Language::German, "de-AT".into()));
        assert_eq!(
            chosen(&["fr-FR", "DE_ch"]),
            (Language::German, "DE-ch".into())
        );
        assert_eq!(chosen(&["en-GB"]), (Language::English, "en-GB".into()));
        assert_eq!(chosen(&["fr", " ", ""]), (Language::English, "en".into()));
        // Malformed tags that name a spoken language keep just the language, for Intl.
        assert_eq!(chosen(&["de-"]), (Language::German, "de".into()));
        assert_eq!(chosen(&["de_DE.UTF-8"]), (Language::German, "de".into()));
        assert_eq!(chosen(&["de-DE@euro"]), (Language::German, "de".into()));
        assert_eq!(
            chosen(&["de-Latn-DE"]),
            (Language::German, "de-Latn-DE".into())
        );
        assert_eq!(chosen(&["en-419"]), (Language::English, "en-419".into()));
        assert_eq!(chosen(&[]), (Language::English, "en".into()));
    }

    #[test]
    fn the_badge_words_are_json_with_every_message() {
        for language in [Language::English, Language::German] {
            let json = format!("{{\"tag\":\"x\"{}", language.badge_json_fields());
            let words: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&json).expect("valid JSON");
            let t = language.badge_messages();
            assert_eq!(words["status_partial_outage"], t.status_partial_outage);
            assert_eq!(words["showing_old_data"], t.showing_old_data);
            assert_eq!(words["stage_two_unavailable"], t.stage_two_unavailable);
            assert_eq!(words.len(), 1 + BADGE_COUNT);
        }
    }

    #[test]
    fn templates_take_values_by_position() {
        assert_eq!(fill("{1} of {0}", &["a", "b"]), "b of a");
        assert_eq!(fill("no values", &[]), "no values");
        assert_eq!(fill("{0} and {7}", &["x"]), "x and ");
        assert_eq!(fill("braces { stay", &[]), "braces { stay");
        assert_eq!(plural(1, "one", "other"), "one");
        assert_eq!(plural(0, "one", "other"), "other");
    }
}
