//! `polylink recover` over a long history written to a real anvil chain by
//! [`polylink_e2e::history`] (the real rollup contract, with verifiers that accept any proof:
//! recovery never reads proofs): recovered in two steps (`--until` half way, then the rest from
//! the saved state) and at once into a fresh file; both end at the contract's last synced root
//! with exactly the writer's accounts. Prints `recover_seconds_per_1k_batches` (the fresh
//! recovery's time, scaled); `POLYLINK_HISTORY_BATCHES` sets the history's length (60 by
//! default; `./scripts/bench recover` writes 1,000). And what else a user with only an L1
//! endpoint does there: a full exit requested with the node down, its token named by symbol.

use polylink_e2e::{hex0x, history::History, polylink};
use polylink_l1_bindings::Rollup;
use serde_json::Value;
use std::time::Instant;

/// anvil's second account: requests the full exit (anyone may; the owner is paid).
const REQUESTER_KEY: &str = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/// Batches per `commitBatches` transaction (what a relayer catching up sends).
const PER_TX: usize = 10;

/// `polylink recover` with `args` after the endpoint and contract, as JSON.
fn recover(history: &History, args: &[&str]) -> Result<Value, String> {
	let contract = history.contract.to_string();
	let url = history.url();
	let mut all = vec!["recover", "--da-chain", &url, "--contract", &contract, "--json"];
	all.extend_from_slice(args);
	polylink(&all).map(|out| serde_json::from_str(&out).expect("recover --json prints JSON"))
}

#[test]
fn a_long_history_recovers_in_steps_and_at_once_to_the_synced_root() {
	let batches: u64 = std::env::var("POLYLINK_HISTORY_BATCHES")
		.ok()
		.map(|n| n.parse().expect("POLYLINK_HISTORY_BATCHES is a number"))
		.unwrap_or(60);
	let started = Instant::now();
	let history = History::write(batches, PER_TX, |n| {
		if n % 100 == 0 || n == batches {
			eprintln!("history: {n}/{batches} batches written");
		}
	});
	eprintln!(
		"history: {batches} batches in {} transactions, {:.1} s",
		history.transactions,
		started.elapsed().as_secs_f64()
	);
	let dir = std::env::temp_dir().join(format!("polylink-recover-history-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).expect("a scratch folder");
	let steps = dir.join("steps.scale");
	let steps = steps.to_str().expect("a UTF-8 path");
	let synced_root = hex0x(history.roots.last().expect("a batch"));
	let accounts = polylink_cli::recover::accounts_json(&history.state);

	// Half way: the state at that batch, whose root is the one that batch committed.
	let half = batches / 2;
	let first = recover(&history, &["--state", steps, "--until", &half.to_string()])
		.expect("recover --until half way");
	assert_eq!(first["batch"], half);
	assert_eq!(first["replayed"], half);
	assert_eq!(first["root"], hex0x(&history.roots[half as usize - 1]));
	// A state past the batch asked for, and a batch the DA chain did not sync, are refused.
	let past =
		recover(&history, &["--state", steps, "--until", "1"]).expect_err("behind the state");
	assert!(past.contains("is at batch") && past.contains("another file"), "{past}");
	let beyond = (batches + 1).to_string();
	let unsynced =
		recover(&history, &["--state", steps, "--until", &beyond]).expect_err("unsynced");
	assert!(unsynced.contains(&format!("batch {beyond} is not synced")), "{unsynced}");
	// Another address is no rollup: said, and nothing is written.
	let elsewhere = dir.join("elsewhere.scale");
	let url = history.url();
	let refused = polylink(&[
		"recover",
		"--da-chain",
		&url,
		"--contract",
		"0x00000000000000000000000000000000000000aa",
		"--state",
		elsewhere.to_str().expect("a UTF-8 path"),
	])
	.expect_err("no rollup there");
	assert!(refused.contains("is the contract address right?"), "{refused}");
	assert!(!elsewhere.exists(), "a refused recovery writes no state");
	// The rest, from the saved state.
	let rest = recover(&history, &["--state", steps]).expect("recover the rest");
	assert_eq!(rest["batch"], batches);
	assert_eq!(rest["replayed"], batches - half);
	assert_eq!(rest["root"], synced_root);
	assert_eq!(rest["accounts"], accounts);

	// At once, into a fresh file: the figure.
	let fresh = dir.join("fresh.scale");
	let started = Instant::now();
	let whole = recover(&history, &["--state", fresh.to_str().expect("a UTF-8 path")])
		.expect("recover at once");
	let seconds = started.elapsed().as_secs_f64();
	assert_eq!(whole["replayed"], batches);
	assert_eq!(whole["root"], synced_root);
	assert_eq!(whole["accounts"], accounts);
	println!("recover_seconds_per_1k_batches: {:.1} s", seconds * 1000.0 / batches as f64);
	println!("recover_history_batches: {batches} batches");
	let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_full_exit_is_requested_by_token_symbol_with_the_node_down() {
	let history = History::write(4, PER_TX, |_| {});
	let first_user = polylink_primitives::params::FIRST_USER_ACCOUNT_ID;
	let account = history
		.state
		.accounts()
		.map(|(id, _)| id.0)
		.find(|id| *id >= first_user)
		.expect("a user account")
		.to_string();
	let (url, contract) = (history.url(), history.contract.to_string());
	let full_exit = |token: &str| {
		polylink(&[
			"full-exit",
			"--token",
			token,
			"--account",
			&account,
			"--contract",
			&contract,
			"--node",
			"http://127.0.0.1:9",
			"--l1-rpc",
			&url,
			"--l1-key",
			REQUESTER_KEY,
		])
	};
	let unknown = full_exit("DAI").expect_err("no such token");
	assert!(unknown.contains("registers no token DAI (it registers: ETH (1))"), "{unknown}");
	let requested = full_exit("eth").expect("a full exit by symbol");
	assert!(requested.contains(&format!("full exit of account {account}'s ETH")), "{requested}");
	// The request is the contract's next priority request, after the eight deposits.
	let l1 = polylink_cli::L1::reader(&url).expect("the endpoint");
	let next: u64 = l1.view(history.contract, Rollup::nextPriorityIdCall {}).expect("a view");
	assert_eq!(next, 9, "eight deposits and the full exit");
}
