//! What the node's integration tests (and its appchain bench) share: the node and anvil
//! processes, the contracts' deployment, JSON-RPC over HTTP, manual block creation,
//! Prometheus metrics.
#![allow(dead_code)]

pub use polylink_e2e::{call, free_port, hex0x, Process};
use serde_json::{json, Value};
use std::{
	io::{Read, Write},
	net::TcpStream,
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// Polls `check` every 300 ms, creating a block before each poll, until it yields or `limit`
/// passes.
pub fn with_blocks<T>(
	port: u16,
	limit: Duration,
	mut check: impl FnMut() -> Option<T>,
) -> Option<T> {
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
pub fn metric(text: &str, name: &str) -> Option<u64> {
	text.lines()
		.filter(|line| !line.starts_with('#'))
		.find(|line| line.split(['{', ' ']).next().is_some_and(|n| n.ends_with(name)))
		.and_then(|line| line.rsplit(' ').next())
		.and_then(|value| value.parse().ok())
}

/// The node's Prometheus metrics text.
pub fn metrics(port: u16) -> String {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("prometheus");
	write!(stream, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		.expect("request");
	let mut text = String::new();
	stream.read_to_string(&mut text).expect("metrics");
	text
}

/// The node binary: cargo's for integration tests, else `$POLYLINK_NODE_BIN`, else the dev
/// profile's in `$CARGO_TARGET_DIR`.
pub fn node_binary() -> PathBuf {
	if let Some(bin) = option_env!("CARGO_BIN_EXE_polylink-node") {
		return bin.into();
	}
	if let Some(bin) = std::env::var_os("POLYLINK_NODE_BIN") {
		return bin.into();
	}
	let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
		PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/polylink/target")
	});
	target.join("debug/polylink-node")
}

/// Runs the `polylink` CLI (built next to the node) with `args`; its stdout, or its stderr as
/// the error.
pub fn polylink(args: &[&str]) -> Result<String, String> {
	let path = node_binary().with_file_name("polylink");
	let output = Command::new(&path).args(args).output().expect("the polylink CLI runs");
	if output.status.success() {
		Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
	} else {
		Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
	}
}

/// The L2 balance of token 1 (ETH) of `who` (an address or an id) on the node at `rpc`.
pub fn eth_balance(rpc: u16, who: &str) -> u128 {
	let balances = call(rpc, "polylink_balances", json!([who])).expect("balances");
	balances
		.as_array()
		.and_then(|all| all.iter().find(|b| b["token"] == json!(1)))
		.and_then(|b| b["amount"].as_str())
		.map_or(0, |amount| amount.parse().expect("a decimal amount"))
}

/// The `0x…` strings of a JSON list as bytes (certificate signatures).
pub fn hex_list(value: &Value) -> Vec<Vec<u8>> {
	value.as_array().expect("a list").iter().map(unhex).collect()
}

/// anvil's fourth account's key: the relayer's sender in the tests.
pub const RELAYER_KEY: &str = "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

/// Writes a relayer configuration at `path` for chain 1 (`rollup` on anvil at `l1`) and the
/// node at `rpc`, sending with [`RELAYER_KEY`], polling every 200 ms; returns the port its
/// metrics are served on.
pub fn relayer_config(path: &Path, rpc: u16, l1: u16, rollup: [u8; 20]) -> u16 {
	let metrics = free_port();
	std::fs::write(
		path,
		format!(
			"appchain = \"http://127.0.0.1:{rpc}\"\npoll_ms = 200\nmax_backoff_s = 2\n\
			 metrics = \"127.0.0.1:{metrics}\"\n\n\
			 [[chains]]\nindex = 1\nrpc = \"http://127.0.0.1:{l1}\"\ncontract = \"{}\"\n\
			 key = \"{RELAYER_KEY}\"\n",
			hex0x(&rollup)
		),
	)
	.expect("the relayer's configuration");
	metrics
}

/// The relayer binary: `$POLYLINK_RELAYER_BIN`, else the dev profile's in `$CARGO_TARGET_DIR`
/// (`cargo test --workspace` builds it).
pub fn relayer_binary() -> PathBuf {
	if let Some(bin) = std::env::var_os("POLYLINK_RELAYER_BIN") {
		return bin.into();
	}
	let path = node_binary().with_file_name("polylink-relayer");
	assert!(path.exists(), "{} is missing: cargo build -p polylink-relayer", path.display());
	path
}

/// Starts `polylink-relayer --config <config>`, its stderr appended to `log`.
pub fn start_relayer(config: &Path, log: &Path) -> Process {
	let log = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("log file");
	Process(
		Command::new(relayer_binary())
			.arg("--config")
			.arg(config)
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the relayer starts"),
	)
}

/// Starts `polylink-node --dev <args>` on `base` (its stderr appended to `log`) and waits for
/// its RPC.
pub fn spawn_node(base: &Path, log: &Path, rpc: u16, prometheus: u16, args: &[&str]) -> Process {
	let log = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("log file");
	let node = Process(
		Command::new(node_binary())
			.args(["--dev", "--no-telemetry", "--no-mdns"])
			.arg("--base-path")
			.arg(base)
			.args(["--rpc-port", &rpc.to_string()])
			.args(["--port", &free_port().to_string()])
			.args(["--prometheus-port", &prometheus.to_string()])
			.args(args)
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node starts"),
	);
	let start = Instant::now();
	while call(rpc, "system_health", json!([])).is_err() {
		assert!(start.elapsed() < Duration::from_secs(120), "the node's RPC never answered");
		std::thread::sleep(Duration::from_millis(250));
	}
	node
}

/// Starts `polylink-node --dev --sealing manual --prover` (off-chain workers always on) with
/// `extra` arguments; see [`spawn_node`].
pub fn start_node(base: &Path, log: &Path, rpc: u16, prometheus: u16, extra: &[&str]) -> Process {
	let mut args = vec!["--sealing", "manual", "--prover", "--offchain-worker", "always"];
	args.extend_from_slice(extra);
	spawn_node(base, log, rpc, prometheus, &args)
}

/// The repository root.
pub fn root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("node/ is in the repository").into()
}

/// A tool from `node_modules/.bin` (installed by `./scripts/setup`).
pub fn tool(name: &str) -> PathBuf {
	let path = root().join("node_modules/.bin").join(name);
	assert!(path.exists(), "{} is missing: run ./scripts/setup", path.display());
	path
}

/// The bytes of a `0x` hex string.
pub fn unhex(value: &Value) -> Vec<u8> {
	let text = value.as_str().unwrap_or_else(|| panic!("expected a hex string, got {value}"));
	hex::decode(text.trim_start_matches("0x")).expect("hex")
}

/// Starts anvil (prague) on a free port; waits for its RPC.
pub fn start_anvil() -> (Process, u16) {
	let port = free_port();
	let anvil = Process(
		Command::new(tool("anvil"))
			.args(["--hardfork", "prague", "--silent", "--port", &port.to_string()])
			.stdout(Stdio::null())
			.spawn()
			.expect("anvil starts"),
	);
	let start = Instant::now();
	while call(port, "eth_chainId", json!([])).is_err() {
		assert!(start.elapsed() < Duration::from_secs(30), "anvil never answered");
		std::thread::sleep(Duration::from_millis(100));
	}
	(anvil, port)
}

/// anvil's first account's key: the deployer and contract owner.
pub const DEPLOYER_KEY: &str = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/// Deploys chain 1's contracts of the dev deployment (oracle set: `oracles`) with forge
/// (`contracts/script/DeployChain.s.sol`).
pub fn deploy(port: u16, oracles: &[[u8; 20]]) {
	use pallet_polylink_root_consensus::DEV_DEPLOYMENT_NAME;
	use polylink_primitives::certificate::DeploymentId;
	let oracles: Vec<String> = oracles.iter().map(|o| hex0x(o)).collect();
	let output = Command::new(tool("forge"))
		.current_dir(root().join("contracts"))
		.args(["script", "script/DeployChain.s.sol:DeployChain", "--broadcast", "--offline"])
		.args(["--rpc-url", &format!("http://127.0.0.1:{port}")])
		.arg("--use")
		.arg(root().join("scripts/solc"))
		.env("POLYLINK_DEPLOYER_KEY", format!("0x{DEPLOYER_KEY}"))
		.env("POLYLINK_DEPLOYMENT_ID", hex0x(&DeploymentId::from_name(DEV_DEPLOYMENT_NAME).0))
		.env("POLYLINK_GENESIS_ROOT", hex0x(&polylink_runtime::genesis::empty_state_root()))
		.env("POLYLINK_ORACLES", oracles.join(","))
		.output()
		.expect("forge runs");
	assert!(
		output.status.success(),
		"the deployment failed:\n{}\n{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
}

/// The L1 address of `//Alice`'s oracle key (the dev set's only oracle).
pub fn alice_oracle() -> [u8; 20] {
	use polkadot_sdk::sp_core::{crypto::Pair as _, ecdsa};
	let pair = ecdsa::Pair::from_string("//Alice", None).expect("a dev seed");
	let key = k256::ecdsa::VerifyingKey::from_sec1_bytes(pair.public().as_ref()).expect("a point");
	polylink_primitives::eth::address_of(&key).0
}

/// Sends a transaction from an unlocked anvil account and checks it succeeded.
pub fn eth_send(port: u16, from: [u8; 20], to: [u8; 20], value: u128, data: &[u8]) {
	let hash = call(
		port,
		"eth_sendTransaction",
		json!([{"from": hex0x(&from), "to": hex0x(&to), "value": format!("{value:#x}"), "data": hex0x(data)}]),
	)
	.expect("the transaction is accepted");
	// anvil mines on arrival, but may answer before the receipt is stored.
	let start = Instant::now();
	let receipt = loop {
		let receipt = call(port, "eth_getTransactionReceipt", json!([hash])).expect("a receipt");
		if !receipt.is_null() {
			break receipt;
		}
		assert!(start.elapsed() < Duration::from_secs(30), "transaction {hash} was not mined");
		std::thread::sleep(Duration::from_millis(100));
	};
	assert_eq!(receipt["status"], json!("0x1"), "the transaction reverted: {receipt}");
}

/// The rollup's priority-request fee in wei: what every L1 request pays on top.
pub fn priority_fee(port: u16, rollup: [u8; 20]) -> u128 {
	use alloy_sol_types::SolCall;
	let call = polylink_l1_bindings::Rollup::priorityRequestFeeCall {}.abi_encode();
	let word: [u8; 32] =
		eth_call(port, rollup, &call).expect("priorityRequestFee").try_into().expect("one word");
	u128::from_be_bytes(word[16..].try_into().expect("16 bytes"))
}

/// Deposits `amount` wei to `to`'s L2 account from `from` (unlocked on anvil), paying the
/// priority fee on top.
pub fn deposit_eth(port: u16, from: [u8; 20], rollup: [u8; 20], to: [u8; 20], amount: u128) {
	use alloy_sol_types::SolCall;
	let data = polylink_l1_bindings::Rollup::depositETHCall { to: to.into() }.abi_encode();
	eth_send(port, from, rollup, amount + priority_fee(port, rollup), &data);
}

/// An `eth_call` of `data` to `to`; the returned bytes.
pub fn eth_call(port: u16, to: [u8; 20], data: &[u8]) -> Result<Vec<u8>, String> {
	call(port, "eth_call", json!([{"to": hex0x(&to), "data": hex0x(data)}, "latest"]))
		.map(|v| unhex(&v))
}

/// A scratch path under the system temp folder, unique to this test process.
pub fn scratch(name: &str) -> std::path::PathBuf {
	std::env::temp_dir().join(format!("polylink-{name}-{}", std::process::id()))
}

/// Alice's oracle vote for deposit 0 on chain 1 (1 ETH to 0x11…11), as a bare extrinsic.
pub fn deposit_vote() -> Vec<u8> {
	deposit_vote_of(0)
}

/// Alice's oracle vote for deposit `serial_id` on chain 1 (1 ETH to 0x11…11), as a bare
/// extrinsic.
pub fn deposit_vote_of(serial_id: u64) -> Vec<u8> {
	use pallet_polylink_root_consensus::{vote_digest, Fact, DEV_DEPLOYMENT_NAME};
	use parity_scale_codec::Encode;
	use polkadot_sdk::sp_core::Pair as _;
	use polylink_primitives::{
		certificate::DeploymentId,
		chain::ChainId,
		eth::{address_of, sign_prehash, L1Address},
		token::TokenId,
		tx::{Deposit, PriorityOp},
	};
	use polylink_runtime::{RuntimeCall, UncheckedExtrinsic};
	let alice = polkadot_sdk::sp_core::ecdsa::Pair::from_string("//Alice", None).expect("seed");
	let key = k256::ecdsa::SigningKey::from_slice(alice.seed().as_ref()).expect("a secp256k1 key");
	let deposit = Deposit {
		chain: ChainId(1),
		serial_id,
		to: L1Address([0x11; 20]),
		token: TokenId(1),
		amount: 1_000_000_000_000_000_000,
	};
	let fact = Fact::Priority { chain: ChainId(1), serial_id, op: PriorityOp::Deposit(deposit) };
	let digest = vote_digest(&DeploymentId::from_name(DEV_DEPLOYMENT_NAME), &fact);
	let vote = RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::vote {
		fact,
		oracle: address_of(key.verifying_key()).0,
		signature: sign_prehash(&key, &digest),
	});
	UncheckedExtrinsic::new_bare(vote).encode()
}
