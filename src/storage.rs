//! The browser's localStorage, where the widget keeps small things between visits: saved feed
//! copies, which components a visitor reported, which notices they dismissed.

use web_sys::Storage;

/// localStorage, when this page may use it. It can be missing or throw (privacy modes,
/// sandboxed iframes); callers then simply keep nothing.
pub fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
