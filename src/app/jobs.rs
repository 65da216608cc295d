//! Analyses and layouts off the UI thread.
//!
//! One worker thread per kind of work takes requests over its channel and
//! answers over a shared one, so a long layout never holds up the path list
//! (and the reverse). Each request carries a stamp; a newer request of the
//! same kind supersedes an older one (the worker skips superseded requests
//! still queued, and the UI drops any answer whose stamp is not the latest),
//! and cancel withdraws the latest. Until the new answer arrives the UI
//! keeps showing the last one, greyed. The core's algorithms have no
//! cancellation points, so a request already running finishes in the
//! background and its answer is dropped.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use crate::analysis::{self, EdgeFilter, GraphStats, PathQuery, TrustPath};
use crate::layout::{self, LayoutOptions, LayoutResult};
use crate::model::TrustGraph;

/// What kind of work; one answer of each kind is current at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobKind {
    Paths,
    Stats,
    Layout,
    Reach,
}

const KINDS: usize = 4;

impl JobKind {
    const ALL: [JobKind; KINDS] = [
        JobKind::Paths,
        JobKind::Stats,
        JobKind::Layout,
        JobKind::Reach,
    ];

    /// Its index in [`Self::ALL`], which the per-kind arrays follow.
    fn slot(self) -> usize {
        self as usize
    }
}

/// A piece of work on a snapshot of the graph.
#[derive(Clone, Debug)]
pub enum Request {
    Paths(PathQuery),
    Stats,
    Layout(LayoutOptions),
    Reach {
        starts: Vec<NodeIndex>,
        dir: Direction,
        filter: EdgeFilter,
    },
}

impl Request {
    fn kind(&self) -> JobKind {
        match self {
            Request::Paths(_) => JobKind::Paths,
            Request::Stats => JobKind::Stats,
            Request::Layout(_) => JobKind::Layout,
            Request::Reach { .. } => JobKind::Reach,
        }
    }
}

/// The answer to a request.
#[derive(Clone, Debug)]
pub enum Output {
    Paths(Vec<TrustPath>),
    /// Boxed: much larger than the other answers.
    Stats(Box<GraphStats>),
    Layout(LayoutResult),
    Reach(Vec<(NodeIndex, usize)>),
}

/// A finished, still current, job.
#[derive(Debug)]
pub struct Finished {
    /// The graph revision the request was made for.
    pub revision: u64,
    pub output: Output,
    pub elapsed: Duration,
}

struct Job {
    stamp: u64,
    revision: u64,
    graph: Arc<TrustGraph>,
    request: Request,
}

struct Done {
    kind: JobKind,
    stamp: u64,
    finished: Finished,
}

type Wanted = Arc<[AtomicU64; KINDS]>;

/// The job runner the app owns.
pub struct Jobs {
    /// One worker's queue per kind, indexed by [`JobKind::slot`].
    txs: Vec<Sender<Job>>,
    rx: Receiver<Done>,
    /// Latest stamp per kind; 0 when withdrawn. Shared so the worker can skip
    /// superseded requests.
    wanted: Wanted,
    delivered: [u64; KINDS],
    started: HashMap<JobKind, Instant>,
    next_stamp: u64,
    /// Woken when an answer arrives, so an idle window repaints only then.
    repaint: Arc<Mutex<Option<egui::Context>>>,
}

impl Jobs {
    /// Starts the worker threads, one per kind of work.
    pub fn new() -> Self {
        let (done_tx, rx) = channel::<Done>();
        let wanted: Wanted = Arc::new(std::array::from_fn(|_| AtomicU64::new(0)));
        let repaint: Arc<Mutex<Option<egui::Context>>> = Arc::default();
        let txs = JobKind::ALL
            .iter()
            .map(|kind| {
                let (tx, job_rx) = channel::<Job>();
                let (w, r, done) = (wanted.clone(), repaint.clone(), done_tx.clone());
                std::thread::Builder::new()
                    .name(
                        format!("trustpath-{kind:?}")
                            .to_lowercase()
                            .chars()
                            .take(15)
                            .collect(),
                    )
                    .spawn(move || worker(&job_rx, &done, &w, &r))
                    .ok();
                tx
            })
            .collect();
        Self {
            txs,
            rx,
            wanted,
            delivered: [0; KINDS],
            started: HashMap::new(),
            next_stamp: 1,
            repaint,
        }
    }

    /// Sets the context to wake when an answer arrives.
    pub fn set_repaint_context(&self, ctx: &egui::Context) {
        if let Ok(mut slot) = self.repaint.lock()
            && slot.is_none()
        {
            *slot = Some(ctx.clone());
        }
    }

    /// Queues `request` on the graph at `revision`, superseding any earlier
    /// request of the same kind.
    pub fn submit(&mut self, graph: &Arc<TrustGraph>, revision: u64, request: Request) {
        let graph = graph.clone();
        let kind = request.kind();
        let stamp = self.next_stamp;
        self.next_stamp += 1;
        self.wanted[kind.slot()].store(stamp, Ordering::SeqCst);
        self.started.insert(kind, Instant::now());
        let job = Job {
            stamp,
            revision,
            graph,
            request,
        };
        if let Err(e) = self.txs[kind.slot()].send(job) {
            // The worker is gone (it panicked): run here rather than never.
            let job = e.0;
            let done = run(job.request, &job.graph, job.revision, job.stamp);
            self.accept(done);
        }
    }

    /// Withdraws the latest request of `kind`; the last answer stays shown.
    pub fn cancel(&mut self, kind: JobKind) {
        self.wanted[kind.slot()].store(0, Ordering::SeqCst);
        self.started.remove(&kind);
    }

    /// Whether a request of `kind` is waiting for its answer, and since when.
    pub fn running_since(&self, kind: JobKind) -> Option<Instant> {
        let wanted = self.wanted[kind.slot()].load(Ordering::SeqCst);
        (wanted != 0 && self.delivered[kind.slot()] != wanted)
            .then(|| self.started.get(&kind).copied())
            .flatten()
    }

    /// Whether anything is still running.
    pub fn busy(&self) -> bool {
        JobKind::ALL
            .into_iter()
            .any(|k| self.running_since(k).is_some())
    }

    /// The current answers that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Finished> {
        let mut out = Vec::new();
        while let Ok(done) = self.rx.try_recv() {
            out.extend(self.accept(done));
        }
        out
    }

    /// Blocks until every current request has answered (or `timeout`), then
    /// returns the answers. For tests and for the start-up of the window.
    pub fn wait(&mut self, timeout: Duration) -> Vec<Finished> {
        let deadline = Instant::now() + timeout;
        let mut out = Vec::new();
        while self.busy() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(done) => out.extend(self.accept(done)),
                Err(_) => break,
            }
        }
        out
    }

    fn accept(&mut self, done: Done) -> Option<Finished> {
        let slot = done.kind.slot();
        if self.wanted[slot].load(Ordering::SeqCst) != done.stamp {
            return None;
        }
        self.delivered[slot] = done.stamp;
        Some(done.finished)
    }
}

impl Default for Jobs {
    fn default() -> Self {
        Self::new()
    }
}

fn worker(
    rx: &Receiver<Job>,
    tx: &Sender<Done>,
    wanted: &Wanted,
    repaint: &Mutex<Option<egui::Context>>,
) {
    while let Ok(job) = rx.recv() {
        let kind = job.request.kind();
        if wanted[kind.slot()].load(Ordering::SeqCst) != job.stamp {
            continue; // superseded or cancelled while queued
        }
        let done = run(job.request, &job.graph, job.revision, job.stamp);
        if tx.send(done).is_err() {
            return;
        }
        if let Ok(slot) = repaint.lock()
            && let Some(ctx) = slot.as_ref()
        {
            ctx.request_repaint();
        }
    }
}

fn run(request: Request, g: &TrustGraph, revision: u64, stamp: u64) -> Done {
    let t0 = Instant::now();
    let kind = request.kind();
    let output = match request {
        Request::Paths(q) => Output::Paths(analysis::most_likely_paths(g, &q)),
        Request::Stats => Output::Stats(Box::new(analysis::graph_stats(g))),
        Request::Layout(opts) => Output::Layout(layout::compute(g, &opts)),
        Request::Reach {
            starts,
            dir,
            filter,
        } => Output::Reach(analysis::reach(g, &starts, dir, &filter)),
    };
    Done {
        kind,
        stamp,
        finished: Finished {
            revision,
            output,
            elapsed: t0.elapsed(),
        },
    }
}
