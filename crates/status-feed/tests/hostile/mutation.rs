//! A seeded mutation engine: each case takes one seed document (a fixture, the demo feed or
//! a small worst-case document), parses it and changes it a few times, mostly in its JSON
//! structure (values swapped for edge cases, entries repeated, dropped, moved, fields
//! renamed) and sometimes in its bytes. A case depends only on the run's seed and its own
//! number, so any case can be made again alone.

use serde_json::{Value, json};
use status_feed::SourceFormat;

use super::Documents;

/// SplitMix64: the same numbers on every platform, which is all a reproducible case needs.
pub struct Numbers(u64);

impl Numbers {
    pub fn new(seed: u64) -> Self {
        Numbers(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from 0 to `bound - 1`; 0 when `bound` is 0.
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        (self.next() % bound as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, choices: &'a [T]) -> &'a T {
        &choices[self.below(choices.len())]
    }
}

/// A document to start cases from, and the format it is read as.
pub struct Seed {
    pub name: String,
    pub format: SourceFormat,
    pub documents: Documents,
}

/// The fixtures of every format, the demo feed, and a small worst-case document of each
/// format.
pub fn seeds() -> Vec<Seed> {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let fixture = |path: &str| {
        let full = format!("{manifest}/tests/fixtures/{path}");
        std::fs::read(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
    };
    let demo = format!("{manifest}/../../demo/feed.json");
    let mut seeds = vec![Seed {
        name: "demo/feed.json".to_owned(),
        format: SourceFormat::Native,
        documents: Documents::alone(
            std::fs::read(&demo).unwrap_or_else(|error| panic!("{demo}: {error}")),
        ),
    }];
    let alone = [
        ("native/embed.json", SourceFormat::Native),
        ("native/embed-other.json", SourceFormat::Native),
        ("native/hostile.json", SourceFormat::Native),
        ("statuspage/summary.json", SourceFormat::Statuspage),
        ("statuspage/incidents.json", SourceFormat::Statuspage),
        (
            "statuspage/scheduled-maintenances.json",
            SourceFormat::Statuspage,
        ),
        (
            "statuspage/github-incident-00km0kwpz23b.json",
            SourceFormat::Statuspage,
        ),
        ("gatus/statuses.json", SourceFormat::Gatus),
        ("google-cloud/incidents.json", SourceFormat::GoogleCloud),
        ("upptime/summary.json", SourceFormat::Upptime),
    ];
    for (path, format) in alone {
        seeds.push(Seed {
            name: path.to_owned(),
            format,
            documents: Documents::alone(fixture(path)),
        });
    }
    let pairs = [
        (
            "instatus/summary.json",
            "instatus/components.json",
            SourceFormat::Instatus,
        ),
        (
            "cachet/components.json",
            "cachet/incidents.json",
            SourceFormat::Cachet,
        ),
        (
            "cachet/components-groups.json",
            "cachet/incidents.json",
            SourceFormat::Cachet,
        ),
        (
            "uptime-kuma/status-page.json",
            "uptime-kuma/heartbeat.json",
            SourceFormat::UptimeKuma,
        ),
    ];
    for (main, companion, format) in pairs {
        seeds.push(Seed {
            name: format!("{main} with {companion}"),
            format,
            documents: Documents::with_companion(fixture(main), fixture(companion)),
        });
    }
    for format in SourceFormat::ALL {
        seeds.push(Seed {
            name: format!("a 4 KiB worst-case {} document", format.as_str()),
            format,
            documents: super::worst_case::documents(format, 4 * 1024),
        });
        if let Some(documents) = super::worst_case::accepted(format, 4 * 1024) {
            seeds.push(Seed {
                name: format!("a 4 KiB {} document at the limits", format.as_str()),
                format,
                documents,
            });
        }
    }
    seeds
}

/// Values that have tripped readers up, or might: edge-case times and numbers, hostile text,
/// the formats' own words, empty containers.
fn edge_case(numbers: &mut Numbers) -> Value {
    let choices = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1),
        json!(4_294_967_295_u64),
        json!(4_294_967_296_u64),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(-0.0),
        json!(0.5),
        json!(1e308),
        json!(-1e308),
        json!(""),
        json!(" "),
        json!("0"),
        json!("60"),
        json!("99.95%"),
        json!("NaN%"),
        json!("-inf%"),
        json!("9999-12-31T23:59:59-23:59"),
        json!("0000-01-01T00:00:00+00:01"),
        json!("9999-12-31T23:59:59.999Z"),
        json!("0000-01-01T00:00:00Z"),
        json!("2016-12-31T23:59:60Z"),
        json!("2026-02-29T00:00:00Z"),
        json!("2026-11-27 07:43:00"),
        json!("2026-11-27"),
        json!("9999-12-31"),
        json!("Fri Dec 31 9999 23:59:59 GMT-2359 (Far Future)"),
        json!("Sat Jan 01 0000 00:00:00 GMT+2359"),
        json!("javascript:alert(1)"),
        json!("https://example.com/\u{0}"),
        json!("tab\tcr\r\nnul\u{0}rtl\u{202e}"),
        json!("é".repeat(301)),
        json!("x".repeat(20_001)),
        json!("operational"),
        json!("major_outage"),
        json!("resolved"),
        json!("scheduled"),
        json!("in_progress"),
        json!("MAJOROUTAGE"),
        json!("HASISSUES"),
        json!("SERVICE_OUTAGE"),
        json!("down"),
        json!([]),
        json!({}),
        json!([null]),
        json!({"id": "x", "name": "X"}),
    ];
    numbers.pick(&choices).clone()
}

/// A string changed a little.
fn tweak_text(text: &str, numbers: &mut Numbers) -> String {
    let additions = [
        "\t", "\r\n", "\u{0}", "é", "\u{202e}", "%", "Z", "+23:59", ".999", " ",
    ];
    // A time becomes one at the edge of the years text can carry, or past it once its
    // offset is applied.
    if text.get(4..5) == Some("-") && text.len() >= 19 && numbers.below(3) == 0 {
        let edges = [
            "9999-12-31T23:59:59-23:59",
            "0000-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59.999Z",
            "0000-01-01 00:00:00",
        ];
        return (*numbers.pick(&edges)).to_owned();
    }
    let addition = *numbers.pick(&additions);
    let mut changed = text.to_owned();
    match numbers.below(4) {
        0 => changed.push_str(addition),
        1 => changed.insert_str(0, addition),
        2 => {
            changed = changed
                .chars()
                .take(numbers.below(text.chars().count() + 1))
                .collect()
        }
        _ => changed = changed.repeat(2 + numbers.below(3)),
    }
    changed
}

fn tweak_number(number: &serde_json::Number, numbers: &mut Numbers) -> Value {
    let value = number.as_f64().unwrap_or_default();
    match numbers.below(5) {
        0 => json!(
            number
                .as_i64()
                .map_or(value + 1.0, |n| (n.saturating_add(1)) as f64)
        ),
        1 => json!(-value),
        2 => json!(value * 1e6),
        3 => json!(value + 0.5),
        _ => json!(number.as_i64().map_or(0, |n| n.saturating_add(1 << 32))),
    }
}

/// How many nodes a tree has, itself included.
fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(node_count).sum(),
        Value::Object(fields) => fields.values().map(node_count).sum(),
        _ => 0,
    }
}

/// The child positions that lead to the `index`th node in document order (0 is the tree).
fn path_to(value: &Value, mut index: usize) -> Vec<usize> {
    let mut path = Vec::new();
    let mut node = value;
    while index > 0 {
        index -= 1;
        for (position, child) in children(node).enumerate() {
            let size = node_count(child);
            if index < size {
                path.push(position);
                node = child;
                break;
            }
            index -= size;
        }
    }
    path
}

fn children(value: &Value) -> Box<dyn Iterator<Item = &Value> + '_> {
    match value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(fields) => Box::new(fields.values()),
        _ => Box::new(std::iter::empty()),
    }
}

fn node(value: &Value, path: &[usize]) -> Value {
    path.iter()
        .fold(value, |node, &position| {
            children(node).nth(position).expect("on the path")
        })
        .clone()
}

fn node_mut<'a>(value: &'a mut Value, path: &[usize]) -> &'a mut Value {
    path.iter().fold(value, |node, &position| match node {
        Value::Array(items) => &mut items[position],
        Value::Object(fields) => fields.values_mut().nth(position).expect("on the path"),
        _ => unreachable!("paths lead through arrays and objects"),
    })
}

/// Every object key in the tree, for renaming fields into other fields' names.
fn keys(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| keys(item, found)),
        Value::Object(fields) => {
            for (key, child) in fields {
                found.push(key.clone());
                keys(child, found);
            }
        }
        _ => {}
    }
}

/// One change somewhere in the tree.
fn mutate_tree(tree: &mut Value, numbers: &mut Numbers) {
    let count = node_count(tree);
    let donor = node(tree, &path_to(tree, numbers.below(count)));
    let mut names = Vec::new();
    keys(tree, &mut names);
    let target_path = path_to(tree, numbers.below(count));
    let target = node_mut(tree, &target_path);
    match numbers.below(4) {
        0 => *target = edge_case(numbers),
        1 => *target = donor,
        _ => match target {
            Value::String(text) => *text = tweak_text(text, numbers),
            Value::Number(number) => {
                let number = number.clone();
                *target = tweak_number(&number, numbers);
            }
            Value::Array(items) if !items.is_empty() => {
                let index = numbers.below(items.len());
                match numbers.below(4) {
                    0 => {
                        let copies = 1 + numbers.below(64);
                        let item = items[index].clone();
                        items.splice(index..index, std::iter::repeat_n(item, copies));
                    }
                    1 => {
                        items.remove(index);
                    }
                    2 => {
                        let other = numbers.below(items.len());
                        items.swap(index, other);
                    }
                    _ => items.push(donor),
                }
            }
            Value::Object(fields) if !fields.is_empty() => {
                let keys: Vec<String> = fields.keys().cloned().collect();
                let key = numbers.pick(&keys);
                match numbers.below(3) {
                    0 => {
                        fields.remove(key);
                    }
                    1 => {
                        let value = fields.remove(key).unwrap_or_default();
                        fields.insert(numbers.pick(&names).clone(), value);
                    }
                    _ => {
                        fields.insert(numbers.pick(&names).clone(), donor);
                    }
                }
            }
            _ => *target = edge_case(numbers),
        },
    }
}

/// One change to the bytes, which may leave them not JSON at all.
fn mutate_bytes(bytes: &mut Vec<u8>, numbers: &mut Numbers) {
    if bytes.is_empty() {
        bytes.extend_from_slice(b"{}");
        return;
    }
    let at = numbers.below(bytes.len());
    let length = 1 + numbers.below(16.min(bytes.len() - at));
    match numbers.below(5) {
        0 => bytes[at] ^= 1 << numbers.below(8),
        1 => bytes.insert(at, *numbers.pick(b"{}[]\",:0123456789-.eE\\ ntfa\xff")),
        2 => {
            bytes.drain(at..at + length);
        }
        3 => {
            let slice = bytes[at..at + length].to_vec();
            bytes.splice(at..at, slice);
        }
        _ => bytes.truncate(at),
    }
}

/// A few changes to one document: in its structure when it parses, else (and sometimes
/// anyway) in its bytes.
fn mutate_document(bytes: &[u8], numbers: &mut Numbers) -> Vec<u8> {
    let mut changed = bytes.to_vec();
    for _ in 0..1 + numbers.below(4) {
        let tree = (numbers.below(8) != 0)
            .then(|| serde_json::from_slice::<Value>(&changed).ok())
            .flatten();
        match tree {
            Some(mut tree) => {
                mutate_tree(&mut tree, numbers);
                changed = serde_json::to_vec(&tree).expect("a tree always serialises");
            }
            None => mutate_bytes(&mut changed, numbers),
        }
    }
    changed
}

/// Case `case` of the run seeded with `seed`: which seed document it starts from, and the
/// changed documents.
pub fn case(seeds: &[Seed], seed: u64, case: u64) -> (&Seed, Documents) {
    let mut numbers = Numbers::new(seed ^ case.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    numbers.next();
    let start = numbers.pick(seeds);
    let mut documents = start.documents.clone();
    let companion_too = numbers.below(3) == 0;
    match &mut documents.companion {
        Some(companion) if companion_too || numbers.below(2) == 0 => {
            *companion = mutate_document(companion, &mut numbers);
            if companion_too {
                documents.main = mutate_document(&documents.main, &mut numbers);
            }
        }
        _ => documents.main = mutate_document(&documents.main, &mut numbers),
    }
    (start, documents)
}
