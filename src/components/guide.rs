use leptos::prelude::*;
use status_feed::Guide;

use crate::messages::texts;

/// Help for someone hitting errors: what they mean, the error signatures, common causes, how
/// to fix them, further reading and questions people ask. Each part only when the feed has it.
#[component]
pub fn GuideSections(guide: Guide) -> impl IntoView {
    let t = texts();
    let signatures = (!guide.signatures.is_empty()).then(|| {
        let rows = guide
            .signatures
            .into_iter()
            .map(|s| view! { <dt><code>{s.signature}</code></dt><dd>{s.meaning}</dd> })
            .collect_view();
        view! {
            <h3>{t.error_signatures}</h3>
            <dl class="sw-guide__signatures">{rows}</dl>
        }
    });
    let list = |heading: &'static str, items: Vec<String>, ordered: bool| {
        (!items.is_empty()).then(|| {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{item}</li> })
                .collect_view();
            let list = if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            };
            view! { <h3>{heading}</h3>{list} }
        })
    };
    let links = guide
        .links
        .into_iter()
        .filter_map(|link| {
            let href = link.url.href()?.to_owned();
            Some(view! { <li><a href=href rel="noopener noreferrer">{link.title}</a></li> })
        })
        .collect::<Vec<_>>();
    let links = (!links.is_empty())
        .then(|| view! { <h3>{t.resources}</h3><ul class="sw-guide__links">{links}</ul> });
    let faq = (!guide.faq.is_empty()).then(|| {
        let entries = guide
            .faq
            .into_iter()
            .map(|entry| {
                view! {
                    <details class="sw-faq">
                        <summary>{entry.question}</summary>
                        <p>{entry.answer}</p>
                    </details>
                }
            })
            .collect_view();
        view! { <h3>{t.faq}</h3>{entries} }
    });
    view! {
        <div class="sw-guide">
            {guide.meaning.map(|meaning| view! { <p class="sw-guide__meaning">{meaning}</p> })}
            {signatures}
            {list(t.common_causes, guide.causes, false)}
            {list(t.how_to_fix, guide.fixes, true)}
            {links}
            {faq}
        </div>
    }
}
