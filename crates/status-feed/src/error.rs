use thiserror::Error;

use crate::adapters::SourceFormat;

/// Why a document could not be turned into a feed. Messages are written for feed authors:
/// they say where (a path such as `components[3].status`) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FeedError {
    #[error("the document is empty")]
    Empty,
    #[error("the document is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("not valid JSON: {0}")]
    Syntax(String),
    #[error(
        "unrecognised format: expected a {} document (with \"version\" for status-feed); when \
         the format cannot be told from the document (an empty list, say), name it \
         explicitly: {}",
        SourceFormat::listed(SourceFormat::title),
        SourceFormat::listed(SourceFormat::as_str)
    )]
    UnknownFormat,
    /// The format is known but its reader is not compiled into this build (the widget leaves
    /// the less common formats out to stay small).
    #[error(
        "{} documents are not read here; read them through status-server's relay, which \
         serves them as native feeds",
        .format.as_str()
    )]
    FormatUnavailable { format: SourceFormat },
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

/// Something the reader fixed or dropped on the way in; the feed is still usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}: {}", self.path, self.message)
    }
}

/// Where in a document a value sits, built on the stack while walking it so that paths are
/// only turned into text when something needs reporting.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Field(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(crate) fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }

    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => formatter.write_str("(top level)"),
            Path::Field(Path::Root, name) => formatter.write_str(name),
            Path::Field(parent, name) => write!(formatter, "{parent}.{name}"),
            Path::Index(parent, index) => write!(formatter, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_serde_paths() {
        let root = Path::Root;
        let incidents = root.field("incidents");
        let third = incidents.index(2);
        let updates = third.field("updates");
        let first = updates.index(0);
        assert_eq!(
            first.field("body").to_string(),
            "incidents[2].updates[0].body"
        );
        assert_eq!(root.to_string(), "(top level)");
    }
}
