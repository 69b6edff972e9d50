// Changed for newsline (see NEWSLINE.md at the crate root): the pool counts idle threads and
// queued tasks under one lock, so a task is queued only when an idle thread is sure to take
// it. Upstream 0.12.0 queued a task whenever any thread was registered as waiting, even one
// already woken for an earlier task; in a burst of connections on a fresh server the extra
// tasks (each one a whole keep-alive connection) then waited until another connection
// closed, and their clients got no answer.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

type Task = Box<dyn FnMut() + Send>;

/// Manages a collection of threads.
///
/// A new thread is created every time no idle thread is free to take a task.
/// Any idle thread beyond the minimum dies after a few seconds.
pub struct TaskPool {
    sharing: Arc<Sharing>,
}

struct Sharing {
    state: Mutex<State>,

    // notified whenever a task is added to `todo`, and on shutdown
    condvar: Condvar,
}

struct State {
    // tasks to be done by worker threads; never longer than `idle`
    todo: VecDeque<Task>,

    // number of worker threads alive
    threads: usize,

    // number of worker threads waiting for a task (each will look at `todo` when it wakes)
    idle: usize,

    // set when the pool is dropped: idle threads then end
    closing: bool,
}

/// Minimum number of active threads.
const MIN_THREADS: usize = 4;

/// How long a thread beyond the minimum waits for a task before ending.
const IDLE_TIMEOUT: Duration = Duration::from_millis(5000);

impl Sharing {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Counts a worker thread out of the pool when it ends, even by a panic.
struct Alive<'a> {
    sharing: &'a Sharing,
}

impl Drop for Alive<'_> {
    fn drop(&mut self) {
        self.sharing.lock().threads -= 1;
    }
}

impl TaskPool {
    pub fn new() -> TaskPool {
        let pool = TaskPool {
            sharing: Arc::new(Sharing {
                state: Mutex::new(State {
                    todo: VecDeque::new(),
                    threads: 0,
                    idle: 0,
                    closing: false,
                }),
                condvar: Condvar::new(),
            }),
        };

        for _ in 0..MIN_THREADS {
            pool.add_thread(None)
        }

        pool
    }

    /// Executes a function in a thread.
    /// If no idle thread is free to take it, spawns a new one.
    pub fn spawn(&self, code: Task) {
        let mut state = self.sharing.lock();
        // Every queued task already has an idle thread of its own that will pop it.
        if state.idle > state.todo.len() {
            state.todo.push_back(code);
            self.sharing.condvar.notify_one();
        } else {
            drop(state);
            self.add_thread(Some(code));
        }
    }

    fn add_thread(&self, initial_fn: Option<Task>) {
        let sharing = self.sharing.clone();
        sharing.lock().threads += 1;

        thread::spawn(move || {
            let _alive = Alive { sharing: &sharing };

            if let Some(mut f) = initial_fn {
                f();
            }

            while let Some(mut task) = next_task(&sharing) {
                task();
            }
        });
    }
}

/// Waits for the next task; `None` when this thread should end.
fn next_task(sharing: &Sharing) -> Option<Task> {
    let mut state = sharing.lock();
    loop {
        if let Some(task) = state.todo.pop_front() {
            return Some(task);
        }
        if state.closing {
            return None;
        }
        state.idle += 1;
        let timed_out = if state.threads <= MIN_THREADS {
            state = sharing
                .condvar
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            false
        } else {
            let (guard, result) = sharing
                .condvar
                .wait_timeout(state, IDLE_TIMEOUT)
                .unwrap_or_else(PoisonError::into_inner);
            state = guard;
            result.timed_out()
        };
        state.idle -= 1;
        if timed_out && state.todo.is_empty() {
            return None;
        }
    }
}

impl Drop for TaskPool {
    fn drop(&mut self) {
        self.sharing.lock().closing = true;
        self.sharing.condvar.notify_all();
    }
}
