//! Benchmark suite `circuits` (`./scripts/bench circuits`).
//!
//! Prints one `metric: value unit` line per figure (release build, all cores):
//! - `constraints_<op>`: constraints an operation costs in the block circuit: its chunks times
//!   the per-chunk cost, measured as (count(16) − count(8)) / 8 from synthesized shapes, which
//!   includes the SHA-256 blocks the chunk's pubdata adds to both hash streams;
//! - per registered block size: `constraints_batch_<chunks>`, `params_mib_batch_<chunks>`,
//!   `prove_seconds_batch_<chunks>`, `peak_rss_mib_batch_<chunks>` (process high-water mark
//!   after proving that size), and `prove_constraints_per_s` for the largest size;
//! - the exit circuit: `constraints_exit_proof`, `exit_prove_seconds` (when registered).
//!
//! Parameters come from the shared cache and are generated on first use (minutes).

use polylink_circuits::{
	block::BlockCircuit,
	params::{circuit_shape, default_cache_dir},
	registry,
};
use polylink_primitives::pubdata::{op_code, Op};
use rand::SeedableRng;
use std::time::Instant;

/// The process's peak resident set (VmHWM), if the platform reports it.
fn peak_rss_mib() -> Option<f64> {
	let status = std::fs::read_to_string("/proc/self/status").ok()?;
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmHWM:"))
		.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
		.map(|kb| kb / 1024.0)
}

fn main() {
	let count = |chunks| circuit_shape(BlockCircuit::blank(chunks)).expect("shape").num_constraints;
	let (eight, sixteen) = (count(8), count(16));
	let per_chunk = (sixteen - eight) / 8;
	for (name, code) in [
		("transfer", op_code::TRANSFER),
		("withdraw", op_code::WITHDRAW),
		("deposit", op_code::DEPOSIT),
		("change_pubkey", op_code::CHANGE_PUBKEY),
		("full_exit", op_code::FULL_EXIT),
		("forced_exit", op_code::FORCED_EXIT),
	] {
		let chunks = Op::chunks_of(code).expect("known op");
		println!("constraints_{name}: {} constraints", chunks * per_chunk);
	}
	println!("constraints_per_chunk: {per_chunk} constraints");

	let dir = default_cache_dir();
	let mut rng = rand::rngs::StdRng::seed_from_u64(1);
	let mut last_rate = None;
	for entry in registry::CIRCUITS {
		let Some(chunks) = entry.name.strip_prefix("block-") else { continue };
		let shape = (entry.shape)().expect("shape");
		println!("constraints_batch_{chunks}: {} constraints", shape.num_constraints);
		let params = (entry.load_or_generate)(&dir, &|m| eprintln!("[{}] {m}", entry.name))
			.expect("parameters");
		let path = polylink_circuits::params::cache_path(&dir, entry.name, &shape);
		let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
		println!("params_mib_batch_{chunks}: {:.1} MiB", size as f64 / (1024.0 * 1024.0));
		let start = Instant::now();
		(entry.prove_example)(&params, &mut rng).expect("prove");
		let seconds = start.elapsed().as_secs_f64();
		println!("prove_seconds_batch_{chunks}: {seconds:.2} s");
		match peak_rss_mib() {
			Some(mib) => println!("peak_rss_mib_batch_{chunks}: {mib:.0} MiB"),
			None => eprintln!("peak_rss_mib_batch_{chunks}: not measured (no /proc/self/status)"),
		}
		last_rate = Some(shape.num_constraints as f64 / seconds);
	}
	if let Some(rate) = last_rate {
		println!("prove_constraints_per_s: {rate:.0} constraints/s");
	}
	if let Some(exit) = registry::lookup("exit") {
		let shape = (exit.shape)().expect("shape");
		println!("constraints_exit_proof: {} constraints", shape.num_constraints);
		let params =
			(exit.load_or_generate)(&dir, &|m| eprintln!("[exit] {m}")).expect("parameters");
		let start = Instant::now();
		(exit.prove_example)(&params, &mut rng).expect("prove");
		println!("exit_prove_seconds: {:.2} s", start.elapsed().as_secs_f64());
	}
}
