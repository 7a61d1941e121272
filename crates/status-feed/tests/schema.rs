//! The committed JSON Schema must be what the types generate. To refresh it after changing
//! the model: `UPDATE_SCHEMA=1 cargo test -p status-feed --test schema`.

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../schema/status-feed-v1.schema.json"
);

#[test]
fn committed_schema_matches_the_types() {
    let generated = status_feed::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/status-feed-v1.schema.json is stale; regenerate it with \
         `UPDATE_SCHEMA=1 cargo test -p status-feed --test schema` and commit the result"
    );
}

#[test]
fn schema_describes_the_forward_compatible_enums_and_links() {
    let schema: serde_json::Value = serde_json::from_str(&status_feed::json_schema()).unwrap();
    let defs = &schema["$defs"];
    let statuses = defs["Status"].to_string();
    for name in [
        "operational",
        "maintenance",
        "degraded",
        "partial_outage",
        "major_outage",
        "unknown",
    ] {
        assert!(statuses.contains(name), "{name} missing from {statuses}");
    }
    assert_eq!(defs["WebUrl"]["pattern"], "^[Hh][Tt][Tt][Pp][Ss]?://");
    assert_eq!(defs["Timestamp"]["format"], "date-time");
    let required = schema["required"].as_array().unwrap();
    assert!(required.contains(&"version".into()) && required.contains(&"service".into()));
}
