//! `./scripts/bench appchain`: the appchain under load, through the real parts.
//!
//! anvil (prague) with chain 1's contracts, and `polylink-node --dev --tmp --l1 1=<anvil>`
//! producing Aura blocks (6 s slots), both started here; this process is the load (a second
//! process on loopback). It deposits ETH on L1 for `WALLETS` fresh wallets, times the first
//! deposit's way onto L2 in appchain blocks, sets each wallet's L2 key, then submits
//! `TRANSFERS_PER_WALLET` pre-signed transfers per wallet over `polylink_submitTx` from several
//! threads and measures how fast the chain sequences them.
//!
//! Prints `deposit_to_l2_blocks`, `appchain_transfers_per_s` and `appchain_transfers_per_block`
//! lines. Usage: `cargo run -p polylink-node --example appchain_bench --locked` (the node binary:
//! `$POLYLINK_NODE_BIN`, default the dev profile's `polylink-node` in `$CARGO_TARGET_DIR`).

use parity_scale_codec::Encode;
use polylink_cli::Wallet;
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	token::TokenId,
	tx::L2Tx,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;
use common::{alice_oracle, call, deploy, free_port, hex0x, scratch, spawn_node, start_anvil};

/// Wallets that send transfers.
const WALLETS: usize = 32;
/// Transfers each wallet sends.
const TRANSFERS_PER_WALLET: u32 = 40;
/// Threads that submit.
const SUBMITTERS: usize = 4;
/// What each wallet deposits (wei = L2 units).
const DEPOSIT: u128 = 1_000_000_000_000_000_000;

/// The best block's number.
fn best(rpc: u16) -> u64 {
	let header = call(rpc, "chain_getHeader", json!([])).expect("a header");
	u64::from_str_radix(header["number"].as_str().expect("a number").trim_start_matches("0x"), 16)
		.expect("hex")
}

/// The next nonce of `address`'s account (0 when it has none).
fn nonce(rpc: u16, address: &L1Address) -> u32 {
	call(rpc, "polylink_nonce", json!([hex0x(&address.0)])).expect("a nonce").as_u64().unwrap()
		as u32
}

/// Polls `check` every 200 ms until it yields or `limit` passes.
fn until<T>(what: &str, limit: Duration, mut check: impl FnMut() -> Option<T>) -> T {
	let start = Instant::now();
	loop {
		if let Some(found) = check() {
			return found;
		}
		assert!(start.elapsed() < limit, "timed out waiting for {what}");
		std::thread::sleep(Duration::from_millis(200));
	}
}

/// Submits signed L2 transactions from `SUBMITTERS` threads; returns the refusals.
fn submit_all(rpc: u16, txs: Vec<L2Tx>) -> Vec<String> {
	let chunks: Vec<Vec<L2Tx>> = {
		let mut chunks = vec![Vec::new(); SUBMITTERS];
		for (i, tx) in txs.into_iter().enumerate() {
			chunks[i % SUBMITTERS].push(tx);
		}
		chunks
	};
	let handles: Vec<_> = chunks
		.into_iter()
		.map(|txs| {
			std::thread::spawn(move || {
				txs.iter()
					.filter_map(|tx| {
						call(rpc, "polylink_submitTx", json!([hex0x(&tx.encode())])).err()
					})
					.collect::<Vec<_>>()
			})
		})
		.collect();
	handles.into_iter().flat_map(|h| h.join().expect("a submitter")).collect()
}

fn main() {
	let fee = polylink_runtime::genesis::DEV_FEE_PER_CHUNK;
	let (_, evm_chain_id, contract, _) = polylink_runtime::genesis::DEV_CHAINS[0];
	let chain = ChainInfo { evm_chain_id, contract: L1Address(contract) };
	let eth = TokenId(1);

	let (_anvil, l1) = start_anvil();
	deploy(l1, &[alice_oracle()]);
	let rpc = free_port();
	let base = scratch("appchain-bench");
	let log = scratch("appchain-bench.log");
	let _ = std::fs::remove_dir_all(&base);
	let l1_arg = format!("1=http://127.0.0.1:{l1}");
	eprintln!("appchain bench: node log {}", log.display());
	let _node = spawn_node(
		&base,
		&log,
		rpc,
		free_port(),
		&[
			"--l1",
			&l1_arg,
			"--l1-poll-ms",
			"200",
			"--pool-limit",
			"100000",
			"--pool-kbytes",
			"200000",
		],
	);

	// Fresh wallets: keys 1..=WALLETS as big-endian scalars.
	let wallets: Vec<Wallet> = (1..=WALLETS as u64)
		.map(|i| {
			let mut key = [0u8; 32];
			key[24..].copy_from_slice(&(0x1000 + i).to_be_bytes());
			Wallet::new(k256::ecdsa::SigningKey::from_slice(&key).expect("a key"))
				.expect("a wallet")
		})
		.collect();
	// anvil's first account (unlocked) pays the deposits.
	let funder = Wallet::from_hex(common::DEPLOYER_KEY).expect("anvil's key").address().0;

	// 1. The first deposit's way onto L2, in appchain blocks from its L1 inclusion.
	let deposit = |to: &L1Address| common::deposit_eth(l1, funder, contract, to.0, DEPOSIT);
	deposit(&wallets[0].address());
	let at = best(rpc);
	let credited = until("the first deposit on L2", Duration::from_secs(120), || {
		call(rpc, "polylink_account", json!([hex0x(&wallets[0].address().0)]))
			.ok()
			.filter(|account| !account.is_null())
			.map(|_| best(rpc))
	});
	let deposit_blocks = credited - at;
	for wallet in &wallets[1..] {
		deposit(&wallet.address());
	}
	let ids: Vec<AccountId> = wallets
		.iter()
		.map(|wallet| {
			until("the deposits on L2", Duration::from_secs(180), || {
				call(rpc, "polylink_account", json!([hex0x(&wallet.address().0)]))
					.ok()
					.and_then(|account: Value| account["id"].as_u64())
					.map(|id| AccountId(id as u32))
			})
		})
		.collect();

	// 2. Every wallet sets its L2 key.
	let keys: Vec<L2Tx> = wallets
		.iter()
		.zip(&ids)
		.map(|(wallet, id)| wallet.change_pubkey(*id, ChainId(1), &chain, eth, 3 * fee, 0))
		.collect();
	let refused = submit_all(rpc, keys);
	assert!(refused.is_empty(), "key changes refused: {refused:?}");
	until("the key changes", Duration::from_secs(300), || {
		wallets.iter().all(|w| nonce(rpc, &w.address()) == 1).then_some(())
	});

	// 3. The load: each wallet pays the next one (existing accounts: one chunk a transfer).
	let mut transfers = Vec::new();
	for n in 1..=TRANSFERS_PER_WALLET {
		for (i, wallet) in wallets.iter().enumerate() {
			let to = wallets[(i + 1) % WALLETS].address();
			transfers.push(wallet.transfer(ids[i], to, eth, 1_000_000, eth, fee, n));
		}
	}
	let total = transfers.len();
	let first_block = best(rpc);
	let start = Instant::now();
	let refused = submit_all(rpc, transfers);
	assert!(refused.is_empty(), "{} transfers refused, e.g. {:?}", refused.len(), refused.first());
	let submitted = start.elapsed();
	until("the transfers", Duration::from_secs(1200), || {
		wallets.iter().all(|w| nonce(rpc, &w.address()) == 1 + TRANSFERS_PER_WALLET).then_some(())
	});
	let elapsed = start.elapsed();
	let blocks = best(rpc) - first_block;

	eprintln!(
		"appchain bench: {total} transfers from {WALLETS} wallets submitted in {:.1} s, all \
		 sequenced after {:.1} s over {blocks} blocks",
		submitted.as_secs_f64(),
		elapsed.as_secs_f64()
	);
	println!("deposit_to_l2_blocks: {deposit_blocks} blocks");
	println!("appchain_transfers_per_s: {:.1} tx/s", total as f64 / elapsed.as_secs_f64());
	println!("appchain_transfers_per_block: {:.1} tx", total as f64 / blocks.max(1) as f64);
	let _ = std::fs::remove_dir_all(&base);
}
