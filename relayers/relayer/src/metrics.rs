//! The relayer's Prometheus metrics, served as text on `GET /metrics` (any path) at the
//! configured address (`metrics = "127.0.0.1:9616"` by default).
//!
//! - `polylink_relayer_batch{chain, stage}`: the contract's last batch per stage (`committed`,
//!   `proven`, `synced`, `executed`), as the last pass read it;
//! - `polylink_relayer_lag_batches{chain}`: batches the appchain sealed that the chain has not
//!   executed yet;
//! - `polylink_relayer_steps_total{chain, step}`: transactions sent per step;
//! - `polylink_relayer_errors_total{chain, kind}`: failed passes (`appchain`, `l1`, `data`).

use prometheus::{Encoder, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};
use std::{
	io::{Read, Write},
	net::TcpListener,
	sync::Arc,
};

/// The relayer's metrics.
#[derive(Clone)]
pub struct Metrics {
	registry: Registry,
	/// `polylink_relayer_batch{chain, stage}`.
	pub batch: IntGaugeVec,
	/// `polylink_relayer_lag_batches{chain}`.
	pub lag: IntGaugeVec,
	/// `polylink_relayer_steps_total{chain, step}`.
	pub steps: IntCounterVec,
	/// `polylink_relayer_errors_total{chain, kind}`.
	pub errors: IntCounterVec,
}

impl Metrics {
	/// The metrics, registered.
	pub fn new() -> Result<Self, prometheus::Error> {
		let registry = Registry::new();
		let batch = IntGaugeVec::new(
			Opts::new("polylink_relayer_batch", "The contract's last batch per stage"),
			&["chain", "stage"],
		)?;
		let lag = IntGaugeVec::new(
			Opts::new("polylink_relayer_lag_batches", "Sealed batches the chain has not executed"),
			&["chain"],
		)?;
		let steps = IntCounterVec::new(
			Opts::new("polylink_relayer_steps_total", "Transactions sent per step"),
			&["chain", "step"],
		)?;
		let errors = IntCounterVec::new(
			Opts::new("polylink_relayer_errors_total", "Failed passes per kind"),
			&["chain", "kind"],
		)?;
		registry.register(Box::new(batch.clone()))?;
		registry.register(Box::new(lag.clone()))?;
		registry.register(Box::new(steps.clone()))?;
		registry.register(Box::new(errors.clone()))?;
		Ok(Self { registry, batch, lag, steps, errors })
	}

	/// The metrics in Prometheus' text format.
	pub fn text(&self) -> String {
		let mut out = Vec::new();
		// Encoding gathered metrics into a vector cannot fail.
		let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
		String::from_utf8(out).unwrap_or_default()
	}

	/// Serves the metrics on `listener` in a thread of its own, one connection at a time.
	pub fn serve(self: Arc<Self>, listener: TcpListener) {
		std::thread::spawn(move || {
			for stream in listener.incoming() {
				let Ok(mut stream) = stream else { continue };
				let mut request = [0u8; 1024];
				let _ = stream.read(&mut request);
				let body = self.text();
				let _ = write!(
					stream,
					"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n\
					 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
					body.len()
				);
			}
		});
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_are_served_as_prometheus_text() {
		let metrics = Arc::new(Metrics::new().unwrap());
		metrics.batch.with_label_values(&["1", "executed"]).set(3);
		metrics.steps.with_label_values(&["1", "commit"]).inc();
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let address = listener.local_addr().unwrap();
		metrics.clone().serve(listener);
		let mut stream = std::net::TcpStream::connect(address).unwrap();
		stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
		let mut answer = String::new();
		stream.read_to_string(&mut answer).unwrap();
		assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
		assert!(
			answer.contains("polylink_relayer_batch{chain=\"1\",stage=\"executed\"} 3"),
			"{answer}"
		);
		assert!(
			answer.contains("polylink_relayer_steps_total{chain=\"1\",step=\"commit\"} 1"),
			"{answer}"
		);
	}
}
