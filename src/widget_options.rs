//! What a widget is asked to show, read the same way from a `<status-widget>` element's
//! attributes and from the standalone page's query parameters.

use crate::feed_loader::FeedSource;

/// How much of the status a widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetView {
    /// One line: service name and status, fits in a navigation bar.
    Badge,
    /// The badge line, the components and ongoing incidents.
    Compact,
    /// The whole status page.
    Full,
    /// A corner notice, shown only while an incident or maintenance is under way.
    Toast,
    /// "Report a problem" on its own, when the feed takes reports.
    Report,
}

/// The colour scheme: the visitor's preference, or forced light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl WidgetView {
    pub const ALL: [WidgetView; 5] = [
        WidgetView::Badge,
        WidgetView::Compact,
        WidgetView::Full,
        WidgetView::Toast,
        WidgetView::Report,
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "badge" => Some(WidgetView::Badge),
            "compact" => Some(WidgetView::Compact),
            "full" => Some(WidgetView::Full),
            "toast" => Some(WidgetView::Toast),
            "report" => Some(WidgetView::Report),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            WidgetView::Badge => "badge",
            WidgetView::Compact => "compact",
            WidgetView::Full => "full",
            WidgetView::Toast => "toast",
            WidgetView::Report => "report",
        }
    }
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Every attribute of `<status-widget>`, which are also the standalone page's query
/// parameters. Stage one's `observedAttributes`, the standalone page's form and the embedding
/// docs list them too; a test keeps those lists equal to this one.
pub const ATTRIBUTES: [&str; 8] = [
    "feed", "view", "theme", "lang", "href", "refresh", "report", "days",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetOptions {
    pub source: FeedSource,
    pub view: WidgetView,
    pub theme: Theme,
    /// Language of the widget's text, as a BCP 47 tag.
    pub lang: Option<String>,
    /// Where the badge links to; by default the feed's status page.
    pub href: Option<String>,
    /// Refresh interval override, in seconds.
    pub refresh: Option<u32>,
    /// Whether to offer "Report a problem" when the feed takes reports (`report="off"` hides it).
    pub report: bool,
    /// How many days back the full view lists resolved incidents.
    pub days: u32,
}

/// Resolved incidents listed by default, and the most that can be asked for.
pub const DEFAULT_DAYS: u32 = 30;
pub const MAX_DAYS: u32 = 365;

impl WidgetOptions {
    /// Reads the options through `setting` (an attribute or query parameter lookup). Values
    /// that cannot be understood fall back to the defaults rather than failing.
    pub fn read(
        setting: impl Fn(&str) -> Option<String>,
        default_view: WidgetView,
    ) -> WidgetOptions {
        let non_empty = |name: &str| {
            setting(name)
                .map(|value| value.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        WidgetOptions {
            source: FeedSource::from_setting(non_empty("feed")),
            view: non_empty("view")
                .and_then(|v| WidgetView::from_name(&v))
                .unwrap_or(default_view),
            theme: non_empty("theme")
                .and_then(|t| Theme::from_name(&t))
                .unwrap_or(Theme::Auto),
            lang: non_empty("lang"),
            href: non_empty("href"),
            refresh: non_empty("refresh").and_then(|r| r.parse().ok()),
            report: !non_empty("report").is_some_and(|r| r.eq_ignore_ascii_case("off")),
            days: non_empty("days")
                .and_then(|d| d.parse::<u32>().ok())
                .filter(|d| (1..=MAX_DAYS).contains(d))
                .unwrap_or(DEFAULT_DAYS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoted words of the first `[...]` after `marker` in `text`.
    fn quoted_list_after(text: &str, marker: &str) -> Vec<String> {
        let after = &text[text.find(marker).expect(marker)..];
        let list = &after[after.find('[').unwrap() + 1..after.find(']').unwrap()];
        list.split(',')
            .map(|item| item.trim().trim_matches('\'').to_owned())
            .filter(|item| !item.is_empty())
            .collect()
    }

    /// The `value`s of the `<option>`s of `<select name="NAME">` in `html`.
    fn options_of_select(html: &str, name: &str) -> Vec<String> {
        let start = html.find(&format!("<select name=\"{name}\">")).expect(name);
        let select = &html[start..start + html[start..].find("</select>").unwrap()];
        select
            .split("<option value=\"")
            .skip(1)
            .map(|option| option[..option.find('"').unwrap()].to_owned())
            .collect()
    }

    /// The first cells of the attribute table in `docs/embedding.md`, and each row's values.
    fn documented_attributes(markdown: &str) -> Vec<(String, String)> {
        markdown
            .lines()
            .skip_while(|line| !line.starts_with("| attribute |"))
            .skip(2)
            .take_while(|line| line.starts_with("| `"))
            .map(|line| {
                let cells: Vec<&str> = line.split(" | ").collect();
                (
                    cells[0]
                        .trim_start_matches("| ")
                        .trim_matches('`')
                        .to_owned(),
                    cells[1].to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn every_list_of_the_attributes_is_this_one() {
        let stage_one = include_str!("../embed/stage-one.js");
        assert_eq!(
            quoted_list_after(stage_one, "observedAttributes"),
            ATTRIBUTES
        );
        assert_eq!(
            quoted_list_after(stage_one, "const VIEWS"),
            WidgetView::ALL.map(WidgetView::as_str)
        );
        let mut asked = Vec::new();
        let asked_for = std::cell::RefCell::new(&mut asked);
        WidgetOptions::read(
            |name| {
                asked_for.borrow_mut().push(name.to_owned());
                None
            },
            WidgetView::Compact,
        );
        asked.sort();
        let mut attributes = ATTRIBUTES.map(str::to_owned).to_vec();
        attributes.sort();
        assert_eq!(
            asked, attributes,
            "WidgetOptions::read reads each attribute"
        );

        let documented = documented_attributes(include_str!("../docs/embedding.md"));
        let mut documented_names: Vec<String> =
            documented.iter().map(|(name, _)| name.clone()).collect();
        documented_names.sort();
        assert_eq!(documented_names, attributes, "docs/embedding.md");
        let values_of = |attribute: &str| {
            documented
                .iter()
                .find(|(name, _)| name == attribute)
                .unwrap()
                .1
                .clone()
        };
        let views = WidgetView::ALL
            .map(|view| format!("`{}`", view.as_str()))
            .join(", ");
        assert_eq!(values_of("view"), views);
        let themes = Theme::ALL
            .map(|theme| format!("`{}`", theme.as_str()))
            .join(", ");
        assert_eq!(values_of("theme"), themes);

        let page = include_str!("../index.html");
        assert_eq!(
            options_of_select(page, "view"),
            WidgetView::ALL.map(WidgetView::as_str)
        );
        assert_eq!(
            options_of_select(page, "theme"),
            Theme::ALL.map(Theme::as_str)
        );
        for view in WidgetView::ALL {
            assert_eq!(WidgetView::from_name(view.as_str()), Some(view));
        }
        for theme in Theme::ALL {
            assert_eq!(Theme::from_name(theme.as_str()), Some(theme));
        }
        let app_docs = include_str!("app.rs");
        let listed = ATTRIBUTES.map(|name| format!("`{name}`")).join(", ");
        assert!(
            app_docs.contains(&listed),
            "app.rs names the parameters: {listed}"
        );
    }

    fn read(pairs: &[(&str, &str)]) -> WidgetOptions {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        WidgetOptions::read(
            |name| {
                pairs
                    .iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.clone())
            },
            WidgetView::Compact,
        )
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let options = read(&[]);
        assert_eq!(options.source, FeedSource::Demo);
        assert_eq!(options.view, WidgetView::Compact);
        assert_eq!(options.theme, Theme::Auto);
        assert_eq!(
            (options.lang, options.href, options.refresh),
            (None, None, None)
        );
        assert!(options.report);
        assert_eq!(options.days, DEFAULT_DAYS);
    }

    #[test]
    fn reads_every_setting_leniently() {
        let options = read(&[
            ("feed", " https://example.com/status.json "),
            ("view", "BADGE"),
            ("theme", "dark"),
            ("lang", "de"),
            ("href", "https://status.example.com"),
            ("refresh", "120"),
            ("report", "OFF"),
            ("days", "90"),
        ]);
        assert_eq!(
            options.source,
            FeedSource::Url("https://example.com/status.json".into())
        );
        assert_eq!(options.view, WidgetView::Badge);
        assert_eq!(options.theme, Theme::Dark);
        assert_eq!(options.lang.as_deref(), Some("de"));
        assert_eq!(options.refresh, Some(120));
        assert!(!options.report);
        assert_eq!(options.days, 90);
        let odd = read(&[
            ("view", "sidebar"),
            ("theme", "sepia"),
            ("refresh", "soon"),
            ("feed", "  "),
            ("report", "maybe"),
            ("days", "0"),
        ]);
        assert_eq!(
            (odd.view, odd.theme, odd.refresh),
            (WidgetView::Compact, Theme::Auto, None)
        );
        assert_eq!(odd.source, FeedSource::Demo);
        assert!(odd.report, "only \"off\" turns reporting off");
        assert_eq!(odd.days, DEFAULT_DAYS, "out of 1 to 365");
    }
}
