//! Which disclosures the visitor opened or closed, by id. Kept by a view that outlives the
//! parts it rebuilds, so that a refresh which rebuilds a list neither folds what the visitor
//! opened nor leaves it open and empty.

use leptos::prelude::*;

/// Open or closed, per id, for the disclosures the visitor toggled.
#[derive(Clone, Copy)]
pub struct FoldMemory(StoredValue<Vec<(String, bool)>>);

impl Default for FoldMemory {
    fn default() -> Self {
        // A list, not a map: it holds only what the visitor toggled, and costs no hashing code.
        Self(StoredValue::new(Vec::new()))
    }
}

/// A disclosure whose content is made when it is first open: a long page of folded content
/// would otherwise cost nodes nobody looks at.
pub struct LazyDisclosure {
    /// Whether it starts open: as the visitor left it, else the view's default.
    pub open: bool,
    /// True once it has been open; the content is made from then on.
    pub made: RwSignal<bool>,
}

impl FoldMemory {
    /// The disclosure for `id`, open by `default` unless the visitor toggled it, and the
    /// handler of its `toggle` event.
    pub fn disclosure(
        self,
        id: String,
        default: bool,
    ) -> (LazyDisclosure, impl Fn(web_sys::Event) + 'static) {
        let open = self
            .0
            .with_value(|known| {
                known
                    .iter()
                    .find(|(known, _)| *known == id)
                    .map(|(_, open)| *open)
            })
            .unwrap_or(default);
        let made = RwSignal::new(open);
        let on_toggle = move |event: web_sys::Event| {
            let now_open = event_target::<web_sys::Element>(&event).has_attribute("open");
            // Browsers also fire `toggle` for a disclosure made open: only a state other than
            // the default, or a change of one already remembered, is the visitor's doing.
            self.0.update_value(
                |known| match known.iter_mut().find(|(known, _)| *known == id) {
                    Some((_, open)) => *open = now_open,
                    None if now_open != default => known.push((id.clone(), now_open)),
                    None => {}
                },
            );
            if now_open && !made.get_untracked() {
                made.set(true);
            }
        };
        (LazyDisclosure { open, made }, on_toggle)
    }
}
