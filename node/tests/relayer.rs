//! The relayer through the real parts: `anvil --hardfork prague` with the contracts deployed by
//! forge, `polylink-node --dev --sealing manual --prover --l1 1=<anvil>` and the
//! `polylink-relayer` binary, which alone moves the batches on L1.
//!
//! A user deposits ETH on L1, sets its L2 key and withdraws part of it to a fresh L1 address:
//! two batches. The relayer commits, proves, syncs and executes both with the appchain's
//! certificates and proofs; it is killed once the first commit landed and started again, and
//! continues from the contract's counters. The withdrawal arrives on L1 (pending balance, then
//! paid), and the relayer's account sent exactly one transaction per step: nothing twice,
//! nothing reverted.

use alloy_primitives::Address;
use alloy_sol_types::SolCall;
use polylink_cli::Wallet;
use polylink_l1_bindings::Rollup;
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	token::TokenId,
};
use serde_json::{json, Value};
use std::time::Duration;

mod common;
use common::{
	alice_oracle, call, deploy, deposit_eth, eth_balance, eth_call, free_port, hex0x, metrics,
	polylink, relayer_config, scratch, start_anvil, start_node, start_relayer, with_blocks,
	RELAYER_KEY,
};

/// anvil's second account: the user (its L1 key also derives and authorises its L2 key).
const USER_KEY: &str = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/// One ether in wei (and in L2 units).
const ETHER: u128 = 1_000_000_000_000_000_000;
/// What the user withdraws.
const WITHDRAWN: u128 = ETHER / 4;
/// The withdrawal's L1 recipient: a fresh address.
const RECIPIENT: L1Address = L1Address([0x33; 20]);

/// A view of the rollup contract, decoded.
fn view<C: SolCall>(l1: u16, rollup: [u8; 20], call: C) -> C::Return {
	let answer = eth_call(l1, rollup, &call.abi_encode()).expect("the view answers");
	C::abi_decode_returns(&answer).expect("the view decodes")
}

/// The contract's batch counters: committed, proven, synced, executed.
fn totals(l1: u16, rollup: [u8; 20]) -> [u64; 4] {
	[
		view(l1, rollup, Rollup::totalCommittedCall {}),
		view(l1, rollup, Rollup::totalProvenCall {}),
		view(l1, rollup, Rollup::totalSyncedCall {}),
		view(l1, rollup, Rollup::totalExecutedCall {}),
	]
}

/// The value of the series `series` (name and labels, exactly as exposed) in Prometheus text.
fn sample(text: &str, series: &str) -> Option<u64> {
	text.lines().find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

/// A number answer (`0x…`) of anvil.
fn quantity(value: &Value) -> u128 {
	u128::from_str_radix(value.as_str().expect("a quantity").trim_start_matches("0x"), 16)
		.expect("hex")
}

#[test]
fn the_relayer_takes_every_batch_through_every_stage_and_a_restart_repeats_nothing() {
	let (_anvil, l1) = start_anvil();
	deploy(l1, &[alice_oracle()]);
	let (_, dev_chain, rollup, _) = polylink_runtime::genesis::DEV_CHAINS[0];
	let chain = ChainInfo { evm_chain_id: dev_chain, contract: L1Address(rollup) };

	let rpc = free_port();
	let base = scratch("relayer-test");
	let log = scratch("relayer-test.log");
	let relayer_log = scratch("relayer-test.relayer.log");
	let config = scratch("relayer-test.toml");
	for path in [&log, &relayer_log, &config] {
		let _ = std::fs::remove_file(path);
	}
	let _ = std::fs::remove_dir_all(&base);
	let l1_arg = format!("1=http://127.0.0.1:{l1}");
	let _node =
		start_node(&base, &log, rpc, free_port(), &["--l1", &l1_arg, "--l1-poll-ms", "200"]);
	let metrics_port = relayer_config(&config, rpc, l1, rollup);
	let relayer = start_relayer(&config, &relayer_log);
	let relayer_address = Wallet::from_hex(RELAYER_KEY).expect("anvil's key").address();
	let see = || format!("see {} and {}", log.display(), relayer_log.display());

	// 1. Deposit 1 ETH; the user sets its key and withdraws a quarter to a fresh L1 address.
	let user = Wallet::from_hex(USER_KEY).expect("anvil's key");
	let user_hex = hex0x(&user.address().0);
	deposit_eth(l1, user.address().0, rollup, user.address().0, ETHER);
	let credited = with_blocks(rpc, Duration::from_secs(120), || {
		(eth_balance(rpc, &user_hex) == ETHER).then_some(())
	});
	assert!(credited.is_some(), "the deposit was not credited; {}", see());
	let account = call(rpc, "polylink_account", json!([user_hex])).expect("the account");
	let account = AccountId(account["id"].as_u64().expect("an id") as u32);
	let fee = polylink_runtime::genesis::DEV_FEE_PER_CHUNK;
	let one = TokenId(1);
	let change = user.change_pubkey(account, ChainId(1), &chain, one, 3 * fee, 0);
	call(rpc, "polylink_submitTx", json!([hex0x(&parity_scale_codec::Encode::encode(&change))]))
		.expect("the key change is accepted");
	let key_set = with_blocks(rpc, Duration::from_secs(30), || {
		(call(rpc, "polylink_nonce", json!([user_hex])).ok()? == json!(1)).then_some(())
	});
	assert!(key_set.is_some(), "the key change was not sequenced; {}", see());
	let withdraw = user.withdraw(account, ChainId(1), RECIPIENT, one, WITHDRAWN, one, 3 * fee, 1);
	call(rpc, "polylink_submitTx", json!([hex0x(&parity_scale_codec::Encode::encode(&withdraw))]))
		.expect("the withdrawal is accepted");

	// 2. The relayer commits batch 1 by itself; it is killed there and started again.
	let committed =
		with_blocks(rpc, Duration::from_secs(900), || (totals(l1, rollup)[0] >= 1).then_some(()));
	assert!(committed.is_some(), "the relayer did not commit batch 1; {}", see());
	drop(relayer);
	let at_kill = totals(l1, rollup);
	let _relayer = start_relayer(&config, &relayer_log);

	// 3. Both batches go through every stage on L1.
	//    (Two batches: the withdrawal does not fit the first, whose 6 chunks are sealed at
	//    size 8; a seal timeout in between may split them otherwise, so they are counted.)
	let sealed = |n: u64| {
		let status = call(rpc, "polylink_batchStatus", json!([n])).expect("status");
		status["sealed"] == json!(true)
	};
	let all_sealed = with_blocks(rpc, Duration::from_secs(60), || {
		let last = (1..).take_while(|n| sealed(*n)).last()?;
		let batch = call(rpc, "polylink_batch", json!([last])).ok()?;
		let end = batch["firstLogIndex"].as_u64()? + batch["ops"].as_u64()?;
		// The deposit, the key change and the withdrawal: log indices 0, 1, 2.
		(end == 3).then_some(last)
	});
	let batches = all_sealed.unwrap_or_else(|| panic!("the withdrawal was not sealed; {}", see()));
	let executed = with_blocks(rpc, Duration::from_secs(900), || {
		(totals(l1, rollup) == [batches; 4]).then_some(())
	});
	assert!(
		executed.is_some(),
		"batches 1..={batches} were not executed on L1 (counters {:?}, {:?} at the kill); {}",
		totals(l1, rollup),
		at_kill,
		see()
	);

	// 4. `polylink status` shows the last batch done everywhere. The withdrawal is a pending
	//    balance, which anyone may pay out to its owner: the user does with
	//    `polylink withdraw-pending`; a second payout finds nothing.
	let node = format!("http://127.0.0.1:{rpc}");
	let l1_rpc = format!("http://127.0.0.1:{l1}");
	// (The appchain learns of the execution from its oracle, a few blocks after L1.)
	let status = with_blocks(rpc, Duration::from_secs(60), || {
		let status = polylink(&["status", "--node", &node]).expect("polylink status");
		status.ends_with("executed").then_some(status)
	})
	.unwrap_or_else(|| panic!("the appchain did not learn of the execution; {}", see()));
	assert_eq!(
		status,
		format!(
			"batch {batches}: sealed, proven on the appchain, commit certified, sync certified \
			 (last proven: {batches})\n  chain 1: proven and executed"
		)
	);
	let owner = Address::from(RECIPIENT.0);
	let pending: u128 = view(l1, rollup, Rollup::pendingBalanceCall { owner, tokenId: 1 });
	assert_eq!(pending, WITHDRAWN, "the executed withdrawal is pending on L1");
	let recipient = hex0x(&RECIPIENT.0);
	let payout = [
		"withdraw-pending",
		"--owner",
		&recipient,
		"--l1-key",
		USER_KEY,
		"--l1-rpc",
		&l1_rpc,
		"--node",
		&node,
	];
	let paid_out = polylink(&payout).expect("polylink withdraw-pending");
	assert!(
		paid_out.starts_with(&format!(
			"paid 0.25 ETH to {} on chain 1: 0x",
			Address::from(RECIPIENT.0)
		)),
		"{paid_out}"
	);
	let paid = call(l1, "eth_getBalance", json!([recipient, "latest"])).expect("balance");
	assert_eq!(quantity(&paid), WITHDRAWN, "the funds arrived on L1");
	let again = polylink(&payout).expect_err("nothing is pending any more");
	assert!(again.contains("has no pending ETH (token 1) on chain 1"), "{again}");

	// 5. One transaction per step (each batch × 4 stages), across the restart: nothing sent
	//    twice, nothing reverted (a reverted transaction would count too).
	let sent = call(l1, "eth_getTransactionCount", json!([hex0x(&relayer_address.0), "latest"]))
		.expect("the relayer's nonce");
	assert_eq!(quantity(&sent), 4 * u128::from(batches), "the relayer's transactions; {}", see());
	// The log names each step at most once (the kill may land between a send and its line).
	let text = std::fs::read_to_string(&relayer_log).expect("the relayer's log");
	for step in ["commit", "prove", "sync", "execute"] {
		for batch in 1..=batches {
			let line = format!("chain=1 step={step} batch={batch} tx=0x");
			assert!(text.matches(&line).count() <= 1, "`{line}` logged twice; {}", see());
		}
	}
	let last = format!("chain=1 step=execute batch={batches} tx=0x");
	assert!(text.contains(&last), "the restarted relayer executed the last batch; {}", see());

	// 6. The restarted relayer's metrics: every stage at the last batch, nothing left to do.
	let scraped = with_blocks(rpc, Duration::from_secs(30), || {
		let text = metrics(metrics_port);
		let at = |stage: &str| {
			sample(&text, &format!("polylink_relayer_batch{{chain=\"1\",stage=\"{stage}\"}}"))
		};
		let done = ["committed", "proven", "synced", "executed"]
			.iter()
			.all(|stage| at(stage) == Some(batches));
		let lag = sample(&text, "polylink_relayer_lag_batches{chain=\"1\"}");
		(done && lag == Some(0)).then_some(text)
	});
	let text =
		scraped.unwrap_or_else(|| panic!("the relayer's metrics: {}", metrics(metrics_port)));
	let steps = sample(&text, "polylink_relayer_steps_total{chain=\"1\",step=\"execute\"}");
	assert!(steps.is_some_and(|n| n >= 1), "the restarted relayer counted its executions: {text}");

	let _ = std::fs::remove_dir_all(&base);
	for path in [&log, &relayer_log, &config] {
		let _ = std::fs::remove_file(path);
	}
}
