//! Exit mode end to end on the two-chain devnet, through the real parts: users leave with only
//! their L1 keys, the `polylink` CLI and the two anvil endpoints once the appchain is gone.
//!
//! 1. A deposits 1 ETH on chain 1, B 0.5 ETH on chain 2 (batch 1); B requests on chain 1 the
//!    full exit of A's account, which B does not own (batch 2): executed on chain 1, it pays
//!    nothing and changes nothing. One relayer per chain drives the pipeline; chain 2's relayer
//!    is stopped as soon as chain 2 proved batch 2, so only chain 1 receives its sync
//!    certificate.
//! 2. The appchain stops (node and relayers). A requests the full exit of its ETH on chain 1,
//!    C deposits 0.3 ETH on chain 2, and 0.1 ETH for a recipient that cannot take ETH (the
//!    rollup contract itself): none is ever processed. Their deadlines pass
//!    (`anvil_mine`); anyone activates exit mode on both chains.
//! 3. In the grace period, `polylink sync-carry` carries chain 1's sync certificate to chain 2:
//!    both chains' exits are then against the same root.
//! 4. After the grace period each user recovers the state from the DA chain's calldata
//!    (`polylink recover`), proves their share per chain (`polylink exit-proof`) and submits it
//!    (`polylink exodus`, sent by another key: the share goes to the owner; B proves all its
//!    shares at once with `exit-proof --all` and hands both files to each chain's `exodus`,
//!    which skips the other chain's): each receives
//!    `balance × reserve[c] / Σ reserve` on each chain. A tampered proof (another amount, another
//!    owner) is refused by the contract, a second exodus of the same share is refused.
//! 5. `polylink cancel-deposits` refunds exactly C's deposit to C on chain 2, goes on past the
//!    recipient that cannot receive (its refund stays in its pending balance) and drops A's full
//!    exit on chain 1. Afterwards each chain holds only rounding dust beside that refund.
//!
//! The second case: the appchain runs on but censors chain 1 (its node restarted blind to
//! chain 1). A's full exit there expires, chain 1 enters exit mode and can no longer prove, so
//! no later batch is synced anywhere; C's deposit on chain 2, credited on L2 only after the last
//! synced batch, expires too; both chains exit from the last synced root and C is refunded.
//!
//! Prints the slowest `polylink exit-proof`'s proving time and whole command time (parameters
//! loaded, witness, proof, check) and the most gas a `performExodus` took
//! (`./scripts/bench exit`).

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use polylink_cli::Wallet;
use polylink_e2e::{bin_dir, call, polylink, quantity, units, wait_for, Devnet, Process};
use polylink_l1_bindings::{revert_reason, Rollup, IERC20};
use serde_json::{json, Value};
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

/// anvil's third account: user A.
const A_KEY: &str = "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
/// anvil's second account: user B, which the devnet gives the test USDC on both chains.
const B_KEY: &str = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/// anvil's fourth account: user C, whose deposit the appchain never processes.
const C_KEY: &str = "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
/// anvil's fifth account: submits everyone's exit proofs (anyone may; the owner is paid).
const SUBMITTER_KEY: &str = "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
/// ETH and the devnet's test ERC-20.
const ETH: u16 = 1;
const USDC: u16 = 2;
/// The contracts' priority deadline and grace period for this devnet (`DeployChain.s.sol`
/// reads them; its defaults, 10,000 and 20,000 blocks, take anvil minutes to mine).
const EXPIRY_BLOCKS: u64 = 100;
const GRACE_BLOCKS: u64 = 200;
/// What rounding may leave in a contract per token (one unit per claim, floor division).
const DUST: u128 = 4;

/// The L1 address of a key.
fn address_of(key: &str) -> Address {
	Address::from(Wallet::from_hex(key).expect("a key").address().0)
}

/// Runs the CLI; panics with its error and the devnet's logs.
fn cli(devnet: &Devnet, args: &[&str]) -> String {
	polylink(args).unwrap_or_else(|e| panic!("polylink {}: {e}; {}", args.join(" "), devnet.see()))
}

/// Runs the CLI with `--json` and parses its output.
fn cli_json(devnet: &Devnet, args: &[&str]) -> Value {
	let mut all = args.to_vec();
	all.push("--json");
	let out = cli(devnet, &all);
	serde_json::from_str(&out).unwrap_or_else(|e| panic!("polylink's JSON ({e}): {out}"))
}

/// Mines `blocks` empty blocks on `chain`.
fn mine(devnet: &Devnet, chain: u8, blocks: u64) {
	call(devnet.l1_port(chain), "anvil_mine", json!([format!("{blocks:#x}")])).expect("anvil_mine");
}

/// What `from` calling `data` on chain `chain`'s rollup would do: `Err` with the decoded revert.
fn simulate(devnet: &Devnet, chain: u8, from: Address, data: Vec<u8>) -> Result<(), String> {
	let tx = json!({
		"from": from.to_string(),
		"to": devnet.rollup(chain).to_string(),
		"data": format!("0x{}", hex::encode(data)),
	});
	match call(devnet.l1_port(chain), "eth_call", json!([tx, "latest"])) {
		Ok(_) => Ok(()),
		Err(error) => {
			let data = error
				.split("\"data\":\"0x")
				.nth(1)
				.and_then(|rest| rest.split('"').next())
				.and_then(|h| hex::decode(h).ok());
			Err(data.map(|d| revert_reason(&d)).unwrap_or(error))
		}
	}
}

/// The ERC-20 or ETH balance of `owner` on `chain`, in the token's decimals there.
fn held(devnet: &Devnet, chain: u8, token: u16, owner: Address) -> u128 {
	if token == ETH {
		return devnet.eth_of(chain, owner);
	}
	let info = devnet.registry.tokens[&polylink_primitives::token::TokenId(token)].chains
		[&polylink_primitives::chain::ChainId(chain)];
	let balance: U256 =
		devnet.view(chain, Address::from(info.address.0), IERC20::balanceOfCall { owner });
	u128::try_from(balance).expect("fits")
}

/// What the rollup on `chain` holds of `token`, less the ETH priority fees it collected, in L2
/// units.
fn contract_holds(devnet: &Devnet, chain: u8, token: u16) -> u128 {
	let rollup = devnet.rollup(chain);
	let mut raw = held(devnet, chain, token, rollup);
	if token == ETH {
		let fees: U256 = devnet.view(chain, rollup, Rollup::priorityFeesCollectedCall {});
		raw -= u128::try_from(fees).expect("fits");
	}
	scale(devnet, chain, token) * raw
}

/// L2 units per token unit on `chain` (10^(18 − decimals)).
fn scale(devnet: &Devnet, chain: u8, token: u16) -> u128 {
	let info = devnet.registry.tokens[&polylink_primitives::token::TokenId(token)].chains
		[&polylink_primitives::chain::ChainId(chain)];
	10u128.pow(18 - u32::from(info.decimals))
}

/// A relayer for the chains of the devnet's `relayer.toml` whose index is in `chains`, with its
/// own log and metrics port.
fn relayer(devnet: &Devnet, name: &str, chains: &[u8]) -> Process {
	let config = std::fs::read_to_string(devnet.devnet_dir().join("relayer.toml"))
		.expect("the devnet's relayer.toml");
	let mut blocks = config.split("[[chains]]");
	let header: String = blocks
		.next()
		.expect("a header")
		.lines()
		.filter(|line| !line.starts_with("metrics"))
		.map(|line| format!("{line}\n"))
		.collect();
	let mut own = format!("{header}metrics = \"127.0.0.1:{}\"\n", polylink_e2e::free_port());
	for block in blocks {
		let index = block
			.lines()
			.find_map(|line| line.strip_prefix("index = "))
			.and_then(|i| i.trim().parse::<u8>().ok())
			.expect("a chain index");
		if chains.contains(&index) {
			own.push_str("[[chains]]");
			own.push_str(block);
		}
	}
	let path = devnet.devnet_dir().join(format!("{name}.toml"));
	std::fs::write(&path, own).expect("the relayer's config");
	let log = std::fs::File::create(devnet.log(name)).expect("a log");
	let child = Command::new(bin_dir().join("polylink-relayer"))
		.arg("--config")
		.arg(&path)
		.stdout(log.try_clone().expect("a second handle"))
		.stderr(log)
		.spawn()
		.expect("the relayer starts");
	Process(child)
}

/// A user's recovered state and proofs folder.
fn user_dir(devnet: &Devnet, user: &str) -> PathBuf {
	let dir = devnet.dir.join(format!("user-{user}"));
	std::fs::create_dir_all(&dir).expect("a folder");
	dir
}

/// `polylink exit-proof` for `who`'s `token` on `chain` from the state in `dir`; returns the
/// proof file and its claim, with the command's wall time as `commandSeconds`.
fn exit_proof(
	devnet: &Devnet,
	dir: &Path,
	who: Address,
	token: u16,
	chain: u8,
) -> (PathBuf, Value) {
	let start = std::time::Instant::now();
	let out = dir.join(format!("exit-{token}-{chain}.json"));
	let state = dir.join("state.scale");
	let claim = cli_json(
		devnet,
		&[
			"exit-proof",
			"--chain",
			&chain.to_string(),
			"--token",
			&token.to_string(),
			"--account",
			&who.to_string(),
			"--state",
			state.to_str().expect("a path"),
			"--out",
			out.to_str().expect("a path"),
		],
	);
	let mut claim = claim;
	claim["commandSeconds"] = start.elapsed().as_secs_f64().into();
	(out, claim)
}

/// `polylink exodus` of a proof file on `chain`, sent by the submitter.
fn exodus(devnet: &Devnet, chain: u8, proof: &Path) -> Result<Value, String> {
	exodus_of(devnet, chain, &[proof.to_path_buf()])
}

/// `polylink exodus` of several proof files on `chain` (those of other chains are skipped), sent
/// by the submitter; the JSON of the one it submitted.
fn exodus_of(devnet: &Devnet, chain: u8, proofs: &[PathBuf]) -> Result<Value, String> {
	let url = devnet.l1_url(chain);
	let mut args = vec!["exodus", "--l1-rpc", &url, "--l1-key", SUBMITTER_KEY, "--json", "--proof"];
	args.extend(proofs.iter().map(|p| p.to_str().expect("a path")));
	polylink(&args).map(|out| serde_json::from_str(&out).expect("exodus JSON"))
}

/// `polylink exit-proof --all` of the account of `key` (from `--l1-key`) from the state in
/// `dir`, into `dir/all`: each proof file with its claim.
fn exit_proofs_of_all(devnet: &Devnet, dir: &Path, key: &str) -> Vec<(PathBuf, Value)> {
	let (state, out) = (dir.join("state.scale"), dir.join("all"));
	let claims = cli_json(
		devnet,
		&[
			"exit-proof",
			"--all",
			"--l1-key",
			key,
			"--state",
			state.to_str().expect("a path"),
			"--out",
			out.to_str().expect("a path"),
		],
	);
	let claims = claims.as_array().expect("exit-proof --all --json prints an array").clone();
	claims
		.into_iter()
		.map(|claim| {
			let file = PathBuf::from(claim["file"].as_str().expect("the proof's file"));
			assert!(file.starts_with(&out), "{} is in --out", file.display());
			(file, claim)
		})
		.collect()
}

/// A claim's token.
fn token_of(claim: &Value) -> u16 {
	claim["token"].as_u64().expect("a token") as u16
}

/// A claim's chain.
fn chain_of(claim: &Value) -> u8 {
	claim["chain"].as_u64().expect("a chain") as u8
}

/// A claim's amount (L2 units, decimal).
fn amount_of(claim: &Value) -> String {
	claim["amount"].as_str().expect("an amount").to_string()
}

/// One devnet at a time: the two cases run in one test binary, and two devnets on two cores
/// would slow each other's proofs past the waits.
static ONE_DEVNET: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A devnet whose contracts have [`EXPIRY_BLOCKS`] and [`GRACE_BLOCKS`].
fn short_deadlines(name: &str) -> Devnet {
	let (expiry, grace) = (EXPIRY_BLOCKS.to_string(), GRACE_BLOCKS.to_string());
	let env = [
		("POLYLINK_PRIORITY_EXPIRY_BLOCKS", expiry.as_str()),
		("POLYLINK_EXODUS_GRACE_BLOCKS", grace.as_str()),
	];
	let devnet = Devnet::start_with(name, Duration::from_secs(300), &env);
	let expiry_set: u64 = devnet.view(1, devnet.rollup(1), Rollup::priorityExpiryBlocksCall {});
	assert_eq!(expiry_set, EXPIRY_BLOCKS, "the deployment took the short deadline");
	devnet
}

/// `polylink deposit` of `amount` ETH on `chain` with `key`; waits for the L2 credit.
fn deposit(devnet: &Devnet, key: &str, amount: &str, chain: u8) {
	let (url, node, chain) = (devnet.l1_url(chain), devnet.node_url(), chain.to_string());
	let args = ["deposit", amount, "--chain", &chain, "--l1-key", key, "--l1-rpc", &url];
	cli(devnet, &[&args[..], &["--node", &node]].concat());
}

/// `polylink full-exit` of `account`'s ETH on chain 1, requested by `key` (token by id: it
/// works with the node down).
fn request_full_exit(devnet: &Devnet, key: &str, account: &str) {
	let (url, node) = (devnet.l1_url(1), devnet.node_url());
	let args = ["full-exit", "--token", "1", "--chain", "1", "--account", account];
	let more = ["--l1-key", key, "--l1-rpc", &url, "--node", &node];
	let requested = cli(devnet, &[&args[..], &more[..]].concat());
	assert!(requested.contains("requested the full exit"), "{requested}");
}

/// `polylink cancel-deposits` on both chains: C's 0.3 ETH deposit on chain 2 is refunded to C,
/// exactly; a deposit for `unreceivable` (0.1 ETH for a recipient that cannot take ETH), when
/// there is one, stays in its pending balance and the command goes on; A's full-exit request
/// on chain 1 is dropped; then nothing is outstanding.
fn outstanding_requests_are_cancelled(devnet: &Devnet, c: Address, unreceivable: Option<Address>) {
	let cancel = |chain: u8| {
		let url = devnet.l1_url(chain);
		cli(devnet, &["cancel-deposits", "--l1-rpc", &url, "--l1-key", SUBMITTER_KEY])
	};
	let c_before = devnet.eth_of(2, c);
	let cancelled = cancel(2);
	let deposits = 1 + usize::from(unreceivable.is_some());
	assert!(cancelled.contains(&format!("{deposits} of them deposits")), "{cancelled}");
	assert_eq!(devnet.eth_of(2, c) - c_before, units("0.3"), "C's deposit came back");
	if let Some(stuck) = unreceivable {
		assert!(cancelled.contains("stays in its pending balance"), "{cancelled}");
		let pending = Rollup::pendingBalanceCall { owner: stuck, tokenId: ETH };
		let pending: u128 = devnet.view(2, devnet.rollup(2), pending);
		assert_eq!(pending, units("0.1"), "the refund waits for its owner");
	}
	let dropped = cancel(1);
	assert!(dropped.contains("0 of them deposits"), "{dropped}");
	for chain in [1, 2] {
		let none = cancel(chain);
		assert!(none.contains("no priority request is outstanding"), "{none}");
	}
}

/// Activates exit mode on `chain` (its oldest request expired), through the CLI.
fn activate(devnet: &Devnet, chain: u8) {
	let url = devnet.l1_url(chain);
	let out = cli(devnet, &["activate-exit-mode", "--l1-rpc", &url, "--l1-key", SUBMITTER_KEY]);
	assert!(out.contains("exit mode is active"), "{out}");
	let on: bool = devnet.view(chain, devnet.rollup(chain), Rollup::exitModeCall {});
	assert!(on, "chain {chain} is in exit mode");
}

#[test]
fn users_leave_with_their_pro_rata_share_on_every_chain_once_the_appchain_is_gone() {
	let _alone = ONE_DEVNET.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	let mut devnet = short_deadlines("exit-mode");
	let (a, b, c) = (address_of(A_KEY), address_of(B_KEY), address_of(C_KEY));
	let submitter = address_of(SUBMITTER_KEY);

	// One relayer per chain instead of the devnet's, so chain 2's can stop on its own.
	devnet.stop("relayer");
	let relayer_1 = relayer(&devnet, "relayer-chain-1", &[1]);
	let mut relayer_2 = Some(relayer(&devnet, "relayer-chain-2", &[2]));

	// 1. Deposits on both chains (batch 1); B requests on chain 1 the full exit of A's account,
	//    which B does not own (batch 2: the deposits use 6 of batch 1's 8 chunks, a full exit
	//    takes 3). Both batches are proven on both chains, synced and executed on chain 1 only.
	deposit(&devnet, A_KEY, "1", 1);
	deposit(&devnet, B_KEY, "0.5", 2);
	let balances = |devnet: &Devnet, who: Address, token: u16| -> u128 {
		devnet.balance(&who.to_string(), token)
	};
	assert_eq!(balances(&devnet, a, ETH), units("1"));
	assert_eq!(balances(&devnet, b, ETH), units("0.5"));
	let a_account = devnet.node("polylink_account", json!([a.to_string()]))["id"].to_string();
	let url_1 = devnet.l1_url(1);
	let holds_1 = contract_holds(&devnet, 1, ETH);
	request_full_exit(&devnet, B_KEY, &a_account);
	let sealed = wait_for(Duration::from_secs(300), || {
		let heads = devnet.node("polylink_heads", json!([]));
		(heads["lastSealed"].as_u64() >= Some(2)).then_some(())
	});
	assert!(sealed.is_some(), "batches 1 and 2 were not sealed; {}", devnet.see());
	let batch_1 = devnet.node("polylink_batch", json!([1]));
	assert_eq!(batch_1["ops"], json!(2), "both deposits are in batch 1: {batch_1}");
	let batch_2 = devnet.node("polylink_batch", json!([2]));
	assert_eq!(batch_2["ops"], json!(1), "B's full-exit request is batch 2: {batch_2}");
	let proven_on_2 =
		wait_for(Duration::from_secs(600), || (devnet.totals(2)[1] >= 2).then_some(()));
	assert!(proven_on_2.is_some(), "chain 2 did not prove batch 2; {}", devnet.see());
	relayer_2.take();
	let executed_on_1 =
		wait_for(Duration::from_secs(300), || (devnet.totals(1)[3] >= 2).then_some(()));
	assert!(executed_on_1.is_some(), "chain 1 did not execute batch 2; {}", devnet.see());
	let totals_2 = devnet.totals(2);
	assert!(totals_2[1] == 2 && totals_2[2] < 2, "chain 2 proved batch 2, did not sync it");
	// The full exit of an account its requester does not own paid nothing, changed nothing,
	// and was processed (chain 1's queue is empty).
	for who in [a, b] {
		let pending: u128 = devnet.view(
			1,
			devnet.rollup(1),
			Rollup::pendingBalanceCall { owner: who, tokenId: ETH },
		);
		assert_eq!(pending, 0, "a non-owner's full exit credits nobody");
	}
	assert_eq!(balances(&devnet, a, ETH), units("1"), "A's L2 balance is untouched");
	assert_eq!(contract_holds(&devnet, 1, ETH), holds_1, "chain 1 paid nothing out");
	let first: u64 = devnet.view(1, devnet.rollup(1), Rollup::firstPriorityIdCall {});
	let next: u64 = devnet.view(1, devnet.rollup(1), Rollup::nextPriorityIdCall {});
	assert_eq!(first, next, "chain 1 executed B's request");
	let synced = devnet.totals(1)[2];
	assert_eq!(synced, 2, "chain 1 synced both batches");
	let root_1: alloy_primitives::B256 =
		devnet.view(1, devnet.rollup(1), Rollup::lastSyncedRootCall {});

	// What each user is owed: balance × reserve[c] / Σ reserve, from the appchain's last word.
	let claims = claims_of(&devnet, &[(a, "a"), (b, "b")]);
	assert_eq!(claims[0].4, 666_666_666_666_666_666, "A's ETH on chain 1: 1 × 1 / 1.5");
	let before = holdings(&devnet);

	// 2. The appchain stops; a full exit and a deposit are never processed.
	drop(relayer_1);
	devnet.stop("node");
	let url_2 = devnet.l1_url(2);
	request_full_exit(&devnet, A_KEY, &a_account);
	deposit_raw(&devnet, 2, c, units("0.3"));
	// A deposit whose L2 recipient cannot take ETH on L1 (the rollup contract itself: no
	// receive function), refunded into its pending balance on cancellation.
	let unreceivable = devnet.rollup(2);
	deposit_raw_to(&devnet, 2, c, unreceivable, units("0.1"));
	let refused = polylink(&["activate-exit-mode", "--l1-rpc", &url_2, "--l1-key", SUBMITTER_KEY])
		.expect_err("no request expired yet");
	assert!(refused.contains("NoExpiredPriorityRequest"), "{refused}");
	for chain in [1, 2] {
		mine(&devnet, chain, EXPIRY_BLOCKS + 1);
		activate(&devnet, chain);
	}
	let early = exodus_early(&devnet, &url_1);
	assert!(early.contains("exits open at block"), "{early}");

	// 3. The grace period: chain 1's sync certificate carried to chain 2.
	let carried = cli(
		&devnet,
		&["sync-carry", "--from-rpc", &url_1, "--l1-rpc", &url_2, "--l1-key", SUBMITTER_KEY],
	);
	assert!(carried.contains(&format!("batch {synced}")), "{carried}");
	let root_2: alloy_primitives::B256 =
		devnet.view(2, devnet.rollup(2), Rollup::lastSyncedRootCall {});
	assert_eq!(root_2, root_1, "both chains' exits are against one root");
	let again = cli(
		&devnet,
		&["sync-carry", "--from-rpc", &url_1, "--l1-rpc", &url_2, "--l1-key", SUBMITTER_KEY],
	);
	assert!(again.contains("already synced"), "{again}");
	for chain in [1, 2] {
		mine(&devnet, chain, GRACE_BLOCKS + 1);
	}

	// 4. Each user recovers the state and exits on both chains.
	let figures = everyone_exits(&devnet, &claims, synced, |proof| {
		tampered_proofs_are_refused(&devnet, proof, submitter);
	});

	// 5. Outstanding requests cancelled, C's deposit refunded, the unreceivable refund kept.
	outstanding_requests_are_cancelled(&devnet, c, Some(unreceivable));

	// What chain 2 still owes is the contract's own pendingBalance of the unreceivable refund.
	let mut owed = [0; HOLDINGS.len()];
	let pending = Rollup::pendingBalanceCall { owner: unreceivable, tokenId: ETH };
	owed[1] = devnet.view(2, devnet.rollup(2), pending);
	only_dust_is_left(&devnet, &claims, &before, &owed);
	let (prove_seconds, command_seconds, exodus_gas) = figures;
	println!("exit_prove_seconds: {prove_seconds:.2} s");
	println!("exit_proof_command_seconds: {command_seconds:.2} s");
	println!("gas_perform_exodus: {exodus_gas} gas");
}

/// A user's claim: (name, owner, token, chain, share in L2 units).
type Claim<'a> = (&'a str, Address, u16, u8, u128);

/// The tokens and chains whose holdings the tests follow.
const HOLDINGS: [(u16, u8); 4] = [(ETH, 1), (ETH, 2), (USDC, 1), (USDC, 2)];

/// Every user's ETH claim on both chains, `balance × reserve[c] / Σ reserve`, from the node's
/// state (which must be the last synced one).
fn claims_of<'a>(devnet: &Devnet, users: &[(Address, &'a str)]) -> Vec<Claim<'a>> {
	let reserve = |chain: u8| devnet.balance(&chain.to_string(), ETH);
	let total = reserve(1) + reserve(2);
	assert!(total > 0, "the chains hold ETH");
	users
		.iter()
		.flat_map(|&(who, name)| {
			let balance = devnet.balance(&who.to_string(), ETH);
			[1u8, 2].map(|chain| {
				let owed = U256::from(balance) * U256::from(reserve(chain)) / U256::from(total);
				(name, who, ETH, chain, owed.to())
			})
		})
		.collect()
}

/// What each contract holds of each followed token, in L2 units ([`HOLDINGS`] order).
fn holdings(devnet: &Devnet) -> Vec<u128> {
	HOLDINGS.iter().map(|&(token, chain)| contract_holds(devnet, chain, token)).collect()
}

/// Every chain holds only dust beside what it still `owes` to pending balances (per
/// [`HOLDINGS`] entry, deposited after `before`), and what it held `before` the exits went to
/// the claims.
fn only_dust_is_left(devnet: &Devnet, claims: &[Claim], before: &[u128], owes: &[u128]) {
	for (i, &(token, chain)) in HOLDINGS.iter().enumerate() {
		let left = contract_holds(devnet, chain, token);
		let unit = scale(devnet, chain, token);
		let paid: u128 = claims
			.iter()
			.filter(|cl| cl.2 == token && cl.3 == chain)
			.map(|cl| cl.4 / unit * unit)
			.sum();
		assert_eq!(
			left + paid,
			before[i] + owes[i],
			"token {token} on chain {chain}: nothing is lost"
		);
		assert!(left - owes[i] <= DUST * unit, "chain {chain} keeps {left} of {token}");
	}
}

/// Each user recovers the state from chain 1 (the DA chain) and exits with every claim: the
/// proof's amount is the share, the owner receives it once (a second exodus is refused by the
/// CLI and the contract). `first_proof` sees user a's chain-1 proof before it is submitted.
/// Returns the slowest proof, the slowest exit-proof command and the most gas an exodus took.
fn everyone_exits(
	devnet: &Devnet,
	claims: &[Claim],
	synced: u64,
	first_proof: impl Fn(&Path),
) -> (f64, f64, u128) {
	let url_1 = devnet.l1_url(1);
	let submitter = address_of(SUBMITTER_KEY);
	let (mut prove_seconds, mut command_seconds) = (0f64, 0f64);
	let mut exodus_gas = 0u128;
	for user in ["a", "b"] {
		let dir = user_dir(devnet, user);
		let state = dir.join("state.scale");
		let recovered = cli_json(
			devnet,
			&["recover", "--da-chain", &url_1, "--state", state.to_str().expect("a path")],
		);
		assert_eq!(recovered["batch"], json!(synced), "{recovered}");
	}
	// B proves every share at once with its own key (`--all`, the account from `--l1-key`) and
	// hands both files to each chain's `exodus`, which submits that chain's and skips the other.
	let b_proofs = exit_proofs_of_all(devnet, &user_dir(devnet, "b"), B_KEY);
	let mut b_shares: Vec<(u16, u8, String)> =
		b_proofs.iter().map(|(_, c)| (token_of(c), chain_of(c), amount_of(c))).collect();
	let mut b_owed: Vec<(u16, u8, String)> =
		claims.iter().filter(|c| c.0 == "b").map(|c| (c.2, c.3, c.4.to_string())).collect();
	b_shares.sort();
	b_owed.sort();
	assert_eq!(b_shares, b_owed, "exit-proof --all proves each of B's shares above zero");
	let b_files: Vec<PathBuf> = b_proofs.iter().map(|(file, _)| file.clone()).collect();
	for &(user, who, token, chain, owed) in claims {
		let dir = user_dir(devnet, user);
		let (proof, claim) = if user == "b" {
			b_proofs
				.iter()
				.find(|(_, c)| token_of(c) == token && chain_of(c) == chain)
				.cloned()
				.expect("B's proof of this claim")
		} else {
			exit_proof(devnet, &dir, who, token, chain)
		};
		assert_eq!(claim["amount"], json!(owed.to_string()), "{user}'s token {token} on {chain}");
		eprintln!(
			"{user}'s exit proof of token {token} on chain {chain}: proved in {} s (the command: {} \
			 s)",
			claim["proveSeconds"],
			if user == "b" { "--all".into() } else { claim["commandSeconds"].to_string() }
		);
		prove_seconds = prove_seconds.max(claim["proveSeconds"].as_f64().expect("a time"));
		if let Some(seconds) = claim["commandSeconds"].as_f64() {
			command_seconds = command_seconds.max(seconds);
		}
		if user == "a" && chain == 1 {
			first_proof(&proof);
		}
		let paid_before = held(devnet, chain, token, who);
		let submitted = if user == "b" { b_files.clone() } else { vec![proof.clone()] };
		let done = exodus_of(devnet, chain, &submitted)
			.unwrap_or_else(|e| panic!("{user}'s exodus of token {token} on {chain}: {e}"));
		let paid = owed / scale(devnet, chain, token);
		assert_eq!(done["paid"], json!(paid.to_string()), "{done}");
		assert_eq!(held(devnet, chain, token, who) - paid_before, paid, "{user} received it");
		let receipt =
			call(devnet.l1_port(chain), "eth_getTransactionReceipt", json!([done["exodusTx"]]))
				.expect("a receipt");
		exodus_gas = exodus_gas.max(quantity(&receipt["gasUsed"]));
		let twice = exodus_of(devnet, chain, &submitted).expect_err("a share is paid once");
		assert!(twice.contains("already paid"), "{twice}");
		let file: Value =
			serde_json::from_str(&std::fs::read_to_string(&proof).expect("the proof"))
				.expect("JSON");
		let call = perform_exodus_call(&file);
		let refused = simulate(devnet, chain, submitter, call.abi_encode())
			.expect_err("the contract pays a share once");
		assert!(refused.contains("ExodusAlreadyPaid"), "{refused}");
	}
	(prove_seconds, command_seconds, exodus_gas)
}

/// The second case: the appchain runs on but censors chain 1 (its node is restarted with
/// chain 1's endpoint unreachable, so no request made there is ever processed). A's full exit
/// there expires and chain 1 enters exit mode; chain 1 can no longer prove, so no later batch is
/// synced anywhere: C's deposit on chain 2, credited on L2 after the last synced batch, is never
/// executed and expires too. Both chains exit from the last synced root; C is refunded on L1.
#[test]
fn a_censored_full_exit_leads_every_chain_to_exit_mode_while_the_appchain_runs() {
	let _alone = ONE_DEVNET.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	let mut devnet = short_deadlines("censored");
	let (a, b, c) = (address_of(A_KEY), address_of(B_KEY), address_of(C_KEY));
	deposit(&devnet, A_KEY, "1", 1);
	deposit(&devnet, B_KEY, "0.5", 2);
	let executed = wait_for(Duration::from_secs(600), || {
		[1, 2].iter().all(|c| devnet.totals(*c) == [1; 4]).then_some(())
	});
	assert!(executed.is_some(), "batch 1 was not executed on both chains; {}", devnet.see());
	let claims = claims_of(&devnet, &[(a, "a"), (b, "b")]);
	let a_account = devnet.node("polylink_account", json!([a.to_string()]))["id"].to_string();

	// The node restarted blind to chain 1: the appchain runs, chain 1's requests go unseen.
	let args = devnet.stop("node");
	let seen = format!("1={}", devnet.l1_url(1));
	assert!(args.contains(&seen), "the node reads chain 1 at {seen}: {args:?}");
	let blind = format!("1=http://127.0.0.1:{}", polylink_e2e::free_port());
	let args: Vec<String> =
		args.into_iter().map(|arg| if arg == seen { blind.clone() } else { arg }).collect();
	devnet.start_part("node", &args);
	let answered =
		wait_for(Duration::from_secs(120), || call(devnet.rpc, "system_health", json!([])).ok());
	assert!(answered.is_some(), "the node did not come back; {}", devnet.see());
	let url_2 = devnet.l1_url(2);
	request_full_exit(&devnet, A_KEY, &a_account);
	deposit(&devnet, C_KEY, "0.3", 2);
	assert_eq!(devnet.balance(&c.to_string(), ETH), units("0.3"), "the appchain runs on");
	let before = holdings(&devnet);

	// Chain 1's deadline passes: exit mode there. Chain 2 syncs nothing more; its deadline passes.
	mine(&devnet, 1, EXPIRY_BLOCKS + 1);
	activate(&devnet, 1);
	assert_eq!(
		devnet.balance(&a.to_string(), ETH),
		units("1"),
		"A's full exit was never processed"
	);
	let refused = polylink(&["activate-exit-mode", "--l1-rpc", &url_2, "--l1-key", SUBMITTER_KEY])
		.expect_err("C's deposit has not expired yet");
	assert!(refused.contains("NoExpiredPriorityRequest"), "{refused}");
	mine(&devnet, 2, EXPIRY_BLOCKS + 1);
	activate(&devnet, 2);
	for chain in [1, 2] {
		assert_eq!(devnet.totals(chain)[2], 1, "chain {chain} synced nothing after batch 1");
		mine(&devnet, chain, GRACE_BLOCKS + 1);
	}

	// Everyone exits from batch 1's root; C's deposit and A's request are cancelled.
	everyone_exits(&devnet, &claims, 1, |_| {});
	outstanding_requests_are_cancelled(&devnet, c, None);
	let mut after_refund = before.clone();
	after_refund[1] -= units("0.3");
	only_dust_is_left(&devnet, &claims, &after_refund, &[0; HOLDINGS.len()]);
}

/// A deposit of `amount` wei from `from` on `chain`, sent straight to the contract (anvil's dev
/// accounts are unlocked): the appchain is down, the CLI would wait for a credit forever.
fn deposit_raw(devnet: &Devnet, chain: u8, from: Address, amount: u128) {
	deposit_raw_to(devnet, chain, from, from, amount);
}

/// [`deposit_raw`] for the L2 recipient `to`.
fn deposit_raw_to(devnet: &Devnet, chain: u8, from: Address, to: Address, amount: u128) {
	let rollup = devnet.rollup(chain);
	let fee: U256 = devnet.view(chain, rollup, Rollup::priorityRequestFeeCall {});
	let data = Rollup::depositETHCall { to }.abi_encode();
	let tx = json!({
		"from": from.to_string(),
		"to": rollup.to_string(),
		"value": format!("{:#x}", U256::from(amount) + fee),
		"data": format!("0x{}", hex::encode(data)),
	});
	let hash = call(devnet.l1_port(chain), "eth_sendTransaction", json!([tx])).expect("sent");
	let receipt = polylink_e2e::receipt(devnet.l1_port(chain), &hash, Duration::from_secs(30))
		.expect("the deposit is mined");
	assert_eq!(receipt["status"], json!("0x1"), "the deposit is accepted: {receipt}");
}

/// `polylink exodus` before exits open: refused, saying when they open.
fn exodus_early(devnet: &Devnet, url: &str) -> String {
	let file = devnet.dir.join("early.json");
	let claim = json!({
		"batch": 1, "root": format!("0x{}", "00".repeat(32)), "account": 5,
		"owner": format!("0x{}", "00".repeat(20)), "token": 1, "chain": 1, "amount": "1",
		"proof": format!("0x{}", "00".repeat(512)),
	});
	std::fs::write(&file, claim.to_string()).expect("a file");
	polylink(&[
		"exodus",
		"--proof",
		file.to_str().expect("a path"),
		"--l1-rpc",
		url,
		"--l1-key",
		SUBMITTER_KEY,
	])
	.expect_err("exits are not open yet")
}

/// The `performExodus` call a proof file makes.
fn perform_exodus_call(file: &Value) -> Rollup::performExodusCall {
	let proof = polylink_cli::exodus::ExitProof::from_json(file).expect("a proof file");
	Rollup::performExodusCall {
		accountId: proof.account,
		owner: Address::from(proof.owner),
		tokenId: proof.token,
		amount: proof.amount,
		proof: proof.proof.into(),
	}
}

/// A's genuine chain-1 proof with another amount, or another owner, is refused by the contract
/// (and by the CLI, which simulates first), and pays nothing.
fn tampered_proofs_are_refused(devnet: &Devnet, proof: &Path, submitter: Address) {
	let file: Value =
		serde_json::from_str(&std::fs::read_to_string(proof).expect("the proof")).expect("JSON");
	let genuine = perform_exodus_call(&file);
	let mut more = genuine.clone();
	more.amount += 1;
	let mut stolen = genuine.clone();
	stolen.owner = submitter;
	let mut bent = genuine.clone();
	let mut bytes = bent.proof.to_vec();
	bytes[100] ^= 1;
	bent.proof = bytes.into();
	for (what, call) in [("a larger amount", more), ("another owner", stolen)] {
		let refused = simulate(devnet, 1, submitter, call.abi_encode())
			.expect_err("the contract refuses a tampered claim");
		assert!(refused.contains("InvalidProof"), "{what}: {refused}");
	}
	let refused = simulate(devnet, 1, submitter, bent.abi_encode());
	assert!(refused.is_err(), "a proof with a point off the curve is refused");
	let mut more = file.clone();
	more["amount"] = json!((genuine.amount + 1).to_string());
	let path = proof.with_extension("tampered.json");
	std::fs::write(&path, more.to_string()).expect("a file");
	let refused = exodus(devnet, 1, &path).expect_err("the CLI's simulation refuses it");
	assert!(refused.contains("InvalidProof"), "{refused}");
}
