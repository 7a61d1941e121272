use leptos::html::Dialog;
use leptos::prelude::*;
use status_feed::report::{MAX_NOTE_CHARS, NoteError, ReportAnswer, ReportRequest, check_note};
use status_feed::{Status, Timestamp};

use crate::clock;
use crate::intl;
use crate::live_feed::LiveFeed;
use crate::messages::{Messages, fill, texts};
use crate::report_client::{
    SendFailure, last_reported, new_idempotency_key, remember_reported, send_report,
};

/// Opens the widget's report dialog. Made before the dialog is rendered, and provided as
/// context to the views whose buttons open it.
#[derive(Clone, Copy, Default)]
pub struct ReportDialogHandle {
    dialog: NodeRef<Dialog>,
    /// Whether the dialog is open. Its list of components, hundreds on a large feed, is made
    /// only while it is, and the suggested component is settled on each opening.
    open: RwSignal<bool>,
}

impl ReportDialogHandle {
    pub fn open(self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            self.open.set(true);
            let _ = dialog.show_modal();
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Editing,
    Sending,
    Sent,
    Failed(SendFailure),
}

/// "Report a problem": which component, what the visitor sees, an optional note. A native
/// modal `<dialog>`, so focus stays inside and Escape closes it. It lives beside the views
/// that a feed refresh re-renders, so an update never closes it or loses what was typed;
/// a failed send keeps everything for the retry, under the same idempotency key.
#[component]
pub fn ReportDialog(
    live: LiveFeed,
    handle: ReportDialogHandle,
    now: ReadSignal<Timestamp>,
    demo: bool,
    /// Whether the view it opens from shows visitors' reports ("What we're seeing right
    /// now"), where the thanks can say a counted report will appear.
    shows_signal: bool,
) -> impl IntoView {
    let dialog = handle.dialog;
    let settings = Memo::new(move |_| {
        live.feed
            .with(|feed| feed.as_ref().and_then(|feed| feed.report.clone()))
    });
    let choices = Memo::new(move |_| {
        live.feed.with(|feed| {
            feed.as_ref().map_or_else(Vec::new, |feed| {
                feed.visible_components()
                    .map(|c| (c.id.clone(), c.name.clone(), c.status))
                    .collect::<Vec<_>>()
            })
        })
    });
    let component = RwSignal::new(String::new());
    let symptom = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Editing);
    // The report last attempted, whose key a retry of the same content reuses.
    let last_attempt = StoredValue::new(None::<ReportRequest>);

    // The component to suggest: the first in trouble, else the first.
    let suggestion = |choices: &[(String, String, Status)]| {
        choices
            .iter()
            .find(|(.., status)| status.severity() > Status::Unknown.severity())
            .or(choices.first())
            .map(|(id, ..)| id.clone())
            .unwrap_or_default()
    };
    // Settled when the dialog opens: a refresh while it is open must not move the selection.
    let suggested = Memo::new(move |_| {
        handle.open.track();
        choices.with_untracked(|choices| suggestion(choices))
    });
    // The visitor's choice while the feed still lists it; else the suggestion made on opening,
    // else (if that component left the feed) a new one.
    let chosen = Memo::new(move |_| {
        let picked = component.get();
        let suggested = suggested.get();
        choices.with(|choices| {
            let listed = |id: &String| choices.iter().any(|(listed, ..)| listed == id);
            if listed(&picked) {
                return picked;
            }
            if listed(&suggested) {
                return suggested;
            }
            suggestion(choices)
        })
    });

    // Follows the clock, so the block lifts while the page stays open.
    let blocked_until = move || -> Option<Timestamp> {
        phase.track();
        let settings = settings.get()?;
        let reported = last_reported(settings.url.as_str(), &chosen.get())?;
        let until = settings.may_report_again_at(reported);
        (until > now.get()).then_some(until)
    };
    let note_problem = move || note.with(|note| check_note(note).err());
    let close_button = NodeRef::<leptos::html::Button>::new();

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if phase.get_untracked() == Phase::Sending || blocked_until().is_some() {
            return;
        }
        let Some(settings) = settings.get_untracked() else {
            return;
        };
        let Ok(checked_note) = note.with_untracked(|note| check_note(note)) else {
            return;
        };
        let mut report = ReportRequest {
            component: chosen.get_untracked(),
            symptom: symptom.get_untracked(),
            note: checked_note,
            idempotency_key: String::new(),
        };
        if report.component.is_empty() || report.symptom.is_empty() {
            return;
        }
        report.idempotency_key = last_attempt
            .with_value(|last| {
                last.as_ref()
                    .filter(|last| same_content(last, &report))
                    .map(|last| last.idempotency_key.clone())
            })
            .unwrap_or_else(new_idempotency_key);
        last_attempt.set_value(Some(report.clone()));
        if demo {
            phase.set(Phase::Sent);
            focus_close(close_button);
            return;
        }
        phase.set(Phase::Sending);
        leptos::task::spawn_local(async move {
            let url = settings.url.as_str();
            match send_report(url, &report).await {
                Ok(()) => {
                    remember_reported(url, &report.component, clock::now());
                    last_attempt.set_value(None);
                    phase.set(Phase::Sent);
                    focus_close(close_button);
                }
                Err(failure) => phase.set(Phase::Failed(failure)),
            }
        });
    };

    // A new report starts from a clean form once the last one was sent.
    let on_close = move |_| {
        handle.open.set(false);
        if phase.get_untracked() == Phase::Sent {
            note.set(String::new());
            symptom.set(String::new());
            // The next report starts from the suggestion of its own opening.
            component.set(String::new());
            phase.set(Phase::Editing);
        }
    };
    let close = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };

    let component_options = move || {
        handle.open.get().then(|| {
            choices
                .get()
                .into_iter()
                .map(|(id, name, _)| {
                    let selected = {
                        let id = id.clone();
                        move || chosen.with(|chosen| *chosen == id)
                    };
                    view! { <option value=id prop:selected=selected>{name}</option> }
                })
                .collect_view()
        })
    };
    let symptom_choices = move || {
        settings
            .get()
            .map(|settings| settings.symptoms)
            .unwrap_or_default()
            .into_iter()
            .map(|choice| {
                let id = choice.id.clone();
                let checked = {
                    let id = id.clone();
                    move || symptom.with(|chosen| *chosen == id)
                };
                view! {
                    <label class="sw-report__choice">
                        <input
                            type="radio"
                            name="sw-report-symptom"
                            value=id.clone()
                            required
                            prop:checked=checked
                            on:change=move |_| symptom.set(id.clone())
                        />
                        {choice.label}
                    </label>
                }
            })
            .collect_view()
    };
    let sent = move || phase.with(|phase| *phase == Phase::Sent);
    let t = texts();
    let status_text = move || -> Option<String> {
        match phase.get() {
            Phase::Editing | Phase::Failed(_) if let Some(until) = blocked_until() => {
                Some(fill(t.reported_recently, &[&intl::short_date_time(until)]))
            }
            Phase::Editing => note_problem().map(|problem| match problem {
                NoteError::TooLong => fill(t.note_too_long, &[&MAX_NOTE_CHARS.to_string()]),
                NoteError::ControlCharacter => t.note_control_characters.to_owned(),
            }),
            Phase::Sending => Some(t.sending.to_owned()),
            Phase::Sent if demo => Some(t.report_demo.to_owned()),
            Phase::Sent if shows_signal => Some(t.report_counted_in_signal.to_owned()),
            Phase::Sent => Some(t.report_counted.to_owned()),
            Phase::Failed(failure) => Some(failure_text(&failure, t)),
        }
    };
    let submit_label = move || match phase.get() {
        Phase::Sending => t.sending,
        Phase::Failed(failure) if failure.is_worth_retrying() => t.try_again,
        _ => t.send_report,
    };
    let cannot_send = move || {
        phase.with(|phase| *phase == Phase::Sending)
            || blocked_until().is_some()
            || note_problem().is_some()
    };
    let note_count = move || format!("{} / {MAX_NOTE_CHARS}", note.with(|n| n.chars().count()));

    view! {
        <dialog class="sw-report" node_ref=dialog aria-labelledby="sw-report-title" on:close=on_close>
            <form class="sw-report__form" on:submit=submit>
                <h2 id="sw-report-title" class="sw-report__title">{t.badge.report_a_problem}</h2>
                <div class="sw-report__fields" hidden=sent>
                    <p class="sw-report__intro">{t.report_intro}</p>
                    <label class="sw-report__label" for="sw-report-component">{t.which_part}</label>
                    <select
                        id="sw-report-component"
                        class="sw-report__select"
                        on:change=move |event| component.set(event_target_value(&event))
                    >
                        {component_options}
                    </select>
                    <fieldset class="sw-report__symptoms">
                        <legend class="sw-report__label">{t.what_you_see}</legend>
                        {symptom_choices}
                    </fieldset>
                    <label class="sw-report__label" for="sw-report-note">{t.note_optional}</label>
                    <textarea
                        id="sw-report-note"
                        class="sw-report__note"
                        rows="3"
                        aria-describedby="sw-report-note-count sw-report-status"
                        aria-invalid=move || note_problem().is_some().to_string()
                        prop:value=move || note.get()
                        on:input=move |event| note.set(event_target_value(&event))
                    ></textarea>
                    <p id="sw-report-note-count" class="sw-report__count">{note_count}</p>
                </div>
                <p id="sw-report-status" class="sw-report__status" role="status">{status_text}</p>
                <div class="sw-report__actions">
                    <button type="button" class="sw-button" node_ref=close_button on:click=close>
                        {move || if sent() { t.close } else { t.cancel }}
                    </button>
                    <button type="submit" class="sw-button sw-button--primary" hidden=sent disabled=cannot_send>
                        {submit_label}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// Once the report is sent its form is hidden, submit button included; focus goes to the
/// button that closes the dialog rather than out of the dialog.
fn focus_close(button: NodeRef<leptos::html::Button>) {
    request_animation_frame(move || {
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    });
}

fn same_content(a: &ReportRequest, b: &ReportRequest) -> bool {
    (&a.component, &a.symptom, &a.note) == (&b.component, &b.symptom, &b.note)
}

fn failure_text(failure: &SendFailure, t: &Messages) -> String {
    match failure {
        SendFailure::Offline => t.report_offline.to_owned(),
        SendFailure::Unreachable => t.report_unreachable.to_owned(),
        SendFailure::Timeout => t.report_timeout.to_owned(),
        SendFailure::Answered(ReportAnswer::RateLimited { retry_after }) => match retry_after {
            Some(wait) => fill(t.report_rate_limited, &[&intl::duration(*wait)]),
            None => t.report_rate_limited_later.to_owned(),
        },
        SendFailure::Answered(ReportAnswer::Refused { message }) => match message {
            Some(message) => fill(t.report_refused, &[message]),
            None => t.report_refused_no_reason.to_owned(),
        },
        SendFailure::Answered(_) => t.report_server_fault.to_owned(),
    }
}
