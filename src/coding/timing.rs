//! Timing verdicts: a candidate's timed test against the reference's, in interleaved pairs,
//! with a sequential rule for how many pairs are enough, and a reading of how busy the rest of
//! the machine was meanwhile.
//!
//! Each pair gives a log-ratio `ln(candidate / reference)`. After [`MIN_PAIRS`] pairs the rule
//! stops as soon as the mean log-ratio lies more than [`Z`] standard errors from `ln(limit)`,
//! on either side; otherwise it takes another pair, up to twice the runs `kata.yaml` declares.
//! The standard error uses the spread of the pairs seen so far, never less than
//! [`NOISE_FLOOR`] per pair: two pairs that happen to agree closely must not look more
//! certain than these machines are. If the per-pair log-ratios are independent and normal
//! with that spread, a stop lands on the wrong side of the limit with probability at most
//! Φ(−3.3) ≈ 0.05% per look, under 0.5% over the at most ten looks of a kata's test.
//! Undecided at the last pair, the geometric mean is compared with the limit as it is.

use crate::kata::model::TimingDef;
use crate::results::Measure;

/// Pairs taken before the rule may stop.
pub const MIN_PAIRS: usize = 2;
/// Standard errors between the estimate and the limit needed to stop early.
pub const Z: f64 = 3.3;
/// The smallest per-pair standard deviation of a log-ratio the rule assumes (10%).
pub const NOISE_FLOOR: f64 = 0.10;
/// A timing verdict taken while other work used more than this share of the CPUs says so.
pub const LOADED_SHARE: f64 = 0.25;

/// Which side of the limit the pairs put the candidate, once the rule has stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Clearly within the limit.
    Within,
    /// Clearly over the limit.
    Over,
    /// The last pair was taken without a clear answer: judged on the estimate as it is.
    Close { over: bool },
}

impl Decision {
    /// Whether the candidate is too slow.
    pub fn too_slow(self) -> bool {
        matches!(self, Decision::Over | Decision::Close { over: true })
    }
}

/// The pairs of one timed test so far.
pub struct Sampler {
    limit: f64,
    max_pairs: usize,
    candidate: Vec<f64>,
    reference: Vec<f64>,
}

impl Sampler {
    /// A sampler for `timing`, taking at most twice its declared runs.
    pub fn new(timing: &TimingDef) -> Sampler {
        Sampler::with(timing.limit_ratio, (timing.runs as usize * 2).max(MIN_PAIRS))
    }

    fn with(limit: f64, max_pairs: usize) -> Sampler {
        Sampler { limit, max_pairs, candidate: Vec::new(), reference: Vec::new() }
    }

    /// Records one pair, in milliseconds. A floor of 1 ms keeps a near-zero reference from
    /// producing absurd ratios.
    pub fn add(&mut self, candidate_ms: f64, reference_ms: f64) {
        self.candidate.push(candidate_ms.max(0.0));
        self.reference.push(reference_ms.max(1.0));
    }

    fn log_ratios(&self) -> Vec<f64> {
        self.candidate.iter().zip(&self.reference).map(|(c, r)| (c.max(0.001) / r).ln()).collect()
    }

    /// Pairs taken.
    pub fn pairs(&self) -> usize {
        self.candidate.len()
    }

    /// The decision, once the rule stops; `None` while another pair is needed.
    pub fn decision(&self) -> Option<Decision> {
        let logs = self.log_ratios();
        let n = logs.len();
        if n < MIN_PAIRS {
            return None;
        }
        let mean = logs.iter().sum::<f64>() / n as f64;
        let variance = logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let spread = variance.sqrt().max(NOISE_FLOOR);
        let margin = Z * spread / (n as f64).sqrt();
        let limit = self.limit.ln();
        if mean + margin < limit {
            Some(Decision::Within)
        } else if mean - margin > limit {
            Some(Decision::Over)
        } else if n >= self.max_pairs {
            Some(Decision::Close { over: mean > limit })
        } else {
            None
        }
    }

    /// The geometric mean of the pairs' ratios: what the decision is about.
    pub fn ratio(&self) -> f64 {
        let logs = self.log_ratios();
        if logs.is_empty() {
            return 0.0;
        }
        (logs.iter().sum::<f64>() / logs.len() as f64).exp()
    }

    /// Median candidate and reference times, for the report.
    pub fn medians(&self) -> (f64, f64) {
        (median(&self.candidate), median(&self.reference))
    }
}

fn median(values: &[f64]) -> f64 {
    let mut values = values.to_vec();
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Whether a timing test shares the machine with any work at all. CPU time counts only the
/// test's own work, and held within a few percent with two CPU-bound processes beside it
/// (benches/grade_bench.py, stability run): it takes a slot like any test. Wall time counts
/// every wait for a CPU, so a wall measure gets the slots its test needs and no waiting test
/// beside it ([`wall_slots`]); other slots may be busy.
pub fn shares_the_machine(measure: Measure) -> bool {
    matches!(measure, Measure::Cpu)
}

/// The CPU slots a wall-clock timing run takes: its test's `cpus`, at least one (a test that
/// mostly waits still needs a CPU the moment it wakes). With the slot budget never running
/// more CPU-bound processes than CPUs, the run's threads find theirs free whenever they need
/// it; the reference's and the candidate's runs alternate under the same conditions.
pub fn wall_slots(cpus: Option<u32>) -> usize {
    cpus.unwrap_or(1).max(1) as usize
}

/// The machine's busy CPU time so far, from `/proc/stat` (every process, ours included, and
/// time stolen by the hypervisor), in seconds; `None` where there is no `/proc/stat`.
fn busy_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let line = text.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<u64> = line.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let busy = [0, 1, 2, 5, 6, 7].iter().filter_map(|&i| fields.get(i)).sum::<u64>();
    Some(busy as f64 / clock_ticks())
}

fn clock_ticks() -> f64 {
    crate::coding::runner::sys::clock_ticks_per_second() as f64
}

/// Measures how much of the machine other work used while our timing runs ran.
pub struct LoadWatch {
    started: std::time::Instant,
    busy_at_start: Option<f64>,
    ours: f64,
}

impl LoadWatch {
    /// Starts watching now.
    pub fn start() -> LoadWatch {
        LoadWatch { started: std::time::Instant::now(), busy_at_start: busy_seconds(), ours: 0.0 }
    }

    /// Adds CPU time our own runs used.
    pub fn ours(&mut self, cpu: std::time::Duration) {
        self.ours += cpu.as_secs_f64();
    }

    /// The share of the machine's CPU time other work used since the start, 0 to 1.
    pub fn others_share(&self) -> Option<f64> {
        let busy = busy_seconds()? - self.busy_at_start?;
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;
        let capacity = self.started.elapsed().as_secs_f64() * cpus;
        (capacity > 0.0).then(|| ((busy - self.ours) / capacity).clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::{Decision, Sampler};

    fn sampler(limit: f64, pairs: &[(f64, f64)]) -> Sampler {
        let mut s = Sampler::with(limit, 10);
        for &(c, r) in pairs {
            s.add(c, r);
        }
        s
    }

    #[test]
    fn a_reference_against_itself_stops_after_two_pairs() {
        let s = sampler(2.0, &[(101.0, 100.0), (98.0, 100.0)]);
        assert_eq!(s.decision(), Some(Decision::Within));
    }

    #[test]
    fn a_clearly_slow_candidate_stops_after_two_pairs() {
        let s = sampler(5.0, &[(1400.0, 100.0), (1350.0, 100.0)]);
        assert_eq!(s.decision(), Some(Decision::Over));
        assert!((s.ratio() - 13.75).abs() < 0.1);
    }

    #[test]
    fn one_pair_is_never_enough() {
        assert_eq!(sampler(2.0, &[(100.0, 100.0)]).decision(), None);
    }

    #[test]
    fn close_to_the_limit_takes_more_pairs_then_judges_the_estimate() {
        let mut s = sampler(2.0, &[(210.0, 100.0), (190.0, 100.0)]);
        assert_eq!(s.decision(), None);
        for _ in 0..8 {
            s.add(205.0, 100.0);
        }
        assert_eq!(s.pairs(), 10);
        assert_eq!(s.decision(), Some(Decision::Close { over: true }));
        assert!(s.decision().unwrap().too_slow());
    }

    #[test]
    fn a_noisy_pair_delays_the_decision() {
        // 1.3x and 3.0x average under the 2x limit, but too far apart to be sure yet.
        let s = sampler(2.0, &[(130.0, 100.0), (300.0, 100.0)]);
        assert_eq!(s.decision(), None);
    }

    #[test]
    fn medians_are_per_side() {
        let s = sampler(2.0, &[(1.0, 10.0), (3.0, 30.0), (2.0, 20.0)]);
        assert_eq!(s.medians(), (2.0, 20.0));
    }
}
