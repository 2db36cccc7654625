use std::time::Duration;

use super::*;

#[test]
fn cursors_survive_the_store() {
    for cursor in [Cursor::Page(3), Cursor::Offset(0), Cursor::Offset(300)] {
        assert_eq!(decode_cursor(&encode_cursor(cursor)), Some(cursor));
    }
    assert_eq!(decode_cursor("row:3"), None);
    assert_eq!(decode_cursor("page:x"), None);
}

#[test]
fn a_provider_repeating_a_page_ends_the_pass() {
    let ids = |range: std::ops::Range<u32>| range.map(|i| i.to_string()).collect::<Vec<_>>();
    // Page 2 answered with page 1's customers.
    let problem = looping(
        Cursor::Page(2),
        Some(Cursor::Page(3)),
        &ids(0..100),
        &ids(0..100),
    );
    assert!(problem.unwrap().contains("same 100 customers for page 2"));
    // A next offset that goes back.
    assert!(
        looping(
            Cursor::Offset(200),
            Some(Cursor::Offset(100)),
            &[],
            &ids(0..5)
        )
        .is_some()
    );
    // Moving on is fine, and so is the end.
    assert_eq!(
        looping(
            Cursor::Page(2),
            Some(Cursor::Page(3)),
            &ids(0..5),
            &ids(5..10)
        ),
        None
    );
    assert_eq!(
        looping(Cursor::Offset(5), None, &ids(0..5), &ids(5..7)),
        None
    );
}

#[test]
fn the_bound_counts_whole_windows_of_the_read_budget() {
    let minute = Duration::from_secs(60);
    let budget = |class, limit, counting| Budget {
        class,
        limit,
        period: minute,
        counting,
    };
    let sliding = [
        budget(Some(Class::Read), 200, Counting::Sliding),
        budget(Some(Class::Write), 100, Counting::Sliding),
    ];
    assert_eq!(bound_seconds(&sliding, 0, 0.0), 0.0);
    assert_eq!(bound_seconds(&sliding, 200, 0.0), 0.0);
    assert_eq!(bound_seconds(&sliding, 201, 0.0), 60.0);
    assert_eq!(bound_seconds(&sliding, 1001, 7.0), 300.0);
    assert_eq!(bound_seconds(&[], 1001, 0.0), 0.0);
    // Fixed windows on the clock: begun 15 s into a minute, the 201st request goes at its end.
    let fixed = [budget(None, 200, Counting::Fixed)];
    assert_eq!(bound_seconds(&fixed, 201, 6_015.0), 45.0);
    assert_eq!(bound_seconds(&fixed, 1000, 6_015.0), 45.0 + 180.0);
}
