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

#[cfg(test)]
mod tests {
    use super::*;

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
