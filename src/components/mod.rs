//! Views, one component per file with its CSS beside it. Each takes plain feed data (and the
//! current time where it words ages) and renders text only: no feed content reaches the DOM
//! as HTML.

pub mod community_signal;
pub mod component_list;
pub mod freshness_notice;
pub mod guide;
pub mod incident_card;
pub mod incident_list;
pub mod last_checked;
pub mod load_state;
pub mod maintenance_list;
pub mod report_button;
pub mod report_chart;
pub mod report_dialog;
pub mod status_badge;
pub mod status_page;
pub mod summary_line;
pub mod time_stamp;
pub mod toast;
pub mod uptime_history;
pub mod widget;

pub use community_signal::CommunitySignal;
pub use component_list::ComponentList;
pub use freshness_notice::FreshnessNotice;
pub use guide::GuideSections;
pub use incident_card::IncidentCard;
pub use incident_list::IncidentList;
pub use last_checked::{FeedLastChecked, LastChecked};
pub use load_state::{ErrorState, LoadingState};
pub use maintenance_list::MaintenanceList;
pub use report_button::ReportButton;
pub use report_chart::ReportChart;
pub use report_dialog::{ReportDialog, ReportDialogHandle};
pub use status_badge::StatusBadge;
pub use status_page::StatusPage;
pub use summary_line::SummaryLine;
pub use time_stamp::TimeStamp;
pub use toast::Toast;
pub use uptime_history::UptimeHistory;
pub use widget::Widget;
