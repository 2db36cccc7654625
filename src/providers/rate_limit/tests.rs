//! The pacer on tokio's paused clock: time moves only when every task waits, so waits are exact.

use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use tokio::time::Instant;

use super::*;

const SEC: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);
/// 2026-11-30 00:00:00 UTC: a whole minute, so fixed windows start at tokio's start.
const MIDNIGHT_MS: u64 = 1_796_083_200_000;

fn budget(limit: u32, period: Duration, counting: Counting) -> Budget {
    Budget {
        class: None,
        limit,
        period,
        counting,
    }
}

fn dk() -> Vec<Budget> {
    vec![
        Budget {
            class: Some(Class::Read),
            limit: 200,
            period: MINUTE,
            counting: Counting::Fixed,
        },
        Budget {
            class: Some(Class::Write),
            limit: 100,
            period: MINUTE,
            counting: Counting::Fixed,
        },
    ]
}

async fn read(pacer: &Pacer) -> Permit<'_> {
    pacer.acquire(Class::Read, Lane::Interactive).await.unwrap()
}

#[tokio::test(start_paused = true)]
async fn sends_freely_within_budget_then_waits_for_the_window() {
    let pacer = Pacer::starting_at(&[budget(3, MINUTE, Counting::Sliding)], MIDNIGHT_MS);
    let t0 = Instant::now();
    for _ in 0..3 {
        read(&pacer).await;
    }
    assert_eq!(t0.elapsed(), Duration::ZERO);
    tokio::time::advance(10 * SEC).await;
    read(&pacer).await;
    // The oldest leaves the window after a minute and the margin (1 s at a minute).
    assert_eq!(t0.elapsed(), MINUTE + SEC);
    assert_eq!(pacer.quota().lines[0].label, "per minute");
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_wait_gives_its_slot_back() {
    let pacer = Arc::new(Pacer::starting_at(
        &[budget(1, 10 * SEC, Counting::Sliding)],
        MIDNIGHT_MS,
    ));
    let t0 = Instant::now();
    read(&pacer).await;
    // A page fetch that waits, then is superseded (its task aborted, as the worker does).
    let superseded = tokio::spawn({
        let pacer = pacer.clone();
        async move {
            read(&pacer).await;
        }
    });
    tokio::time::sleep(SEC).await;
    superseded.abort();
    assert!(superseded.await.unwrap_err().is_cancelled());
    // The newest one goes when the first send leaves the window, not a window later.
    read(&pacer).await;
    assert_eq!(t0.elapsed(), 10 * SEC + margin(10 * SEC));
    assert!(pacer.lock().queue.is_empty(), "no waiter left behind");
    assert_eq!(pacer.lock().grants, 2, "the cancelled request took no slot");
}

#[tokio::test(start_paused = true)]
async fn many_superseded_fetches_do_not_delay_the_newest() {
    // The window is spent; then paging fast: a new page every 100 ms for 30 s, each superseding (the
    // worker aborts) the fetch before it. Booking a slot per fetch pushed the newest windows away.
    let pacer = Arc::new(Pacer::starting_at(&dk(), MIDNIGHT_MS));
    for _ in 0..200 {
        read(&pacer).await;
    }
    let mut previous: Option<tokio::task::JoinHandle<Instant>> = None;
    let mut asked = Instant::now();
    for _ in 0..300 {
        if let Some(task) = previous.take() {
            task.abort();
        }
        asked = Instant::now();
        previous = Some(tokio::spawn({
            let pacer = pacer.clone();
            async move {
                read(&pacer).await;
                Instant::now()
            }
        }));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent = previous.unwrap().await.unwrap();
    // Sent when the next window opens (a minute and the margin after the first sends).
    assert_eq!(
        sent.duration_since(asked),
        MINUTE + SEC - Duration::from_millis(29_900)
    );
    assert_eq!(
        pacer.lock().grants,
        201,
        "the superseded fetches were never sent"
    );
}

#[tokio::test(start_paused = true)]
async fn interactive_beats_background() {
    let pacer = Arc::new(Pacer::starting_at(
        &[budget(1, 10 * SEC, Counting::Sliding)],
        MIDNIGHT_MS,
    ));
    read(&pacer).await;
    let order = Arc::new(Mutex::new(Vec::new()));
    let spawn = |lane: Lane| {
        let (pacer, order) = (pacer.clone(), order.clone());
        tokio::spawn(async move {
            pacer.acquire(Class::Read, lane).await.unwrap();
            order.lock().unwrap().push(lane);
        })
    };
    // The sync asked first; the person at the screen still goes first.
    let background = spawn(Lane::Background);
    tokio::time::sleep(SEC).await;
    let interactive = spawn(Lane::Interactive);
    interactive.await.unwrap();
    background.await.unwrap();
    assert_eq!(
        *order.lock().unwrap(),
        vec![Lane::Interactive, Lane::Background]
    );
}

#[tokio::test(start_paused = true)]
async fn a_sync_at_full_rate_leaves_room_for_the_screen() {
    let pacer = Arc::new(Pacer::starting_at(&dk(), MIDNIGHT_MS));
    let t0 = Instant::now();
    let sync = tokio::spawn({
        let pacer = pacer.clone();
        async move {
            for _ in 0..600 {
                pacer.acquire(Class::Read, Lane::Background).await.unwrap();
            }
        }
    });
    let mut worst = Duration::ZERO;
    for step in 0..40u64 {
        tokio::time::sleep(Duration::from_millis(3_700 + step * 17)).await;
        let asked = Instant::now();
        read(&pacer).await;
        worst = worst.max(asked.elapsed());
    }
    sync.await.unwrap();
    // 600 background sends and 40 interactive ones at 200 a minute: four windows, not more.
    assert!(t0.elapsed() < 4 * MINUTE, "{:?}", t0.elapsed());
    // At worst the screen waits for the boundary zone of a window the sync just filled.
    let m = margin(MINUTE);
    let spacing = (MINUTE - 2 * m) / 200;
    assert!(worst <= 2 * m + 3 * spacing, "the screen waited {worst:?}");
}

#[tokio::test(start_paused = true)]
async fn an_unattended_sync_uses_each_window_from_its_start() {
    // `clientele sync`: nobody at a screen, so nothing is spread. 600 reads at 200 a minute take the
    // three windows from their starts: the last send goes a margin after the second boundary, where
    // spread over each window it would go near the end of the third.
    let pacer = Pacer::starting_at(&dk(), MIDNIGHT_MS);
    let t0 = Instant::now();
    for _ in 0..600 {
        pacer.acquire(Class::Read, Lane::Unattended).await.unwrap();
    }
    assert_eq!(t0.elapsed(), 2 * MINUTE + margin(MINUTE));
    // A moving window too: the 4th send goes when the 1st leaves it, not a third of a window later.
    let pacer = Pacer::starting_at(&[budget(3, MINUTE, Counting::Sliding)], MIDNIGHT_MS);
    let t0 = Instant::now();
    for _ in 0..4 {
        pacer.acquire(Class::Read, Lane::Unattended).await.unwrap();
    }
    assert_eq!(t0.elapsed(), MINUTE + margin(MINUTE));
}

#[tokio::test(start_paused = true)]
async fn headers_set_the_limit_and_others_use_counts() {
    let pacer = Pacer::starting_at(&[budget(360, MINUTE, Counting::Sliding)], MIDNIGHT_MS);
    let t0 = Instant::now();
    let permit = read(&pacer).await;
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("x-ratelimit-minutely-limit", "60"),
        ("x-ratelimit-minutely-remaining", "0"),
        ("x-ratelimit-daily-limit", "15000"),
        ("x-ratelimit-daily-remaining", "14000"),
        ("x-ratelimit-daily-reset", "1796169600"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    pacer.observe(&permit, &headers);
    let quota = pacer.quota();
    assert_eq!((quota.lines[0].limit, quota.lines[0].remaining), (60, 0));
    assert_eq!(
        (quota.lines[1].remaining, quota.lines[1].resets_at),
        (14000, Some(1_796_169_600))
    );
    assert_eq!(quota.paused_until, None);
    // Others spent the minute: wait for it to pass.
    read(&pacer).await;
    assert_eq!(t0.elapsed(), MINUTE + SEC);
    assert_eq!(pacer.quota().lines[1].remaining, 13999, "counted down");
}

#[tokio::test(start_paused = true)]
async fn a_spent_daily_budget_pauses_until_the_reset() {
    let pacer = Arc::new(Pacer::starting_at(
        &[budget(360, MINUTE, Counting::Sliding)],
        MIDNIGHT_MS - 3 * 3600 * 1000,
    ));
    let t0 = Instant::now();
    let permit = read(&pacer).await;
    let reset = (MIDNIGHT_MS / 1000).to_string();
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("x-ratelimit-minutely-limit", "360"),
        ("x-ratelimit-minutely-remaining", "359"),
        ("x-ratelimit-daily-limit", "15000"),
        ("x-ratelimit-daily-remaining", "0"),
        ("x-ratelimit-daily-reset", reset.as_str()),
    ] {
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    }
    pacer.observe(&permit, &headers);
    let quota = pacer.quota();
    assert_eq!(quota.paused_until, Some(MIDNIGHT_MS / 1000));
    assert_eq!(quota.as_of, MIDNIGHT_MS / 1000 - 3 * 3600);
    // The screen is told at once; the sync waits for midnight.
    assert_eq!(
        pacer
            .acquire(Class::Read, Lane::Interactive)
            .await
            .unwrap_err(),
        Paused {
            until_unix: MIDNIGHT_MS / 1000
        }
    );
    pacer.acquire(Class::Read, Lane::Background).await.unwrap();
    assert_eq!(t0.elapsed(), Duration::from_secs(3 * 3600 + 1));
    assert_eq!(pacer.quota().paused_until, None);
}

#[tokio::test(start_paused = true)]
async fn a_429_holds_the_class_back_until_the_window_is_over() {
    let pacer = Pacer::starting_at(&dk(), MIDNIGHT_MS + 20_000);
    let t0 = Instant::now();
    let permit = read(&pacer).await;
    pacer.refused(&permit, None);
    // Writes have their own window.
    pacer
        .acquire(Class::Write, Lane::Interactive)
        .await
        .unwrap();
    assert_eq!(t0.elapsed(), Duration::ZERO);
    read(&pacer).await;
    assert_eq!(t0.elapsed(), 40 * SEC + margin(MINUTE));
}

#[test]
fn an_account_limit_replaces_every_window() {
    let limit = RateLimit {
        requests: 20,
        per: 10 * SEC,
    };
    let dk = Budget::with_limit(&dk(), Some(limit));
    assert_eq!(dk.len(), 2);
    assert!(
        dk.iter()
            .all(|b| b.limit == 20 && b.period == 10 * SEC && b.counting == Counting::Fixed)
    );
    assert_eq!(
        Budget::with_limit(&[], Some(limit)),
        vec![budget(20, 10 * SEC, Counting::Sliding)]
    );
    assert_eq!(Budget::with_limit(&[], None), vec![]);
}

/// One request of a random run: when it comes, which lane and class, whether it is cancelled while
/// waiting, and how late it reaches the provider.
#[derive(Debug, Clone)]
struct Arrival {
    at_ms: u64,
    lane: Lane,
    write: bool,
    cancel_after_ms: Option<u64>,
    /// How long the request is in flight (sent to answered).
    latency_ms: u64,
    /// Where in that time it reaches the provider (0: at once, 1: just before the answer).
    reaches: f64,
    /// Share of half the margin it may still be on its way after the answer was given up on.
    late: f64,
}

fn arrival() -> impl Strategy<Value = Arrival> {
    (
        0..30_000u64,
        0..3u8,
        prop::bool::weighted(0.3),
        prop::option::weighted(0.3, 0..20_000u64),
        prop_oneof![0..50u64, 0..3_000u64],
        0.0..=1.0f64,
        0.0..1.0f64,
    )
        .prop_map(
            |(at_ms, lane, write, cancel_after_ms, latency_ms, reaches, late)| Arrival {
                at_ms,
                lane: match lane {
                    0 => Lane::Interactive,
                    1 => Lane::Background,
                    _ => Lane::Unattended,
                },
                write,
                cancel_after_ms,
                latency_ms,
                reaches,
                late,
            },
        )
}

/// Runs the arrivals against `budgets` on a paused clock; returns when each sent request reached the
/// provider, by the provider's clock (`skew_ms` off ours), with its class.
fn run(budgets: &[Budget], start_ms: u64, skew_ms: i64, arrivals: &[Arrival]) -> Vec<(u64, Class)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(async {
        let pacer = Arc::new(Pacer::starting_at(budgets, start_ms));
        let t0 = Instant::now();
        let tasks: Vec<_> = arrivals
            .iter()
            .cloned()
            .map(|a| {
                let pacer = pacer.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(a.at_ms)).await;
                    let class = if a.write { Class::Write } else { Class::Read };
                    let acquire = pacer.acquire(class, a.lane);
                    let permit = match a.cancel_after_ms {
                        Some(ms) => tokio::time::timeout(Duration::from_millis(ms), acquire)
                            .await
                            .ok()?,
                        None => acquire.await,
                    };
                    let permit = permit.ok()?;
                    let sent = t0.elapsed();
                    tokio::time::sleep(Duration::from_millis(a.latency_ms)).await;
                    drop(permit);
                    Some((sent, class))
                })
            })
            .collect();
        let mut sent = Vec::new();
        let deadline = Duration::from_secs(24 * 3600);
        for (task, a) in tasks.into_iter().zip(arrivals) {
            let result = tokio::time::timeout(deadline, task).await;
            let Some((elapsed, class)) = result.expect("a waiter was never served").unwrap() else {
                continue;
            };
            let period = budgets
                .iter()
                .filter(|b| b.class.is_none_or(|c| c == class))
                .map(|b| b.period)
                .min()
                .unwrap();
            let late = margin(period).mul_f64(a.late / 2.0).as_millis() as u64;
            let delay = (a.latency_ms as f64 * a.reaches) as u64 + late;
            let at = (start_ms + elapsed.as_millis() as u64 + delay).saturating_add_signed(skew_ms);
            sent.push((at, class));
        }
        sent
    })
}

fn fixed_windows_hold(budgets: &[Budget], sent: &[(u64, Class)]) -> Result<(), TestCaseError> {
    for b in budgets {
        let mut counts = std::collections::HashMap::<u64, u32>::new();
        for (at, class) in sent {
            if b.class.is_none_or(|c| c == *class) {
                *counts.entry(at / b.period.as_millis() as u64).or_default() += 1;
            }
        }
        for (window, count) in counts {
            prop_assert!(count <= b.limit, "window {window} holds {count} of {b:?}");
        }
    }
    Ok(())
}

fn moving_windows_hold(b: &Budget, sent: &[(u64, Class)]) -> Result<(), TestCaseError> {
    let mut times: Vec<u64> = sent.iter().map(|(at, _)| *at).collect();
    times.sort_unstable();
    let period = b.period.as_millis() as u64;
    for (i, start) in times.iter().enumerate() {
        let within = times[i..]
            .iter()
            .take_while(|t| **t < start + period)
            .count();
        prop_assert!(
            within as u32 <= b.limit,
            "{within} within {period} ms of {start}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// DK's fixed windows, wherever the run starts on the clock, however long requests are in flight,
    /// and with the provider's clock up to half the margin off ours.
    #[test]
    fn no_fixed_window_ever_holds_more_than_its_budget(
        arrivals in prop::collection::vec(arrival(), 1..60),
        limit in 1..6u32,
        period_s in 1..12u32,
        start_ms in 0..120_000u64,
        skew in -1.0..1.0f64,
    ) {
        let budgets = vec![
            Budget { class: Some(Class::Read), limit, period: period_s * SEC, counting: Counting::Fixed },
            Budget { class: Some(Class::Write), limit: limit.div_ceil(2), period: period_s * SEC,
                     counting: Counting::Fixed },
        ];
        let skew_ms = (margin(period_s * SEC).as_millis() as f64 * skew / 2.0) as i64;
        let sent = run(&budgets, MIDNIGHT_MS + start_ms, skew_ms, &arrivals);
        fixed_windows_hold(&budgets, &sent)?;
    }

    /// CycleSoftware's moving window, however long requests are in flight.
    #[test]
    fn no_moving_window_ever_holds_more_than_its_budget(
        arrivals in prop::collection::vec(arrival(), 1..60),
        limit in 1..6u32,
        period_s in 1..12u32,
    ) {
        let budget = budget(limit, period_s * SEC, Counting::Sliding);
        let sent = run(&[budget], MIDNIGHT_MS, 0, &arrivals);
        moving_windows_hold(&budget, &sent)?;
        // Cancelled waits aside, everyone was served.
        let expected = arrivals.iter().filter(|a| a.cancel_after_ms.is_none()).count();
        prop_assert!(sent.len() >= expected);
    }
}
