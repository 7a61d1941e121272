//! One sorting routine for the readers and queries. Every item type sorted with the standard
//! library's sort gets its own copy of it, kilobytes of the widget's bundle each; sorting
//! keys of one type and then moving the items into place keeps a single copy.

/// A sort key with the item's position last, so that equal keys keep their order.
type Key<'a> = (i64, &'a str, usize);

/// Sorts `items` by `key`: a number (a time in milliseconds, a position) and then a text (an
/// id). Items with equal keys keep their order. Only the gathering of keys and the swaps
/// are made once per item type; the rest is `swaps_to_sort`.
pub(crate) fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> (i64, &str)) {
    let mut keys = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let (number, text) = key(item);
        keys.push((number, text, index));
    }
    for (a, b) in swaps_to_sort(keys) {
        items.swap(a, b);
    }
}

/// The swaps that put the items of `keys` (each key ending with its item's position) in the
/// keys' order, following each cycle of the permutation once.
fn swaps_to_sort(mut keys: Vec<Key<'_>>) -> Vec<(usize, usize)> {
    keys.sort_unstable();
    let mut placed = vec![false; keys.len()];
    let mut swaps = Vec::new();
    for start in 0..keys.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = keys[at].2;
            if from == start {
                break;
            }
            // `at` now takes the item that belongs there, from where the cycle has left it.
            swaps.push((at, from));
            at = from;
        }
    }
    swaps
}

/// For each key in order, whether no earlier key equals it. Sorting with the same routine as
/// `sort_by_key` costs the bundle no new code, where a hash set would bring its own.
pub(crate) fn first_occurrences<'a>(keys: &mut dyn Iterator<Item = (i64, &'a str)>) -> Vec<bool> {
    let mut keys: Vec<Key<'a>> = keys
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
pub(crate) struct TextSet<'a>(Vec<Key<'a>>);

impl<'a> TextSet<'a> {
    pub(crate) fn new(texts: &mut dyn Iterator<Item = &'a str>) -> TextSet<'a> {
        let mut sorted: Vec<Key<'a>> = texts.map(|text| (0, text, 0)).collect();
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
            first_occurrences(&mut keys.into_iter()),
            [true, true, true, false, false, true]
        );
        assert!(first_occurrences(&mut std::iter::empty()).is_empty());
    }

    #[test]
    fn text_sets_find_exactly_their_texts() {
        let set = TextSet::new(&mut ["b", "a", "c", "a"].into_iter());
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

    #[test]
    fn every_permutation_of_a_few_items_comes_out_sorted_and_stable() {
        // All 720 orders of six items, two of them with equal keys.
        let items = [(1, 'a'), (2, 'b'), (2, 'c'), (3, 'd'), (5, 'e'), (8, 'f')];
        let mut order: Vec<usize> = (0..items.len()).collect();
        let mut permutations = 0;
        loop {
            let mut shuffled: Vec<(i64, char)> = order.iter().map(|&i| items[i]).collect();
            let b_before_c =
                shuffled.iter().position(|i| i.1 == 'b') < shuffled.iter().position(|i| i.1 == 'c');
            sort_by_key(&mut shuffled, |&(number, _)| (number, ""));
            let names: String = shuffled.iter().map(|&(_, name)| name).collect();
            let expected = if b_before_c { "abcdef" } else { "acbdef" };
            assert_eq!(names, expected, "from {order:?}");
            permutations += 1;
            // The next permutation in lexicographic order, if any.
            let Some(pivot) = (0..order.len() - 1)
                .rev()
                .find(|&i| order[i] < order[i + 1])
            else {
                break;
            };
            let successor = (pivot + 1..order.len())
                .rev()
                .find(|&i| order[i] > order[pivot])
                .unwrap();
            order.swap(pivot, successor);
            order[pivot + 1..].reverse();
        }
        assert_eq!(permutations, 720);
    }
}
