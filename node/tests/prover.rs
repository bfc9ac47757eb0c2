//! Through the real node: `polylink-node --dev --sealing manual --prover`. The test plays the L1
//! oracle (Alice's ECDSA oracle key votes a deposit, the quorum of the one-validator dev set),
//! creates blocks over RPC until the seal timeout seals batch 1, and waits for the off-chain
//! worker and the native prover to prove it: the proof registry accepts the real Groth16 proof
//! (against the verifying key the dev chain spec derived from the prover's parameters), the
//! proof is served over RPC and the prover's metrics count it. The node is killed while it
//! proves and restarted on the same base path: the restarted prover proves the batch (once), and
//! its replica's root is the root the chain recorded.

use pallet_polylink_root_consensus::{vote_digest, Fact, DEV_DEPLOYMENT_NAME};
use parity_scale_codec::Encode;
use polylink_primitives::{
	certificate::DeploymentId,
	chain::ChainId,
	eth::{address_of, sign_prehash, L1Address},
	token::TokenId,
	tx::{Deposit, PriorityOp},
};
use polylink_runtime::{RuntimeCall, UncheckedExtrinsic};
use serde_json::{json, Value};
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A port nothing listens on.
fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// The node process, killed when dropped.
struct Node(Child);

impl Drop for Node {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// One HTTP JSON-RPC call.
fn call(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)
	.map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let json = response.split("\r\n\r\n").nth(1).ok_or("no HTTP body")?;
	let value: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
	match value.get("error") {
		Some(error) => Err(format!("{method}: {error}")),
		None => Ok(value["result"].clone()),
	}
}

/// Polls `check` every 300 ms, creating a block before each poll, until it yields or `limit`
/// passes.
fn with_blocks<T>(port: u16, limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
	let start = Instant::now();
	while start.elapsed() < limit {
		call(port, "engine_createBlock", json!([true, true, null])).expect("a block is created");
		if let Some(found) = check() {
			return Some(found);
		}
		std::thread::sleep(Duration::from_millis(300));
	}
	None
}

/// The value of metric `name` (Substrate prefixes `substrate_` and adds a `chain` label).
fn metric(text: &str, name: &str) -> Option<u64> {
	text.lines()
		.filter(|line| !line.starts_with('#'))
		.find(|line| line.split(['{', ' ']).next().is_some_and(|n| n.ends_with(name)))
		.and_then(|line| line.rsplit(' ').next())
		.and_then(|value| value.parse().ok())
}

/// Starts the node on `base` (its stderr appended to `log`).
fn start_node(base: &std::path::Path, log: &std::path::Path, rpc: u16, prometheus: u16) -> Node {
	let log = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("log file");
	let node = Node(
		Command::new(env!("CARGO_BIN_EXE_polylink-node"))
			.args(["--dev", "--sealing", "manual", "--prover", "--no-telemetry", "--no-mdns"])
			.args(["--offchain-worker", "always"])
			.arg("--base-path")
			.arg(base)
			.args(["--rpc-port", &rpc.to_string()])
			.args(["--port", &free_port().to_string()])
			.args(["--prometheus-port", &prometheus.to_string()])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node starts"),
	);
	let start = Instant::now();
	while call(rpc, "system_health", json!([])).is_err() {
		// On a fresh machine the dev chain spec first generates the block circuits' parameters.
		assert!(start.elapsed() < Duration::from_secs(1200), "the node's RPC never answered");
		std::thread::sleep(Duration::from_millis(250));
	}
	node
}

/// Alice's oracle vote for deposit 0 on chain 1 (1 ETH to 0x11…11), as a bare extrinsic.
fn deposit_vote() -> Vec<u8> {
	use polkadot_sdk::sp_core::Pair as _;
	let alice = polkadot_sdk::sp_core::ecdsa::Pair::from_string("//Alice", None).expect("seed");
	let key = k256::ecdsa::SigningKey::from_slice(alice.seed().as_ref()).expect("a secp256k1 key");
	let deposit = Deposit {
		chain: ChainId(1),
		serial_id: 0,
		to: L1Address([0x11; 20]),
		token: TokenId(1),
		amount: 1_000_000_000_000_000_000,
	};
	let fact = Fact::Priority { chain: ChainId(1), serial_id: 0, op: PriorityOp::Deposit(deposit) };
	let digest = vote_digest(&DeploymentId::from_name(DEV_DEPLOYMENT_NAME), &fact);
	let vote = RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::vote {
		fact,
		oracle: address_of(key.verifying_key()).0,
		signature: sign_prehash(&key, &digest),
	});
	UncheckedExtrinsic::new_bare(vote).encode()
}

/// The node's Prometheus metrics text.
fn metrics(port: u16) -> String {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("prometheus");
	write!(stream, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		.expect("request");
	let mut text = String::new();
	stream.read_to_string(&mut text).expect("metrics");
	text
}

#[test]
fn the_node_proves_a_sealed_batch_with_its_native_prover_across_a_restart() {
	let rpc = free_port();
	let prometheus = free_port();
	let base = std::env::temp_dir().join(format!("polylink-prover-test-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&base);
	let log = std::env::temp_dir().join(format!("polylink-prover-test-{}.log", std::process::id()));
	let _ = std::fs::remove_file(&log);
	let node = start_node(&base, &log, rpc, prometheus);

	let xt = deposit_vote();
	call(rpc, "author_submitExtrinsic", json!([format!("0x{}", hex::encode(xt))]))
		.expect("the vote enters the pool");

	// Blocks until the seal timeout seals batch 1 and the prover starts on it; then kill it.
	let proving = with_blocks(rpc, Duration::from_secs(300), || {
		let text = std::fs::read_to_string(&log).unwrap_or_default();
		text.contains("proving batch 1").then_some(())
	});
	assert!(proving.is_some(), "the prover never started on batch 1; see {}", log.display());
	drop(node);
	let status = {
		let node = start_node(&base, &log, rpc, prometheus);
		let proven = with_blocks(rpc, Duration::from_secs(600), || {
			let status = call(rpc, "polylink_batchStatus", json!([1])).expect("batch status");
			(status["proven"] == json!(true)).then_some(status)
		});
		assert!(proven.is_some(), "batch 1 was not proven; see {}", log.display());
		let account =
			call(rpc, "polylink_account", json!(["0x1111111111111111111111111111111111111111"]))
				.expect("the account query");
		assert!(account["id"].is_number(), "the deposit opened an account: {account}");
		let proof = call(rpc, "polylink_proof", json!([1])).expect("the proof");
		assert_eq!(proof.as_str().map(str::len), Some(2 + 2 * 512), "a 512-byte EIP-2537 proof");
		let batch = call(rpc, "polylink_batch", json!([1])).expect("the batch");
		let text = metrics(prometheus);
		assert_eq!(metric(&text, "polylink_prover_proofs_total"), Some(1), "proved once");
		assert_eq!(metric(&text, "polylink_prover_replica_batch"), Some(1), "replica at 1");
		drop(node);
		batch
	};
	let root = status["proven"]["newRoot"].as_str().expect("a proven root").to_string();
	let text = std::fs::read_to_string(&log).expect("the log");
	assert_eq!(text.matches("proved batch 1 in").count(), 1, "the killed node had not finished");
	assert!(
		text.contains(&format!("replica at batch 1 (root {root})")),
		"the replica's root is the chain's {root}"
	);
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
}
