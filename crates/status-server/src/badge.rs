//! A shields-style SVG badge: a grey label and a coloured status message. The text comes from
//! feeds and query strings, so every piece of it is XML-escaped.

use status_feed::Status;

use crate::xml::escape_xml;

const HEIGHT: u32 = 20;
const PADDING: f64 = 6.0;
const LABEL_COLOUR: &str = "#555";

/// The words and colour shown for a status. The colours keep white text readable
/// (contrast of at least 4.5:1).
pub fn status_message(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Operational => ("operational", "#2e7d32"),
        Status::Maintenance => ("maintenance", "#1565c0"),
        Status::Degraded => ("degraded", "#8a5300"),
        Status::PartialOutage => ("partial outage", "#b3400f"),
        Status::MajorOutage => ("major outage", "#c62828"),
        Status::Unknown => ("unknown", "#616161"),
    }
}

/// Renders a badge; `label` and `message` are plain text.
pub fn render(label: &str, message: &str, colour: &str) -> String {
    let label_width = text_width(label) + 2.0 * PADDING;
    let message_width = text_width(message) + 2.0 * PADDING;
    let width = label_width + message_width;
    let label_centre = label_width / 2.0;
    let message_centre = label_width + message_width / 2.0;
    let title = escape_xml(&format!("{label}: {message}"));
    let label = escape_xml(label);
    let message = escape_xml(message);
    let colour = escape_xml(colour);
    format!(
        concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height}" role="img" aria-label="{title}">"##,
            r##"<title>{title}</title>"##,
            r##"<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##,
            r##"<clipPath id="r"><rect width="{width:.0}" height="{height}" rx="3" fill="#fff"/></clipPath>"##,
            r##"<g clip-path="url(#r)"><rect width="{label_width:.0}" height="{height}" fill="{label_colour}"/>"##,
            r##"<rect x="{label_width:.0}" width="{message_width:.0}" height="{height}" fill="{colour}"/>"##,
            r##"<rect width="{width:.0}" height="{height}" fill="url(#s)"/></g>"##,
            r##"<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">"##,
            r##"<text x="{label_centre:.1}" y="14">{label}</text>"##,
            r##"<text x="{message_centre:.1}" y="14">{message}</text></g></svg>"##,
        ),
        width = width,
        height = HEIGHT,
        title = title,
        label_width = label_width,
        label_colour = LABEL_COLOUR,
        message_width = message_width,
        colour = colour,
        label_centre = label_centre,
        message_centre = message_centre,
        label = label,
        message = message,
    )
}

/// Approximate width in pixels of text in 11 px Verdana; close enough for a badge, which
/// only needs the text not to overflow its box.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 3.5,
            'f' | 'r' | 't' | ' ' | '(' | ')' | '[' | ']' | '-' => 4.5,
            'm' | 'w' | 'M' | 'W' => 10.0,
            c if c.is_ascii_uppercase() || c.is_ascii_digit() => 7.5,
            c if c.is_ascii() => 6.5,
            // Wide scripts and emoji: err on the generous side.
            _ => 11.0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_an_accessible_name_and_both_texts() {
        let svg = render("API", "operational", "#2e7d32");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"role="img" aria-label="API: operational""#));
        assert!(svg.contains("<title>API: operational</title>"));
        assert!(svg.contains(">API</text>"));
        assert!(svg.contains(">operational</text>"));
        assert!(svg.contains(r##"fill="#2e7d32""##));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn escapes_markup_in_every_text() {
        let svg = render(r#"<script>"&'"#, "a<b", "#555");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&quot;&amp;&apos;"));
        assert!(svg.contains(">a&lt;b</text>"));
    }

    #[test]
    fn longer_text_makes_a_wider_badge() {
        let width = |svg: String| -> u32 {
            let rest = svg.split("width=\"").nth(1).unwrap();
            rest.split('"').next().unwrap().parse().unwrap()
        };
        assert!(
            width(render("status", "major outage", "#c62828"))
                > width(render("status", "ok", "#2e7d32"))
        );
    }

    #[test]
    fn every_status_has_a_message_and_colour() {
        for name in Status::NAMES {
            let (message, colour) = status_message(Status::from_name(name));
            assert!(!message.is_empty());
            assert!(colour.starts_with('#'));
        }
    }
}
