//! # Polylink end-to-end harness
//!
//! Runs the README's devnet, `scripts/devnet --no-setup --no-build`, on free ports in a scratch
//! folder (two `anvil --hardfork prague` chains with the contracts and the test ERC-20s, the
//! node with its prover and oracle on both, one relayer) and gives a test what a user and an
//! operator have: the `polylink` CLI, JSON-RPC to every endpoint, the contracts' views, and
//! the devnet's processes by name (`$POLYLINK_DEVNET_DIR/pids/<name>`) to stop and restart.
//!
//! [`Ledger`] is the conservation check: per token and chain, what the contract holds (less
//! the priority fees it collected) equals the appchain's reserve for that chain plus the
//! withdrawals sequenced there and not yet paid out; per token, the reserves equal every L2
//! account's balance plus the fees the test paid that are not credited yet.
#![deny(missing_docs)]

pub mod history;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use polylink_l1_bindings::{Rollup, IERC20};
use polylink_primitives::{chain::ChainId, params::FIRST_USER_ACCOUNT_ID, token::Registry};
use serde_json::{json, Value};
use std::{
	collections::BTreeMap,
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A port nothing listens on.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Two consecutive free ports (the devnet's anvils listen on `p` and `p + 1`).
fn free_pair() -> u16 {
	loop {
		let first = TcpListener::bind("127.0.0.1:0").expect("bind");
		let port = first.local_addr().expect("addr").port();
		if port < u16::MAX && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
			return port;
		}
	}
}

/// A child process, killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// One HTTP JSON-RPC call to `127.0.0.1:port`; the result, or the error answer in words.
pub fn call(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)
	.map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let json = response.split("\r\n\r\n").nth(1).ok_or("no HTTP body")?;
	// anvil answers with chunked transfer encoding: the JSON is the line that starts with `{`.
	let json = json.lines().find(|line| line.starts_with('{')).unwrap_or(json);
	let value: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
	match value.get("error") {
		Some(error) => Err(format!("{method}: {error}")),
		None => Ok(value["result"].clone()),
	}
}

/// The text a Prometheus endpoint on `127.0.0.1:port` serves (empty while it does not answer).
pub fn metrics(port: u16) -> String {
	let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return String::new() };
	let _ = write!(stream, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	let mut text = String::new();
	let _ = stream.read_to_string(&mut text);
	text
}

/// The value of the series `series` (name and labels, exactly as exposed) in Prometheus text.
pub fn sample(text: &str, series: &str) -> Option<u64> {
	text.lines().find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

/// Polls `check` every 500 ms until it yields or `limit` passes.
pub fn wait_for<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
	let start = Instant::now();
	loop {
		if let Some(found) = check() {
			return Some(found);
		}
		if start.elapsed() > limit {
			return None;
		}
		std::thread::sleep(Duration::from_millis(500));
	}
}

/// `0x` + hex.
pub fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// A `0x…` quantity (anvil's numbers).
pub fn quantity(value: &Value) -> u128 {
	let text = value.as_str().unwrap_or_else(|| panic!("a quantity, got {value}"));
	u128::from_str_radix(text.trim_start_matches("0x"), 16).expect("hex")
}

/// The repository root.
pub fn root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository")
}

/// A tool `./scripts/setup` installs from npm (`anvil`, `forge`, `cast`).
pub fn tool(name: &str) -> PathBuf {
	let path = root().join("node_modules/.bin").join(name);
	assert!(path.exists(), "{} is missing: run ./scripts/setup", path.display());
	path
}

/// The receipt of transaction `hash` on the anvil at `port`, polled every 5 ms (anvil mines on
/// arrival but may answer before the receipt is stored); `None` when it is not mined within
/// `limit`.
pub fn receipt(port: u16, hash: &Value, limit: Duration) -> Option<Value> {
	let start = Instant::now();
	loop {
		let found = call(port, "eth_getTransactionReceipt", json!([hash])).expect("a receipt");
		if !found.is_null() {
			return Some(found);
		}
		if start.elapsed() > limit {
			return None;
		}
		std::thread::sleep(Duration::from_millis(5));
	}
}

/// The test build's binaries (`$CARGO_TARGET_DIR/debug`; `cargo test --workspace` builds the
/// node, the CLI and the relayer).
pub fn bin_dir() -> PathBuf {
	let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
		PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/polylink/target")
	});
	target.join("debug")
}

/// Runs the `polylink` CLI with `args`; its stdout, or its stderr as the error.
pub fn polylink(args: &[&str]) -> Result<String, String> {
	let output = Command::new(bin_dir().join("polylink"))
		.args(args)
		.output()
		.expect("the polylink CLI runs");
	if output.status.success() {
		Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
	} else {
		Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
	}
}

/// `forge build` in `contracts/` (what `scripts/devnet` builds before it launches; a no-op
/// when nothing changed): the devnet deploys the compiled contracts.
pub(crate) fn build_contracts() {
	let output = Command::new(tool("forge"))
		.current_dir(root().join("contracts"))
		.args(["build", "--offline", "--use"])
		.arg(root().join("scripts/solc"))
		.output()
		.expect("forge runs");
	assert!(
		output.status.success(),
		"forge build failed:\n{}{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
}

/// A running devnet: `scripts/devnet` in its own process group, stopped (SIGTERM, then the
/// group killed) when dropped; parts the test started itself are its own [`Process`]es.
pub struct Devnet {
	script: Child,
	/// `$POLYLINK_DEVNET_DIR`: node database, logs (`logs/`), pid files (`pids/`).
	pub dir: PathBuf,
	/// The node's JSON-RPC port.
	pub rpc: u16,
	/// Chain `i`'s anvil port is `l1[i - 1]`.
	pub l1: [u16; 2],
	/// The relayer's Prometheus port.
	pub relayer_metrics: u16,
	/// The deployment's chains and tokens (`polylink_registry`).
	pub registry: Registry,
	/// The seconds from launch to "devnet ready".
	pub ready_seconds: f64,
	started: Vec<Process>,
}

impl Devnet {
	/// Launches the devnet under a fresh scratch folder named after `name`; waits until it
	/// printed "devnet ready" (at most `limit`).
	pub fn start(name: &str, limit: Duration) -> Self {
		Self::start_with(name, limit, &[])
	}

	/// [`Devnet::start`] with extra environment for `scripts/devnet` and what it runs (e.g. the
	/// contracts' `POLYLINK_PRIORITY_EXPIRY_BLOCKS`, which `DeployChain.s.sol` reads).
	pub fn start_with(name: &str, limit: Duration, env: &[(&str, &str)]) -> Self {
		build_contracts();
		let dir = std::env::temp_dir().join(format!("polylink-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).expect("a scratch folder");
		let l1 = free_pair();
		let (rpc, relayer_metrics) = (free_port(), free_port());
		let out = std::fs::File::create(dir.join("devnet.out")).expect("the devnet's output");
		let start = Instant::now();
		let script = Command::new("bash")
			.arg(root().join("scripts/devnet"))
			.args(["--no-setup", "--no-build"])
			.env("POLYLINK_DEVNET_DIR", dir.join("devnet"))
			.env("POLYLINK_DEVNET_L1_PORT", l1.to_string())
			.env("POLYLINK_DEVNET_RPC_PORT", rpc.to_string())
			.env("POLYLINK_DEVNET_P2P_PORT", free_port().to_string())
			.env("POLYLINK_DEVNET_PROMETHEUS_PORT", free_port().to_string())
			.env("POLYLINK_DEVNET_METRICS_PORT", relayer_metrics.to_string())
			.envs(env.iter().copied())
			.stdout(out.try_clone().expect("a second handle"))
			.stderr(out)
			.process_group(0)
			.spawn()
			.expect("scripts/devnet starts");
		let mut devnet = Self {
			script,
			dir,
			rpc,
			l1: [l1, l1 + 1],
			relayer_metrics,
			registry: Registry::default(),
			ready_seconds: 0.0,
			started: Vec::new(),
		};
		let ready = wait_for(limit, || {
			if let Ok(Some(status)) = devnet.script.try_wait() {
				panic!("the devnet exited ({status}) before it was ready:\n{}", devnet.output());
			}
			devnet.output().contains("devnet ready").then_some(())
		});
		assert!(ready.is_some(), "the devnet was not ready within {limit:?}:\n{}", devnet.output());
		devnet.ready_seconds = start.elapsed().as_secs_f64();
		// The test ERC-20 is registered on L1 by the launch; the appchain learns it from its
		// oracle's votes a few blocks later. The devnet is whole once every token is on every
		// chain.
		let node = polylink_cli::Node::new(&devnet.node_url()).expect("the node's URL");
		let whole = wait_for(Duration::from_secs(120), || {
			let registry = node.registry().ok()?;
			let chains = registry.chains.len();
			let whole = registry.tokens.len() >= 2
				&& registry.tokens.values().all(|token| token.chains.len() == chains);
			whole.then_some(registry)
		});
		devnet.registry = whole.unwrap_or_else(|| {
			panic!("the appchain did not learn the test ERC-20 on both chains; {}", devnet.see())
		});
		devnet
	}

	/// What `scripts/devnet` printed.
	pub fn output(&self) -> String {
		std::fs::read_to_string(self.dir.join("devnet.out")).unwrap_or_default()
	}

	/// The devnet's state folder.
	pub fn devnet_dir(&self) -> PathBuf {
		self.dir.join("devnet")
	}

	/// A part's log (`node`, `relayer`, `anvil-1`, …).
	pub fn log(&self, part: &str) -> PathBuf {
		self.devnet_dir().join("logs").join(format!("{part}.log"))
	}

	/// Where to look when something fails.
	pub fn see(&self) -> String {
		format!("see {} and {}", self.log("node").display(), self.log("relayer").display())
	}

	/// The node's HTTP JSON-RPC URL.
	pub fn node_url(&self) -> String {
		format!("http://127.0.0.1:{}", self.rpc)
	}

	/// Chain `chain`'s JSON-RPC URL.
	pub fn l1_url(&self, chain: u8) -> String {
		format!("http://127.0.0.1:{}", self.l1_port(chain))
	}

	/// Chain `chain`'s anvil port.
	pub fn l1_port(&self, chain: u8) -> u16 {
		self.l1[usize::from(chain) - 1]
	}

	/// Chain `chain`'s rollup contract.
	pub fn rollup(&self, chain: u8) -> Address {
		Address::from(self.registry.chains[&ChainId(chain)].contract.0)
	}

	/// A view of chain `chain`'s contract `to`, decoded.
	pub fn view<C: SolCall>(&self, chain: u8, to: Address, call: C) -> C::Return {
		let data = hex0x(&call.abi_encode());
		let answer = crate::call(
			self.l1_port(chain),
			"eth_call",
			json!([{"to": to.to_string(), "data": data}, "latest"]),
		)
		.unwrap_or_else(|e| panic!("{} on chain {chain}: {e}", C::SIGNATURE));
		let bytes =
			hex::decode(answer.as_str().expect("hex").trim_start_matches("0x")).expect("hex");
		C::abi_decode_returns(&bytes).expect("the view decodes")
	}

	/// Chain `chain`'s batch counters: committed, proven, synced, executed.
	pub fn totals(&self, chain: u8) -> [u64; 4] {
		let rollup = self.rollup(chain);
		[
			self.view(chain, rollup, Rollup::totalCommittedCall {}),
			self.view(chain, rollup, Rollup::totalProvenCall {}),
			self.view(chain, rollup, Rollup::totalSyncedCall {}),
			self.view(chain, rollup, Rollup::totalExecutedCall {}),
		]
	}

	/// One JSON-RPC call to the node.
	pub fn node(&self, method: &str, params: Value) -> Value {
		call(self.rpc, method, params).unwrap_or_else(|e| panic!("{method}: {e}; {}", self.see()))
	}

	/// The L2 balance (L2 units) of `token` of `who` (an address or a decimal id).
	pub fn balance(&self, who: &str, token: u16) -> u128 {
		let balances = self.node("polylink_balances", json!([who]));
		balances
			.as_array()
			.and_then(|all| all.iter().find(|b| b["token"] == json!(token)))
			.and_then(|b| b["amount"].as_str())
			.map_or(0, |amount| amount.parse().expect("a decimal amount"))
	}

	/// The wei `address` holds on chain `chain`.
	pub fn eth_of(&self, chain: u8, address: Address) -> u128 {
		let answer =
			call(self.l1_port(chain), "eth_getBalance", json!([address.to_string(), "latest"]))
				.expect("eth_getBalance");
		quantity(&answer)
	}

	/// The pid `scripts/devnet` recorded for part `name`.
	pub fn pid(&self, name: &str) -> u32 {
		let path = self.devnet_dir().join("pids").join(name);
		let text = std::fs::read_to_string(&path).expect("the devnet's pid file");
		text.trim().parse().expect("a pid")
	}

	/// Stops a part (SIGTERM, as an operator would; waits until it is gone) and returns its
	/// command line, for [`Devnet::start_part`].
	pub fn stop(&mut self, name: &str) -> Vec<String> {
		let pid = self.pid(name);
		let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).expect("a running part");
		let args: Vec<String> = cmdline
			.split(|b| *b == 0)
			.filter(|a| !a.is_empty())
			.map(|a| String::from_utf8_lossy(a).into_owned())
			.collect();
		let status = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
		assert!(status.is_ok_and(|s| s.success()), "{name} ({pid}) could not be signalled");
		let gone = wait_for(Duration::from_secs(60), || {
			(!Path::new(&format!("/proc/{pid}")).exists()
				|| std::fs::read_to_string(format!("/proc/{pid}/stat"))
					.is_ok_and(|stat| stat.split(' ').nth(2) == Some("Z")))
			.then_some(())
		});
		assert!(gone.is_some(), "{name} ({pid}) did not stop within 60 s");
		// A part this test started and now stopped on purpose no longer counts as running.
		self.started.retain(|part| part.0.id() != pid);
		args
	}

	/// Starts a part with `args` (a stopped one as [`Devnet::stop`] returned them, or another
	/// instance), its output appended to `logs/<name>.log` and its pid recorded as the
	/// devnet's (so [`Devnet::stop`] stops this one); the devnet stops it with the rest.
	pub fn start_part(&mut self, name: &str, args: &[String]) {
		let log = std::fs::OpenOptions::new()
			.create(true)
			.append(true)
			.open(self.log(name))
			.expect("the part's log");
		let child = Command::new(&args[0])
			.args(&args[1..])
			.stdout(log.try_clone().expect("a second handle"))
			.stderr(log)
			.spawn()
			.unwrap_or_else(|e| panic!("{name} starts: {e}"));
		let pid_file = self.devnet_dir().join("pids").join(name);
		std::fs::write(&pid_file, child.id().to_string()).expect("the part's pid file");
		self.started.push(Process(child));
	}

	/// Whether every part the test started itself still runs.
	pub fn parts_alive(&mut self) -> bool {
		self.started.iter_mut().all(|part| matches!(part.0.try_wait(), Ok(None)))
	}

	/// Every transaction `from` sent on chain `chain`, in order. Reads every block (anvil mines
	/// one per transaction; the devnet's chains are short).
	pub fn transactions_from(&self, chain: u8, from: Address) -> Vec<Sent> {
		let port = self.l1_port(chain);
		let latest = quantity(&call(port, "eth_blockNumber", json!([])).expect("a block number"));
		let mut sent = Vec::new();
		for n in 0..=latest {
			let block = call(port, "eth_getBlockByNumber", json!([format!("{n:#x}"), true]))
				.expect("a block");
			for tx in block["transactions"].as_array().into_iter().flatten() {
				let sender: Option<Address> = tx["from"].as_str().and_then(|a| a.parse().ok());
				if sender != Some(from) {
					continue;
				}
				let receipt = call(port, "eth_getTransactionReceipt", json!([tx["hash"]]))
					.expect("a receipt");
				let input = tx["input"].as_str().unwrap_or_default().trim_start_matches("0x");
				let selector = hex::decode(input.get(..8).unwrap_or_default())
					.ok()
					.and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
					.unwrap_or_default();
				sent.push(Sent {
					ok: receipt["status"] == json!("0x1"),
					gas: quantity(&receipt["gasUsed"]),
					selector,
				});
			}
		}
		sent
	}
}

impl Drop for Devnet {
	fn drop(&mut self) {
		self.started.clear();
		// The script's trap stops what it started; the group kill is the backstop.
		let pid = self.script.id().to_string();
		let _ = Command::new("kill").args(["-TERM", &pid]).status();
		let stopped = wait_for(Duration::from_secs(30), || self.script.try_wait().ok().flatten());
		let _ = Command::new("kill")
			.args(["-KILL", "--", &format!("-{pid}")])
			.stderr(Stdio::null())
			.status();
		if stopped.is_none() {
			let _ = self.script.wait();
		}
		if !std::thread::panicking() {
			let _ = std::fs::remove_dir_all(&self.dir);
		}
	}
}

/// A transaction an account sent on an L1 chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sent {
	/// Whether it succeeded.
	pub ok: bool,
	/// The gas it used.
	pub gas: u128,
	/// The 4-byte selector of the function it called (zero for a plain transfer).
	pub selector: [u8; 4],
}

/// What the test moved that the chains cannot tell by themselves: withdrawals sequenced on L2
/// and not yet paid out on L1 (per token and chain), and the L2 fees it paid (per token).
#[derive(Default)]
pub struct Ledger {
	/// Withdrawn on L2, not yet paid out on L1, in L2 units: (token, chain) → amount.
	pub pending: BTreeMap<(u16, u8), u128>,
	/// L2 fees paid, in L2 units: token → amount.
	pub fees: BTreeMap<u16, u128>,
}

impl Ledger {
	/// Checks conservation after `step` and returns the per-(token, chain) holdings it saw
	/// (L2 units): for every token and chain, the contract's holdings (ETH: less the priority
	/// fees it collected) == the chain's reserve on L2 + withdrawals not yet paid out there;
	/// per token, Σ reserves == Σ L2 account balances + fees not yet credited, so
	/// Σ L1 holdings == Σ L2 balances + pending withdrawals.
	pub fn check(&self, devnet: &Devnet, step: &str) -> BTreeMap<(u16, u8), u128> {
		let mut seen = BTreeMap::new();
		let accounts = devnet.user_accounts();
		for (&token, info) in &devnet.registry.tokens {
			let mut held = 0u128;
			let mut reserves = 0u128;
			for (&chain, on) in &info.chains {
				let rollup = devnet.rollup(chain.0);
				let raw = if on.address.0 == [0; 20] {
					let fees: U256 =
						devnet.view(chain.0, rollup, Rollup::priorityFeesCollectedCall {});
					devnet.eth_of(chain.0, rollup) - u128::try_from(fees).expect("fees fit")
				} else {
					let balance: U256 = devnet.view(
						chain.0,
						Address::from(on.address.0),
						IERC20::balanceOfCall { owner: rollup },
					);
					u128::try_from(balance).expect("a balance fits")
				};
				let holdings = devnet
					.registry
					.to_l2_amount(token, chain, raw)
					.unwrap_or_else(|e| panic!("{step}: chain {} holds {raw}: {e:?}", chain.0));
				let reserve = devnet.balance(&chain.0.to_string(), token.0);
				let pending = self.pending.get(&(token.0, chain.0)).copied().unwrap_or_default();
				assert_eq!(
					holdings,
					reserve + pending,
					"after {step}: chain {}'s contract holds {holdings} of token {}, but the \
					 appchain's reserve is {reserve} and {pending} is withdrawn, not paid out",
					chain.0,
					token.0
				);
				seen.insert((token.0, chain.0), holdings);
				held += holdings;
				reserves += reserve;
			}
			let balances: u128 =
				accounts.iter().map(|id| devnet.balance(&id.to_string(), token.0)).sum();
			let fee_account = devnet.balance("0", token.0);
			let fees = self.fees.get(&token.0).copied().unwrap_or_default();
			assert!(fee_account <= fees, "after {step}: the fee account holds more than was paid");
			let pending: u128 =
				self.pending.iter().filter(|((t, _), _)| *t == token.0).map(|(_, v)| v).sum();
			assert_eq!(
				reserves,
				balances + fees,
				"after {step}: token {}: the reserves are {reserves}, the user accounts hold \
				 {balances} and {fees} was paid in fees",
				token.0
			);
			assert_eq!(held, balances + fees + pending, "after {step}: token {}", token.0);
		}
		seen
	}
}

impl Devnet {
	/// Every L2 account from the first user id on (ids are given in order).
	pub fn user_accounts(&self) -> Vec<u32> {
		(FIRST_USER_ACCOUNT_ID..)
			.take_while(|id| !self.node("polylink_account", json!([id.to_string()])).is_null())
			.collect()
	}
}

/// The L2 units (18 decimals) of `amount`, a decimal in the token's units (`0.25`).
pub fn units(amount: &str) -> u128 {
	polylink_primitives::token::parse_units(amount, polylink_primitives::params::L2_DECIMALS)
		.expect("an amount")
}
