//! The relayer's loop: one task per chain, each passing over its chain every poll interval,
//! backing off after failures (an L1 or appchain outage, a refused step) up to the configured
//! cap, and logging every step it takes.

use crate::{
	appchain::Appchain,
	config::{ChainConfig, Config},
	l1::{Totals, L1},
	metrics::Metrics,
	pipeline::{self, PassError},
};
use std::{sync::Arc, time::Duration};

/// The log target.
pub const LOG: &str = "polylink_relayer";

/// The wait after `failures` failures in a row: the poll interval doubled per failure, capped.
pub fn backoff(poll: Duration, failures: u32, cap: Duration) -> Duration {
	poll.saturating_mul(1u32 << failures.min(16)).min(cap)
}

/// Runs the relayer until the process ends (serving its metrics when configured).
pub async fn run(config: Config) {
	let metrics = match Metrics::new() {
		Ok(metrics) => Arc::new(metrics),
		Err(e) => {
			log::error!(target: LOG, "the metrics cannot be registered: {e}");
			return;
		}
	};
	if !config.metrics.is_empty() {
		match std::net::TcpListener::bind(&config.metrics) {
			Ok(listener) => {
				log::info!(target: LOG, "metrics=http://{}/metrics serving", config.metrics);
				metrics.clone().serve(listener);
			}
			Err(e) => log::error!(
				target: LOG,
				"metrics={} error=\"cannot listen: {e}\" (set metrics to a free port, or \"\")",
				config.metrics
			),
		}
	}
	let mut tasks = Vec::new();
	for chain in config.chains.clone() {
		let config = config.clone();
		let metrics = metrics.clone();
		tasks.push(tokio::spawn(async move { drive(config, chain, metrics).await }));
	}
	for task in tasks {
		if let Err(e) = task.await {
			log::error!(target: LOG, "a chain's task ended: {e}");
		}
	}
}

/// Records what a pass read and took.
async fn record(metrics: &Metrics, appchain: &Appchain, chain: &str, totals: &Totals) {
	for (stage, batch) in [
		("committed", totals.committed),
		("proven", totals.proven),
		("synced", totals.synced),
		("executed", totals.executed),
	] {
		metrics.batch.with_label_values(&[chain, stage]).set(batch as i64);
	}
	match appchain.last_sealed().await {
		Ok(sealed) => {
			let lag = sealed.saturating_sub(totals.executed);
			metrics.lag.with_label_values(&[chain]).set(lag as i64);
		}
		// The pass itself succeeded; the gauge keeps its last value.
		Err(e) => log::warn!(target: LOG, "chain={chain} metric=lag error=\"{e}\""),
	}
}

/// The `kind` label of an error in logs and metrics.
fn error_kind(error: &PassError) -> &'static str {
	match error {
		PassError::Appchain(_) => "appchain",
		PassError::L1(_) => "l1",
		PassError::Data { .. } => "data",
	}
}

/// Drives one chain forever: connects (retrying), then passes over it.
async fn drive(config: Config, chain: ChainConfig, metrics: Arc<Metrics>) {
	let index = chain.index;
	let (poll, cap) = (config.poll(), config.max_backoff());
	let appchain = match Appchain::new(&config.appchain) {
		Ok(appchain) => appchain,
		Err(e) => {
			log::error!(target: LOG, "chain={index} error=\"{e}\"");
			return;
		}
	};
	let mut failures = 0;
	let mut l1 = loop {
		match L1::connect(&chain).await {
			Ok(l1) => break l1,
			Err(e) => {
				failures += 1;
				let wait = backoff(poll, failures, cap);
				log::warn!(target: LOG, "chain={index} connecting error=\"{e}\" retry_in={wait:?}");
				tokio::time::sleep(wait).await;
			}
		}
	};
	log::info!(
		target: LOG,
		"chain={index} contract={} sender={} da={} driving",
		chain.contract,
		l1.sender(),
		l1.is_da()
	);
	failures = 0;
	loop {
		let label = index.to_string();
		let wait = match pipeline::pass(&mut l1, &appchain).await {
			Ok(pass) => {
				record(&metrics, &appchain, &label, &pass.totals).await;
				for step in &pass.taken {
					metrics.steps.with_label_values(&[&label, step.step.name()]).inc();
					log::info!(
						target: LOG,
						"chain={index} step={} batch={} tx={}",
						step.step.name(),
						step.step.batch(),
						step.tx
					);
				}
				if pass.failed.is_empty() {
					failures = 0;
				} else {
					failures += 1;
				}
				let retry = backoff(poll, failures, cap);
				for (stage, e) in &pass.failed {
					let kind = error_kind(e);
					metrics.errors.with_label_values(&[&label, kind]).inc();
					log::warn!(
						target: LOG,
						"chain={index} stage={stage} kind={kind} error=\"{e}\" retry_in={retry:?}"
					);
				}
				// Progress: look again at once (the next stage may be due).
				if !pass.taken.is_empty() {
					Duration::ZERO
				} else if pass.failed.is_empty() {
					poll
				} else {
					retry
				}
			}
			Err(e) => {
				failures += 1;
				let wait = backoff(poll, failures, cap);
				let kind = error_kind(&e);
				metrics.errors.with_label_values(&[&label, kind]).inc();
				log::warn!(target: LOG, "chain={index} kind={kind} error=\"{e}\" retry_in={wait:?}");
				wait
			}
		};
		tokio::time::sleep(wait).await;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn backoff_doubles_per_failure_up_to_the_cap() {
		let (poll, cap) = (Duration::from_millis(500), Duration::from_secs(60));
		assert_eq!(backoff(poll, 0, cap), poll);
		assert_eq!(backoff(poll, 1, cap), Duration::from_secs(1));
		assert_eq!(backoff(poll, 3, cap), Duration::from_secs(4));
		assert_eq!(backoff(poll, 10, cap), cap);
		assert_eq!(backoff(poll, u32::MAX, cap), cap);
	}
}
