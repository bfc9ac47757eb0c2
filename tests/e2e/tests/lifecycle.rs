//! The whole lifecycle on the two-chain devnet, through the real parts only: `scripts/devnet`
//! (two anvil chains, the contracts, the node with its Groth16 prover and oracle on both, the
//! relayer) driven by the `polylink` CLI as users drive it.
//!
//! 1. User A deposits 1 ETH on chain 1; user B deposits 20 of the test ERC-20 (token 2, "USDC":
//!    6 decimals on chain 1, 18 on chain 2) on chain 2.
//! 2. A binds its L2 key and transfers 0.4 ETH to B on L2.
//! 3. B deposits 0.5 ETH on chain 2, which then holds ETH reserve.
//! 4. A's withdrawal of 0.6 ETH to chain 2 is refused (beyond chain 2's reserve) and changes
//!    nothing; A's withdrawal of 0.25 ETH to chain 2, to a fresh address, is sequenced. B
//!    requests on L1 the full exit of its token 2 on chain 2; the appchain processes it.
//! 5. Every batch goes through commit, prove, sync and execute on both chains while the relayer
//!    is stopped mid-pipeline and restarted, then the node, and then a second relayer (another
//!    key) races the first (the first pauses until the second landed a step on each chain):
//!    both send, every stage lands exactly once per batch per chain, a losing duplicate's
//!    transaction reverts cheaply or is never sent, nothing is lost.
//! 6. The withdrawal and the full exit are paid out on chain 2.
//!
//! With `POLYLINK_E2E_TRANSFER_BATCH=1` (what `./scripts/bench pipeline` sets), A then fills a
//! batch with eight transfers, for `gas_per_transfer_all_stages` on each chain.
//!
//! After every step, per token and chain, what the contract holds equals the appchain's reserve
//! for it plus the withdrawals not yet paid out, and the reserves equal the L2 balances plus
//! the fees ([`Ledger::check`]). The run prints the pipeline's latency and gas figures as
//! `metric: value unit` lines (`./scripts/bench pipeline` shows them).

use alloy_primitives::Address;
use alloy_sol_types::SolCall;
use polylink_cli::Wallet;
use polylink_e2e::{polylink, sample, units, wait_for, Devnet, Ledger};
use polylink_l1_bindings::Rollup;
use serde_json::{json, Value};
use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

/// anvil's third account: user A.
const A_KEY: &str = "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
/// anvil's second account: user B, which the devnet gives the test USDC on both chains.
const B_KEY: &str = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/// The devnet relayer's key (anvil's tenth account; `scripts/devnet`'s default).
const RELAYER_KEY: &str = "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
/// The duplicate relayer's key (anvil's ninth account).
const DUPLICATE_KEY: &str = "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";
/// What a losing duplicate may pay for a reverted step (the contract refuses it early).
const LOSER_GAS: u128 = 120_000;
/// The withdrawal's L1 recipient: a fresh address.
const RECIPIENT: &str = "0x4444444444444444444444444444444444444444";
/// ETH and the devnet's test ERC-20.
const ETH: u16 = 1;
const USDC: u16 = 2;
/// The pipeline's stages, in the order the contract's counters name them.
const STAGES: [&str; 4] = ["committed", "proven", "synced", "executed"];

/// The `0x…` address of an L1 key.
fn address_of(key: &str) -> String {
	format!("0x{}", hex::encode(Wallet::from_hex(key).expect("a key").address().0))
}

/// Runs the CLI with `--json` and parses what it printed; panics with its error.
fn cli_json(devnet: &Devnet, args: &[&str]) -> Value {
	let mut all = args.to_vec();
	all.extend(["--json", "--node"]);
	let node = devnet.node_url();
	all.push(&node);
	let out = polylink(&all)
		.unwrap_or_else(|e| panic!("polylink {}: {e}; {}", args.join(" "), devnet.see()));
	serde_json::from_str(&out).unwrap_or_else(|e| panic!("polylink's JSON ({e}): {out}"))
}

/// `polylink deposit` of `amount` `token` on `chain` with `key`; returns its wall time.
fn deposit(devnet: &Devnet, key: &str, amount: &str, token: &str, chain: u8) -> f64 {
	let start = Instant::now();
	let url = devnet.l1_url(chain);
	let chain_arg = chain.to_string();
	let args = [
		"deposit", amount, "--token", token, "--chain", &chain_arg, "--l1-key", key, "--l1-rpc",
		&url,
	];
	let out = cli_json(devnet, &args);
	assert_eq!(out["credited"], json!(true), "the CLI waited for the credit: {out}");
	start.elapsed().as_secs_f64()
}

/// An L2 transaction through the CLI (`set-key`, `transfer`, `withdraw`); the fee it paid is
/// booked in `ledger`.
fn l2(devnet: &Devnet, ledger: &mut Ledger, args: &[&str]) -> Value {
	let out = cli_json(devnet, args);
	assert_eq!(out["sequenced"], json!(true), "the CLI waited for the sequencing: {out}");
	let fee: u128 = out["fee"].as_str().and_then(|f| f.parse().ok()).expect("the fee");
	let token = u16::try_from(out["feeToken"].as_u64().expect("the fee token")).expect("an id");
	*ledger.fees.entry(token).or_default() += fee;
	out
}

/// `polylink <command> --token 2 --chain 2` with B's key (B's full exit and its payout).
fn b_on_chain_2(devnet: &Devnet, command: &str) -> Result<String, String> {
	let (l1, node) = (devnet.l1_url(2), devnet.node_url());
	polylink(&[
		command, "--token", "2", "--chain", "2", "--l1-key", B_KEY, "--l1-rpc", &l1, "--node",
		&node,
	])
}

/// The batches sealed so far hold `ops` operations (the sequencing log's length).
fn sealed_ops(devnet: &Devnet) -> (u64, u64) {
	let last = devnet.node("polylink_heads", json!([]))["lastSealed"].as_u64().expect("heads");
	if last == 0 {
		return (0, 0);
	}
	let batch = devnet.node("polylink_batch", json!([last]));
	let end = batch["firstLogIndex"].as_u64().expect("index") + batch["ops"].as_u64().expect("ops");
	(last, end)
}

/// The gas each relayer step used on `chain`, from the relayer's log (`step=… batch=… tx=…`);
/// panics when a step is logged twice. (A step whose transaction landed just as the relayer
/// was stopped may not be logged at all.)
fn relayer_gas(devnet: &Devnet, chain: u8) -> BTreeMap<(u64, String), u128> {
	let mut log = std::fs::read_to_string(devnet.log("relayer")).expect("the relayer's log");
	log += &std::fs::read_to_string(devnet.log("relayer-2")).unwrap_or_default();
	let mut gas = BTreeMap::new();
	for line in log.lines().filter(|l| l.contains(&format!("chain={chain} step="))) {
		let field = |name: &str| {
			line.split(' ').find_map(|kv| kv.strip_prefix(&format!("{name}="))).map(str::to_string)
		};
		let (Some(step), Some(batch), Some(tx)) = (field("step"), field("batch"), field("tx"))
		else {
			continue;
		};
		let receipt =
			polylink_e2e::call(devnet.l1_port(chain), "eth_getTransactionReceipt", json!([tx]))
				.expect("a receipt");
		let key = (batch.parse().expect("a batch"), step);
		let used = polylink_e2e::quantity(&receipt["gasUsed"]);
		assert!(
			gas.insert(key.clone(), used).is_none(),
			"{key:?} logged twice on chain {chain}: sent twice?"
		);
	}
	gas
}

#[test]
fn two_chains_deposit_transfer_and_withdraw_through_restarts_conserving_every_token() {
	let mut devnet = Devnet::start("e2e-lifecycle", Duration::from_secs(180));
	let mut ledger = Ledger::default();
	let mut figures: Vec<(String, f64, &str)> =
		vec![("devnet_ready_seconds".into(), devnet.ready_seconds, "s")];
	ledger.check(&devnet, "launch");
	let (a, b) = (address_of(A_KEY), address_of(B_KEY));

	// 1. Deposits on both chains, each waited for until the appchain credited it.
	let seconds = deposit(&devnet, A_KEY, "1", "ETH", 1);
	figures.push(("deposit_to_l2_seconds_chain_1".into(), seconds, "s"));
	ledger.check(&devnet, "A's 1 ETH deposit on chain 1");
	let seconds = deposit(&devnet, B_KEY, "20", "2", 2);
	figures.push(("deposit_to_l2_seconds_chain_2".into(), seconds, "s"));
	ledger.check(&devnet, "B's 20 USDC deposit on chain 2");
	assert_eq!(devnet.balance(&b, USDC), units("20"));

	// 2. A binds its L2 key and pays B on L2.
	l2(&devnet, &mut ledger, &["set-key", "--l1-key", A_KEY]);
	ledger.check(&devnet, "A's key change");
	l2(&devnet, &mut ledger, &["transfer", "0.4", "--to", &b, "--l1-key", A_KEY]);
	ledger.check(&devnet, "A's transfer to B");
	assert_eq!(devnet.balance(&b, ETH), units("0.4"));
	assert_eq!(devnet.balance(&a, ETH), units("0.6") - ledger.fees[&ETH]);

	// 3. Chain 2 gets ETH reserve.
	deposit(&devnet, B_KEY, "0.5", "ETH", 2);
	ledger.check(&devnet, "B's 0.5 ETH deposit on chain 2");

	// 4. A withdrawal beyond chain 2's reserve is refused in words and changes nothing; one
	//    within it is sequenced.
	let held = ledger.check(&devnet, "before the refused withdrawal");
	let nonce = devnet.node("polylink_nonce", json!([a]));
	let refused = polylink(&[
		"withdraw",
		"0.6",
		"--to-chain",
		"2",
		"--l1-key",
		A_KEY,
		"--node",
		&devnet.node_url(),
	])
	.expect_err("chain 2 holds only 0.5 ETH");
	assert!(
		refused.contains("chain 2 holds only 0.5 ETH in reserve, the withdrawal needs 0.6 ETH"),
		"{refused}"
	);
	assert_eq!(devnet.node("polylink_nonce", json!([a])), nonce, "the refusal changed A's nonce");
	assert_eq!(ledger.check(&devnet, "the refused withdrawal"), held);
	let submitted = Instant::now();
	let withdrawal = l2(
		&devnet,
		&mut ledger,
		&["withdraw", "0.25", "--to-chain", "2", "--to", RECIPIENT, "--l1-key", A_KEY],
	);
	*ledger.pending.entry((ETH, 2)).or_default() += units("0.25");
	ledger.check(&devnet, "A's 0.25 ETH withdrawal to chain 2");
	let l1_2 = devnet.l1_url(2);
	let requested =
		b_on_chain_2(&devnet, "full-exit").unwrap_or_else(|e| panic!("polylink full-exit: {e}"));
	assert!(requested.starts_with("requested the full exit of account "), "{requested}");
	ledger.check(&devnet, "B's full-exit request on chain 2");
	let exited =
		wait_for(Duration::from_secs(120), || (devnet.balance(&b, USDC) == 0).then_some(()));
	assert!(exited.is_some(), "the appchain did not process B's full exit; {}", devnet.see());
	*ledger.pending.entry((USDC, 2)).or_default() += units("20");
	ledger.check(&devnet, "B's full exit processed on L2");
	// The seven operations: three deposits, the key change, the transfer, the withdrawal, the
	// full exit.
	const OPS: u64 = 7;

	// 5. The pipeline, watched stage by stage on both chains, with the relayer and then the
	//    node stopped and started again in the middle of it.
	let mut sealed_at: BTreeMap<u64, Instant> = BTreeMap::new();
	let mut reached: BTreeMap<(u8, usize, u64), Instant> = BTreeMap::new();
	let mut last_batch = None;
	let mut watch = |devnet: &Devnet| {
		let (sealed, ops) = sealed_ops(devnet);
		for n in 1..=sealed {
			sealed_at.entry(n).or_insert_with(Instant::now);
		}
		if ops == OPS {
			last_batch.get_or_insert(sealed);
		}
		for chain in [1, 2] {
			for (stage, at) in devnet.totals(chain).into_iter().enumerate() {
				for n in 1..=at {
					reached.entry((chain, stage, n)).or_insert_with(Instant::now);
				}
			}
		}
		last_batch
	};
	let limit = Duration::from_secs(900);
	let committed = wait_for(limit, || {
		watch(&devnet);
		(devnet.totals(1)[0] >= 1).then_some(())
	});
	assert!(committed.is_some(), "the relayer did not commit batch 1 on chain 1; {}", devnet.see());
	let relayer = devnet.stop("relayer");
	let at_stop = [devnet.totals(1), devnet.totals(2)];
	devnet.start_part("relayer", &relayer);
	let executed_one = wait_for(limit, || {
		watch(&devnet);
		(devnet.totals(2)[3] >= 1).then_some(())
	});
	assert!(
		executed_one.is_some(),
		"batch 1 was not executed on chain 2 after the relayer's restart (counters at the stop: \
		 {at_stop:?}); {}",
		devnet.see()
	);
	let node = devnet.stop("node");
	devnet.start_part("node", &node);
	let answered = wait_for(Duration::from_secs(120), || {
		polylink_e2e::call(devnet.rpc, "system_health", json!([])).ok()
	});
	assert!(answered.is_some(), "the node's RPC did not come back; {}", devnet.see());
	// A second relayer with another key races the first from here on.
	let config = std::fs::read_to_string(devnet.devnet_dir().join("relayer.toml"))
		.expect("the relayer's configuration");
	let duplicate_metrics = polylink_e2e::free_port();
	let config = config.replace(RELAYER_KEY, DUPLICATE_KEY).replace(
		&format!("127.0.0.1:{}", devnet.relayer_metrics),
		&format!("127.0.0.1:{duplicate_metrics}"),
	);
	assert!(
		config.contains(DUPLICATE_KEY),
		"the devnet's relayer configuration names its key: {config}"
	);
	let duplicate_config = devnet.devnet_dir().join("relayer-2.toml");
	std::fs::write(&duplicate_config, config).expect("the duplicate's configuration");
	let mut duplicate = vec![relayer[0].clone(), "--config".into()];
	duplicate.push(duplicate_config.display().to_string());
	devnet.start_part("relayer-2", &duplicate);
	// The first relayer pauses until the second has landed a step on each chain (so both send,
	// whoever is faster), then both race for the rest.
	let duplicate_address =
		Address::from(Wallet::from_hex(DUPLICATE_KEY).expect("a key").address().0);
	let paused = devnet.stop("relayer");
	let duplicate_landed = wait_for(limit, || {
		watch(&devnet);
		[1u8, 2]
			.iter()
			.all(|c| devnet.transactions_from(*c, duplicate_address).iter().any(|t| t.ok))
			.then_some(())
	});
	assert!(
		duplicate_landed.is_some(),
		"the second relayer landed no step on both chains alone; {}",
		devnet.see()
	);
	devnet.start_part("relayer", &paused);
	let done = wait_for(limit, || {
		let last = watch(&devnet)?;
		[1, 2].iter().all(|c| devnet.totals(*c) == [last; 4]).then_some(last)
	});
	let last = done.unwrap_or_else(|| {
		panic!(
			"the batches were not executed on both chains (chain 1 {:?}, chain 2 {:?}); {}",
			devnet.totals(1),
			devnet.totals(2),
			devnet.see()
		)
	});
	ledger.check(&devnet, "every batch executed on both chains");
	for chain in [1u8, 2] {
		for (stage, name) in STAGES.iter().enumerate() {
			for n in 1..=last {
				assert!(
					reached.contains_key(&(chain, stage, n)),
					"batch {n} {name} on chain {chain}"
				);
			}
		}
		let seconds = reached[&(chain, 3, last)].duration_since(sealed_at[&last]).as_secs_f64();
		figures.push((format!("sealed_to_executed_seconds_chain_{chain}"), seconds, "s"));
	}
	let seconds = sealed_at[&last].duration_since(submitted).as_secs_f64();
	figures.push(("l2_tx_to_sealed_seconds".into(), seconds, "s"));

	// The appchain learns of every execution from its oracle, which reads both chains:
	// `polylink status --follow` prints the batch's status as it changes until it does.
	let last_arg = last.to_string();
	let followed =
		polylink(&["status", &last_arg, "--follow", "--wait", "120", "--node", &devnet.node_url()])
			.unwrap_or_else(|e| panic!("polylink status --follow: {e}; {}", devnet.see()));
	let expected = format!(
		"batch {last}: sealed, proven on the appchain, commit certified, sync certified (last \
		 proven: {last})\n  chain 1: proven and executed\n  chain 2: proven and executed"
	);
	assert!(followed.ends_with(&expected), "{followed}");
	// The withdrawal (A's nonce 2, the sixth operation) by its account and nonce: the CLI named
	// its batch when it was sequenced, and `status --tx` finds the same.
	assert_eq!(withdrawal["batch"], json!(last), "{withdrawal}");
	let by_tx = polylink(&["status", "--tx", &format!("{a}:2"), "--node", &devnet.node_url()])
		.unwrap_or_else(|e| panic!("polylink status --tx: {e}"));
	assert!(
		by_tx.starts_with(&format!(
			"{a}'s transaction 2: sequenced at log index 5 in batch {last}\n{expected}"
		)),
		"{by_tx}"
	);
	let unknown = polylink(&["status", "--tx", &format!("{a}:9"), "--node", &devnet.node_url()])
		.expect_err("nonce 9 is not sequenced");
	assert!(unknown.contains("is not sequenced"), "{unknown}");

	// The relayer was stopped mid-pipeline: chain 1 had committed batch 1 and not executed them
	// all (the restart had work left to resume).
	assert!(at_stop[0][0] >= 1 && at_stop[0][3] < last, "stopped at {at_stop:?} of {last}");
	// Every step landed exactly once per batch on each chain, across the relayer's restart, the
	// node's and the race of two relayers, both of which sent; a losing duplicate's reverted
	// transaction cost little.
	let relayers = [RELAYER_KEY, DUPLICATE_KEY]
		.map(|key| Address::from(Wallet::from_hex(key).expect("a key").address().0));
	let stage_calls = [
		Rollup::commitBatchesCall::SELECTOR,
		Rollup::proveBatchesCall::SELECTOR,
		Rollup::syncBatchesCall::SELECTOR,
		Rollup::executeBatchesCall::SELECTOR,
	];
	for chain in [1u8, 2] {
		let by_relayer = relayers.map(|r| devnet.transactions_from(chain, r));
		for (sent, key) in by_relayer.iter().zip(["first", "second"]) {
			assert!(sent.iter().any(|t| t.ok), "the {key} relayer landed nothing on chain {chain}");
		}
		let sent: Vec<_> = by_relayer.concat();
		for (stage, selector) in STAGES.iter().zip(stage_calls) {
			let landed = sent.iter().filter(|t| t.ok && t.selector == selector).count() as u64;
			assert_eq!(landed, last, "{stage} steps landed on chain {chain}; {}", devnet.see());
		}
		let landed = sent.iter().filter(|t| t.ok).count() as u64;
		assert_eq!(landed, 4 * last, "nothing else landed on chain {chain}; {}", devnet.see());
		let lost: Vec<u128> = sent.iter().filter(|t| !t.ok).map(|t| t.gas).collect();
		assert!(
			lost.iter().all(|gas| *gas <= LOSER_GAS),
			"a losing duplicate paid {lost:?} on chain {chain}"
		);
		let lost_gas: u128 = lost.iter().sum();
		figures.push((format!("duplicate_relayer_lost_gas_chain_{chain}"), lost_gas as f64, "gas"));
		figures.push((
			format!("duplicate_relayer_reverted_txs_chain_{chain}"),
			lost.len() as f64,
			"txs",
		));
	}
	assert!(
		devnet.parts_alive(),
		"a relayer or the node the test started has exited; {}",
		devnet.see()
	);
	let text = wait_for(Duration::from_secs(30), || {
		let text = polylink_e2e::metrics(devnet.relayer_metrics);
		let done = [1, 2].iter().all(|c| {
			sample(&text, &format!("polylink_relayer_batch{{chain=\"{c}\",stage=\"executed\"}}"))
				== Some(last)
				&& sample(&text, &format!("polylink_relayer_lag_batches{{chain=\"{c}\"}}"))
					== Some(0)
		});
		done.then_some(text)
	});
	assert!(
		text.is_some(),
		"the relayer's metrics: {}",
		polylink_e2e::metrics(devnet.relayer_metrics)
	);

	// 6. The withdrawal is pending on chain 2 and paid out to the recipient.
	let recipient: Address = RECIPIENT.parse().expect("an address");
	let pending: u128 = devnet.view(
		2,
		devnet.rollup(2),
		Rollup::pendingBalanceCall { owner: recipient, tokenId: ETH },
	);
	assert_eq!(pending, units("0.25"), "the executed withdrawal is pending on chain 2");
	let node_url = devnet.node_url();
	let payout = [
		"withdraw-pending",
		"--chain",
		"2",
		"--owner",
		RECIPIENT,
		"--l1-key",
		A_KEY,
		"--l1-rpc",
		&l1_2,
		"--node",
		&node_url,
	];
	let paid = polylink(&payout).expect("polylink withdraw-pending");
	assert!(paid.starts_with("paid 0.25 ETH to "), "{paid}");
	assert_eq!(devnet.eth_of(2, recipient), units("0.25"), "the funds arrived on L1");
	ledger.pending.insert((ETH, 2), 0);
	ledger.check(&devnet, "the payout on chain 2");
	let again = polylink(&payout).expect_err("nothing is pending any more");
	assert!(again.contains("has no pending ETH"), "{again}");
	let usdc_2 = Address::from(
		devnet
			.registry
			.token_on_chain(
				polylink_primitives::token::TokenId(USDC),
				polylink_primitives::chain::ChainId(2),
			)
			.expect("token 2 on chain 2")
			.address
			.0,
	);
	let b_address: Address = b.parse().expect("an address");
	let before: alloy_primitives::U256 =
		devnet.view(2, usdc_2, polylink_l1_bindings::IERC20::balanceOfCall { owner: b_address });
	let paid = b_on_chain_2(&devnet, "withdraw-pending")
		.expect("polylink withdraw-pending of the full exit");
	assert!(paid.starts_with("paid 20 (token 2) to "), "{paid}");
	let after: alloy_primitives::U256 =
		devnet.view(2, usdc_2, polylink_l1_bindings::IERC20::balanceOfCall { owner: b_address });
	assert_eq!(
		after - before,
		alloy_primitives::U256::from(units("20")),
		"B's full exit arrived on chain 2"
	);
	ledger.pending.insert((USDC, 2), 0);
	ledger.check(&devnet, "the full exit's payout on chain 2");

	// The figures: latency, and the relayer's gas for all four stages of the last batch (the
	// withdrawal's, 8 chunks, driven after both restarts).
	for chain in [1u8, 2] {
		let gas = relayer_gas(&devnet, chain);
		let steps: Vec<u128> = ["commit", "prove", "sync", "execute"]
			.iter()
			.filter_map(|step| gas.get(&(last, step.to_string())).copied())
			.collect();
		assert_eq!(
			steps.len(),
			4,
			"the last batch's four steps are logged on chain {chain}: {gas:?}"
		);
		let total: u128 = steps.iter().sum();
		figures.push((format!("gas_last_batch_all_stages_chain_{chain}"), total as f64, "gas"));
	}
	// 7. Anyone rebuilds the state from the DA chain's calldata alone: the recovered accounts
	//    hold what the appchain says; a second run resumes with nothing to replay; chain 2's
	//    compressed commits cannot serve.
	recovery(&devnet, last);

	if std::env::var_os("POLYLINK_E2E_TRANSFER_BATCH").is_some() {
		figures.extend(transfer_batch(&devnet, &mut ledger, &b, last));
	}
	for (name, value, unit) in figures {
		println!("{name}: {value:.1} {unit}");
	}
}

/// A batch of eight transfers from A to B (sealed full; queued with explicit nonces), driven
/// through every stage on both chains: its gas for all four stages per transfer on each chain.
fn transfer_batch(
	devnet: &Devnet,
	ledger: &mut Ledger,
	b: &str,
	before: u64,
) -> Vec<(String, f64, &'static str)> {
	let a = address_of(A_KEY);
	let next = devnet.node("polylink_nonce", json!([a])).as_u64().expect("a nonce");
	for i in 0..8u64 {
		let nonce = (next + i).to_string();
		let mut args = vec!["transfer", "0.001", "--to", b, "--l1-key", A_KEY, "--nonce", &nonce];
		if i < 7 {
			args.push("--no-wait");
		}
		let out = cli_json(devnet, &args);
		let fee: u128 = out["fee"].as_str().and_then(|f| f.parse().ok()).expect("the fee");
		*ledger.fees.entry(ETH).or_default() += fee;
	}
	let batch = before + 1;
	let done = wait_for(Duration::from_secs(600), || {
		[1, 2].iter().all(|c| devnet.totals(*c)[3] >= batch).then_some(())
	});
	assert!(done.is_some(), "the transfer batch was not executed on both chains; {}", devnet.see());
	let header = devnet.node("polylink_batch", json!([batch]));
	assert_eq!(header["ops"], json!(8), "batch {batch} holds the eight transfers: {header}");
	ledger.check(devnet, "the transfer batch");
	[1u8, 2]
		.iter()
		.map(|chain| {
			let gas = relayer_gas(devnet, *chain);
			let total: u128 = ["commit", "prove", "sync", "execute"]
				.iter()
				.map(|step| {
					gas.get(&(batch, step.to_string())).copied().expect("every step logged")
				})
				.sum();
			(format!("gas_per_transfer_all_stages_chain_{chain}"), total as f64 / 8.0, "gas")
		})
		.collect()
}

/// `polylink recover` from chain 1 (the DA chain) after batch `last`, checked against the node.
fn recovery(devnet: &Devnet, last: u64) {
	let saved = devnet.dir.join("recovered.scale");
	let (url_1, url_2) = (devnet.l1_url(1), devnet.l1_url(2));
	let contract = devnet.rollup(1).to_string();
	let saved_arg = saved.display().to_string();
	let run = |url: &str| {
		polylink(&[
			"recover",
			"--da-chain",
			url,
			"--contract",
			&contract,
			"--state",
			&saved_arg,
			"--json",
		])
	};
	let out = run(&url_1).unwrap_or_else(|e| panic!("polylink recover: {e}"));
	let recovered: Value = serde_json::from_str(&out).expect("JSON");
	assert_eq!(recovered["batch"], json!(last), "{recovered}");
	assert_eq!(recovered["replayed"], json!(last), "{recovered}");
	let accounts = recovered["accounts"].as_array().expect("accounts");
	let users = devnet.user_accounts();
	assert_eq!(accounts.iter().filter(|a| a["id"].as_u64() >= Some(5)).count(), users.len());
	for account in accounts {
		let id = account["id"].as_u64().expect("an id").to_string();
		for (token, amount) in account["balances"].as_object().expect("balances") {
			let token: u16 = token.parse().expect("a token id");
			let amount: u128 = amount.as_str().and_then(|a| a.parse().ok()).expect("an amount");
			assert_eq!(
				devnet.balance(&id, token),
				amount,
				"account {id}'s token {token}: {recovered}"
			);
		}
	}
	let again: Value = serde_json::from_str(&run(&url_1).expect("a second run")).expect("JSON");
	assert_eq!((again["batch"].clone(), again["replayed"].clone()), (json!(last), json!(0)));
	assert_eq!(again["root"], recovered["root"]);
	std::fs::remove_file(&saved).expect("the saved state");
	let refused = run(&url_2).expect_err("chain 2 is not the DA chain");
	assert!(refused.contains("is this the DA chain?"), "{refused}");
}
