//! Parallel work with results delivered in input order.
//!
//! Output must not depend on the thread count, so results are handed over in the order of the
//! inputs. Workers may run ahead of the delivery point by at most `window` items: results
//! waiting to be delivered are bounded, so memory does not grow with the size of an archive
//! even when one huge file holds the line.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// The number of worker threads to use when none is asked for.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` over `items` on `threads` threads and calls `deliver` with each result in item
/// order. `deliver` returning `Err` stops the run (pending work is abandoned) and the error is
/// returned.
pub fn run_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    window: usize,
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
    let window = window.max(threads);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let delivered = Mutex::new(0usize);
    let advanced = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, delivered, advanced, work) =
                (&next, &stop, &delivered, &advanced, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= items.len() || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    // Wait until item `i` is within the window after the delivery point.
                    let mut done = delivered.lock().unwrap_or_else(|p| p.into_inner());
                    while i >= *done + window && !stop.load(Ordering::SeqCst) {
                        done = advanced.wait(done).unwrap_or_else(|p| p.into_inner());
                    }
                    drop(done);
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if tx.send((i, work(&items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut expected = 0usize;
        let mut outcome = Ok(());
        for (i, result) in rx {
            if outcome.is_err() {
                continue; // drain so workers can finish
            }
            pending.insert(i, result);
            while let Some(r) = pending.remove(&expected) {
                if let Err(e) = deliver(expected, r) {
                    outcome = Err(e);
                    stop.store(true, Ordering::SeqCst);
                    pending.clear();
                    break;
                }
                expected += 1;
            }
            *delivered.lock().unwrap_or_else(|p| p.into_inner()) = expected;
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
                4,
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
            8,
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
}
