//! Parallel work with results delivered in input order.
//!
//! Output must not depend on the thread count, so results are handed over in the order of the
//! inputs. Workers may run ahead of the delivery point while the results waiting to be delivered
//! stay within a [`Window`] (a count and a weight, in bytes): memory does not grow with the size
//! of an archive even when one huge file holds the line, yet one big file does not stall the
//! other threads after a handful of small ones.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// The number of worker threads to use when none is asked for.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// How far workers may run ahead of the delivery point. The `threads` items right after it may
/// always start, so the run always progresses; further items start only while fewer than
/// `items` results wait and their weight is at most `weight`. Results can therefore hold at most
/// `weight` plus one result per thread.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub items: usize,
    pub weight: usize,
}

/// Results finished but not yet delivered.
struct Held {
    delivered: usize,
    weight: usize,
}

/// Runs `work` over `items` on `threads` threads and calls `deliver` with each result in item
/// order; `weigh` tells what a result holds (bytes) for the [`Window`]. `deliver` returning
/// `Err` stops the run (pending work is abandoned) and the error is returned.
pub fn run_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    window: Window,
    weigh: impl Fn(&R) -> usize + Sync,
    work: impl Fn(&T) -> R + Sync,
    mut deliver: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = threads.max(1).min(items.len().max(1));
    if threads == 1 {
        for (i, item) in items.iter().enumerate() {
            deliver(i, work(item))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let held = Mutex::new(Held {
        delivered: 0,
        weight: 0,
    });
    let advanced = Condvar::new();
    let may_start = |i: usize, held: &Held| {
        i < held.delivered + threads
            || (i < held.delivered + window.items && held.weight <= window.weight)
    };
    let (tx, rx) = mpsc::channel::<(usize, usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, held, advanced, work, weigh, may_start) =
                (&next, &stop, &held, &advanced, &work, &weigh, &may_start);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= items.len() || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let mut state = held.lock().unwrap_or_else(|p| p.into_inner());
                    while !may_start(i, &state) && !stop.load(Ordering::SeqCst) {
                        state = advanced.wait(state).unwrap_or_else(|p| p.into_inner());
                    }
                    drop(state);
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let result = work(&items[i]);
                    let weight = weigh(&result);
                    held.lock().unwrap_or_else(|p| p.into_inner()).weight += weight;
                    if tx.send((i, weight, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, (usize, R)> = BTreeMap::new();
        let mut expected = 0usize;
        let mut outcome = Ok(());
        for (i, weight, result) in rx {
            if outcome.is_err() {
                continue; // drain so workers can finish
            }
            pending.insert(i, (weight, result));
            let mut released = 0;
            while let Some((weight, r)) = pending.remove(&expected) {
                released += weight;
                if let Err(e) = deliver(expected, r) {
                    outcome = Err(e);
                    stop.store(true, Ordering::SeqCst);
                    pending.clear();
                    break;
                }
                expected += 1;
            }
            let mut state = held.lock().unwrap_or_else(|p| p.into_inner());
            state.delivered = expected;
            state.weight = state.weight.saturating_sub(released);
            drop(state);
            advanced.notify_all();
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_in_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 4, 8] {
            let mut seen = Vec::new();
            let r: Result<(), ()> = run_ordered(
                &items,
                threads,
                Window {
                    items: 4,
                    weight: usize::MAX,
                },
                |_| 0,
                |&x| {
                    // Uneven work so threads finish out of order.
                    let spins = (x * 7919) % 1000;
                    (0..spins)
                        .fold(x, |a, b| a.wrapping_mul(31).wrapping_add(b))
                        .wrapping_sub((0..spins).fold(x, |a, b| a.wrapping_mul(31).wrapping_add(b)))
                        + x
                },
                |i, v| {
                    seen.push((i, v));
                    Ok(())
                },
            );
            assert!(r.is_ok());
            let expected: Vec<(usize, u64)> = items.iter().map(|&x| (x as usize, x)).collect();
            assert_eq!(seen, expected, "threads={threads}");
        }
    }

    #[test]
    fn a_delivery_error_stops_the_run() {
        let items: Vec<u32> = (0..1000).collect();
        let mut count = 0;
        let r = run_ordered(
            &items,
            4,
            Window {
                items: 8,
                weight: usize::MAX,
            },
            |_| 0,
            |&x| x,
            |i, _| {
                count += 1;
                if i == 10 {
                    Err("reader went away")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("reader went away"));
        assert_eq!(count, 11);
    }

    #[test]
    fn workers_stop_running_ahead_when_waiting_results_weigh_too_much() {
        use std::sync::atomic::AtomicUsize;
        // Item 0 is slow, so every other result waits for it; each weighs 10.
        let run = |weight: usize| {
            let items: Vec<usize> = (0..200).collect();
            let delivered = AtomicUsize::new(0);
            let furthest_ahead = AtomicUsize::new(0);
            let r: Result<(), ()> = run_ordered(
                &items,
                2,
                Window {
                    items: 1000,
                    weight,
                },
                |_| 10,
                |&i| {
                    let ahead = i - delivered.load(Ordering::SeqCst).min(i);
                    furthest_ahead.fetch_max(ahead, Ordering::SeqCst);
                    if i == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                },
                |_, ()| {
                    delivered.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            assert_eq!(delivered.load(Ordering::SeqCst), items.len());
            furthest_ahead.load(Ordering::SeqCst)
        };
        // At most 30 bytes held: two threads' worth plus three results, give or take the one
        // each thread finishes after the check.
        let bounded = run(30);
        assert!(bounded <= 8, "ran {bounded} items ahead");
        assert!(
            run(usize::MAX) > 100,
            "without a weight bound, workers run ahead"
        );
    }
}
