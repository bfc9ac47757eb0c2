//! A long synthetic history on one anvil chain, for `polylink recover`'s figures
//! (`recover_seconds_per_1k_batches`) and its tests over many batches.
//!
//! [`History::write`] starts a bare anvil, deploys a one-chain DA rollup whose verifiers accept
//! every proof (`contracts/test/bench/DeployUnproven.s.sol`: proving a thousand batches would
//! take hours, and recovery never reads proofs), and writes `batches` batches to it the way the
//! appchain and the relayer would: real deposits through `depositETH`, then batches of
//! eight-chunk capacity full of transfers (and now and then a transfer that opens an account),
//! sealed by the protocol's own executor, committed with the full pubdata and a quorum of three
//! test oracles over each `commitDigest`, "proven", and synced with the oracles' quorum over each
//! `syncDigest`. Everything but the proofs is checked by the real contract: the pubdata's length
//! and priority operations, every quorum, the batch numbering and the stored records.

use crate::{call, free_port, hex0x, receipt, root, tool, Process};
use alloy_primitives::{Address, Bytes, FixedBytes, B256};
use alloy_sol_types::{SolCall, SolEvent};
use polylink_l1_bindings::{commit_batch_info, DataPath, IRollup::StoredBatchInfo, Rollup};
use polylink_primitives::{
	account::AccountId,
	certificate::{commit_digest, extend_sync_hash, sync_digest, DeploymentId},
	chain::{ChainId, ChainInfo},
	eth::{address_of, sign_prehash, L1Address},
	executor::Batch,
	field,
	pubdata::Op,
	state::{ExecutorConfig, State},
	token::{Registry, TokenId},
};
use serde_json::{json, Value};
use std::{
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// anvil's first account: deploys the contracts and sends every transaction (unlocked).
const DEPLOYER: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
/// Its key (anvil's well-known first key).
const DEPLOYER_KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/// The deployment's name (its id is derived from it).
const DEPLOYMENT: &str = "polylink-synthetic-history";
/// The batch capacity every synthetic batch is sealed at (the large block circuit).
const CHUNKS: usize = 8;
/// How many users deposit before the transfers start.
const USERS: u8 = 8;
/// What each user deposits, in wei (and L2 units: ETH has 18 decimals on both).
const DEPOSIT: u128 = 10_000_000_000_000_000_000;
/// The native coin's token id.
const ETH: TokenId = TokenId(1);
/// The first synthetic batch's timestamp; each next one is 12 s later.
const GENESIS_TIME: u64 = 1_800_000_000;

/// A synthetic history written to its own anvil chain (stopped when dropped).
pub struct History {
	_anvil: Process,
	/// anvil's port.
	pub port: u16,
	/// The rollup contract.
	pub contract: Address,
	/// The writer's L2 state after the last batch (what recovery must rebuild).
	pub state: State,
	/// Each batch's new root, from batch 1 on (`roots[n - 1]` is batch `n`'s).
	pub roots: Vec<[u8; 32]>,
	/// Transactions sent to write it.
	pub transactions: u64,
}

impl History {
	/// anvil's JSON-RPC URL.
	pub fn url(&self) -> String {
		format!("http://127.0.0.1:{}", self.port)
	}

	/// Writes `batches` batches (≥ 4: the first four hold the deposits), `per_tx` per
	/// `commitBatches`/`proveBatches` transaction, each group synced; `progress` hears the
	/// number of batches written after each group.
	pub fn write(batches: u64, per_tx: usize, progress: impl Fn(u64)) -> Self {
		assert!(batches >= u64::from(USERS) / 2, "the deposits alone take {} batches", USERS / 2);
		crate::build_contracts();
		let (anvil, port) = start_anvil();
		let oracles = Oracles::new();
		let mut registry = Registry::default();
		let chain = ChainId(1);
		registry.chains.insert(chain, ChainInfo { evm_chain_id: 0, contract: Default::default() });
		let mut state =
			State::genesis(registry, ExecutorConfig { fees: Default::default(), batch_chunks: 8 });
		let contract = deploy(port, &oracles, &state);
		let mut writer = Writer { port, contract, oracles, transactions: 0, sync_hash: [0; 32] };

		let users: Vec<L1Address> = (1..=USERS).map(|i| L1Address([0x40 + i; 20])).collect();
		let fee: alloy_primitives::U256 = writer.view(Rollup::priorityRequestFeeCall {});
		for user in &users {
			let call = Rollup::depositETHCall { to: Address::from(user.0) };
			writer.send("depositETH", &call.abi_encode(), DEPOSIT + fee.to::<u128>());
		}
		let mut plan = Plan { users: Vec::new(), next_new: 0, seed: 0x2545_f491_4f6c_dd1d };
		let mut roots = Vec::new();
		let mut written = 0;
		while written < batches {
			let group = (per_tx as u64).min(batches - written);
			let mut sealed = Vec::new();
			for _ in 0..group {
				let n = state.last_batch() + 1;
				if plan.users.len() < users.len() {
					for user in &users[plan.users.len()..plan.users.len() + 2] {
						let account = state.next_account_id();
						let op =
							Op::Deposit { chain, account, token: ETH, amount: DEPOSIT, to: *user };
						state.replay_op(&op).expect("a deposit replays");
						plan.users.push(account);
					}
				} else {
					plan.fill(&mut state, n);
				}
				let batch = state
					.seal_batch_sized(GENESIS_TIME + 12 * n, CHUNKS)
					.expect("a synthetic batch seals");
				roots.push(field::to_be_bytes(&batch.new_root));
				sealed.push(batch);
			}
			writer.commit_prove_sync(&sealed);
			written += group;
			progress(written);
		}
		let transactions = writer.transactions;
		Self { _anvil: anvil, port, contract, state, roots, transactions }
	}
}

/// The transfers of the synthetic batches: deterministic, pseudo-random pairs of users.
struct Plan {
	/// The accounts that hold funds.
	users: Vec<AccountId>,
	/// How many accounts transfers opened so far.
	next_new: u32,
	/// xorshift state.
	seed: u64,
}

impl Plan {
	/// The next pseudo-random number.
	fn next(&mut self) -> u64 {
		self.seed ^= self.seed << 13;
		self.seed ^= self.seed >> 7;
		self.seed ^= self.seed << 17;
		self.seed
	}

	/// Fills batch `n`'s eight chunks: eight transfers, or (every tenth batch) a transfer that
	/// opens an account and six transfers.
	fn fill(&mut self, state: &mut State, n: u64) {
		let mut chunks = CHUNKS;
		if n.is_multiple_of(10) {
			self.next_new += 1;
			// From a depositor: the accounts transfers opened hold too little.
			let pick = self.next() as usize % usize::from(USERS);
			let from = self.users[pick];
			let to = state.next_account_id();
			let mut address = [0x70; 20];
			address[16..].copy_from_slice(&self.next_new.to_be_bytes());
			let op = Op::TransferToNew {
				from,
				to,
				to_address: L1Address(address),
				token: ETH,
				amount: 1_000_000_000_000_000,
				fee: 0,
			};
			state.replay_op(&op).expect("a transfer to a new account replays");
			self.users.push(to);
			chunks -= op.chunks();
		}
		let len = self.users.len() as u64;
		for _ in 0..chunks {
			let from = self.next() % len;
			let to = (from + 1 + self.next() % (len - 1)) % len;
			let (from, to) = (self.users[from as usize], self.users[to as usize]);
			let amount = (1 + self.next() % 9) as u128 * 1_000_000_000;
			let op = Op::Transfer { from, to, token: ETH, amount, fee: 0 };
			state.replay_op(&op).expect("a transfer replays");
		}
	}
}

/// Three test oracles with keys the writer holds, ascending by address (the contract's order).
struct Oracles {
	keys: Vec<(L1Address, k256::ecdsa::SigningKey)>,
	deployment: DeploymentId,
}

impl Oracles {
	fn new() -> Self {
		let mut keys: Vec<_> = (1..=3u8)
			.map(|i| {
				let key = k256::ecdsa::SigningKey::from_slice(&[i; 32]).expect("a secret key");
				(address_of(key.verifying_key()), key)
			})
			.collect();
		keys.sort_by_key(|(address, _)| address.0);
		Self { keys, deployment: DeploymentId::from_name(DEPLOYMENT) }
	}

	/// Every oracle's signature over `digest`, ascending by signer.
	fn quorum(&self, digest: &[u8; 32]) -> Vec<Bytes> {
		self.keys
			.iter()
			.map(|(_, key)| Bytes::copy_from_slice(&sign_prehash(key, digest)))
			.collect()
	}
}

/// Sends the history's transactions.
struct Writer {
	port: u16,
	contract: Address,
	oracles: Oracles,
	transactions: u64,
	/// The contract's sync hash after the last batch proven.
	sync_hash: [u8; 32],
}

impl Writer {
	/// A view of the rollup.
	fn view<C: SolCall>(&self, view: C) -> C::Return {
		let answer = call(
			self.port,
			"eth_call",
			json!([{"to": self.contract.to_string(), "data": hex0x(&view.abi_encode())}, "latest"]),
		)
		.expect("the view answers");
		let bytes =
			hex::decode(answer.as_str().expect("hex").trim_start_matches("0x")).expect("hex");
		C::abi_decode_returns(&bytes).expect("the view decodes")
	}

	/// Sends `data` with `value` wei to the rollup from anvil's first account; its receipt.
	fn send(&mut self, what: &str, data: &[u8], value: u128) -> Value {
		let hash = call(
			self.port,
			"eth_sendTransaction",
			json!([{"from": DEPLOYER, "to": self.contract.to_string(), "value": format!("{value:#x}"),
				"data": hex0x(data)}]),
		)
		.unwrap_or_else(|e| panic!("{what} was refused: {e}"));
		self.transactions += 1;
		let receipt = receipt(self.port, &hash, Duration::from_secs(30))
			.unwrap_or_else(|| panic!("{what} was never mined"));
		assert_eq!(receipt["status"], "0x1", "{what} reverted: {receipt}");
		receipt
	}

	/// Commits `batches` (one transaction), proves them (one), syncs the last (one).
	fn commit_prove_sync(&mut self, batches: &[Batch]) {
		let infos = batches
			.iter()
			.map(|batch| {
				let chunks =
					(batch.pubdata.len() / polylink_primitives::params::CHUNK_BYTES) as u32;
				let digest = commit_digest(
					&self.oracles.deployment,
					batch.number,
					chunks,
					&batch.commitment,
				);
				commit_batch_info(batch, DataPath::Full, Vec::new(), self.oracles.quorum(&digest))
					.expect("a committable batch")
			})
			.collect();
		let receipt = self.send(
			"commitBatches",
			&Rollup::commitBatchesCall { batches: infos }.abi_encode(),
			0,
		);
		let stored: Vec<StoredBatchInfo> = receipt["logs"]
			.as_array()
			.expect("logs")
			.iter()
			.filter_map(|log| {
				let topics: Vec<B256> = log["topics"]
					.as_array()?
					.iter()
					.map(|t| t.as_str().and_then(|t| t.parse().ok()).expect("a topic"))
					.collect();
				let data = hex::decode(log["data"].as_str()?.trim_start_matches("0x")).ok()?;
				Rollup::BatchCommitted::decode_raw_log(topics, &data).ok()
			})
			.map(|event| event.info)
			.collect();
		assert_eq!(stored.len(), batches.len(), "one BatchCommitted event per batch");
		for (batch, info) in batches.iter().zip(&stored) {
			assert_eq!(info.newRoot, FixedBytes(field::to_be_bytes(&batch.new_root)));
			self.sync_hash = extend_sync_hash(&self.sync_hash, &batch.commitment);
		}
		let proofs = vec![Bytes::from(vec![0u8; 512]); stored.len()];
		let last = stored.last().expect("a batch").clone();
		self.send(
			"proveBatches",
			&Rollup::proveBatchesCall { batches: stored, proofs }.abi_encode(),
			0,
		);
		let digest = sync_digest(&self.oracles.deployment, last.batchNumber, &self.sync_hash);
		let signatures = self.oracles.quorum(&digest);
		self.send(
			"syncBatches",
			&Rollup::syncBatchesCall { batch: last, signatures }.abi_encode(),
			0,
		);
	}
}

/// A bare anvil (prague) on a free port.
fn start_anvil() -> (Process, u16) {
	let port = free_port();
	let anvil = Process(
		Command::new(tool("anvil"))
			.args(["--hardfork", "prague", "--silent", "--port", &port.to_string()])
			.args(["--gas-limit", "100000000"])
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

/// Deploys the accept-all rollup with `oracles` and `state`'s genesis root; its address.
fn deploy(port: u16, oracles: &Oracles, state: &State) -> Address {
	let set: Vec<String> = oracles.keys.iter().map(|(address, _)| hex0x(&address.0)).collect();
	let output = Command::new(tool("forge"))
		.current_dir(root().join("contracts"))
		.args(["script", "test/bench/DeployUnproven.s.sol:DeployUnproven", "--broadcast"])
		.args(["--offline", "--rpc-url", &format!("http://127.0.0.1:{port}"), "--use"])
		.arg(root().join("scripts/solc"))
		.env("POLYLINK_DEPLOYER_KEY", DEPLOYER_KEY)
		.env("POLYLINK_DEPLOYMENT_ID", hex0x(&oracles.deployment.0))
		.env("POLYLINK_GENESIS_ROOT", hex0x(&field::to_be_bytes(&state.last_batch_root())))
		.env("POLYLINK_ORACLES", set.join(","))
		.output()
		.expect("forge runs");
	assert!(
		output.status.success(),
		"the deployment failed:\n{}\n{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	// The verifiers take the deployer's nonces 0, 1 and 2, the rollup nonce 3.
	DEPLOYER.parse::<Address>().expect("an address").create(3)
}
