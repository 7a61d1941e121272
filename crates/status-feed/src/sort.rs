//! One sorting routine for the readers and queries. Every item type sorted with the standard
//! library's sort gets its own copy of it, kilobytes of the widget's bundle each; sorting
//! keys of one type and then moving the items into place keeps a single copy.

/// Sorts `items` by `key`: a number (a time in milliseconds, a position) and then a text (an
/// id). Items with equal keys keep their order.
pub(crate) fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (i64, &str)) {
    let order: Vec<usize> = {
        let mut keys: Vec<(i64, &str, usize)> = items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let (number, text) = key(item);
                (number, text, index)
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|(.., index)| index).collect()
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots[index].take()));
}

/// For each key in order, whether no earlier key equals it. Sorting with the same routine as
/// `sort_by_key` costs the bundle no new code, where a hash set would bring its own.
pub(crate) fn first_occurrences<'a>(keys: impl Iterator<Item = (i64, &'a str)>) -> Vec<bool> {
    let mut keys: Vec<(i64, &str, usize)> = keys
        .enumerate()
        .map(|(index, (number, text))| (number, text, index))
        .collect();
    keys.sort_unstable();
    let mut first = vec![false; keys.len()];
    let mut previous: Option<(i64, &str)> = None;
    for &(number, text, index) in &keys {
        first[index] = previous != Some((number, text));
        previous = Some((number, text));
    }
    first
}

/// Texts to look up, sorted by the same routine as `sort_by_key` (no hash set, no new sort).
pub(crate) struct TextSet<'a>(Vec<(i64, &'a str, usize)>);

impl<'a> TextSet<'a> {
    pub(crate) fn new(texts: impl Iterator<Item = &'a str>) -> TextSet<'a> {
        let mut sorted: Vec<(i64, &str, usize)> = texts.map(|text| (0, text, 0)).collect();
        sorted.sort_unstable();
        TextSet(sorted)
    }

    pub(crate) fn contains(&self, text: &str) -> bool {
        self.0
            .binary_search_by(|&(_, item, _)| item.cmp(text))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_first_of_equal_keys_wherever_it_is() {
        let keys = [(0, "b"), (0, "a"), (1, "b"), (0, "b"), (0, "a"), (0, "c")];
        assert_eq!(
            first_occurrences(keys.into_iter()),
            [true, true, true, false, false, true]
        );
        assert!(first_occurrences(std::iter::empty()).is_empty());
    }

    #[test]
    fn text_sets_find_exactly_their_texts() {
        let set = TextSet::new(["b", "a", "c", "a"].into_iter());
        assert!(["a", "b", "c"].iter().all(|text| set.contains(text)));
        assert!(!set.contains("") && !set.contains("d") && !set.contains("A"));
    }

    #[test]
    fn sorts_by_number_then_text_keeping_the_order_of_equal_keys() {
        let mut items = vec![
            (3, "b", 'w'),
            (1, "z", 'x'),
            (3, "a", 'y'),
            (3, "b", 'z'),
            (-5, "", 'v'),
        ];
        sort_by_key(&mut items, |&(number, text, _)| (number, text));
        let order: String = items.iter().map(|&(.., name)| name).collect();
        assert_eq!(order, "vxywz");
    }
}
