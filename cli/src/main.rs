//! `polylink`: builds and signs Polylink L2 transactions from an L1 key.
//!
//! ```sh
//! polylink address --l1-key $KEY
//! polylink sign change-pubkey --l1-key $KEY --account 0 --nonce 0 --fee 3000000000 \
//!     --evm-chain-id 31337 --contract 0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9
//! polylink sign transfer --l1-key $KEY --from 0 --to 0x22… --amount 1000 --fee 2000000000 --nonce 1
//! ```
//!
//! A signed transaction is printed as `0x` + its SCALE encoding, what the node's
//! `polylink_submitTx` takes; `polylink submit` sends it:
//!
//! ```sh
//! polylink submit --node http://127.0.0.1:9944 "$(polylink sign transfer …)"
//! ```

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use parity_scale_codec::{DecodeAll, Encode};
use polylink_cli::{Deposit, Node, TokenOnChain, Wallet, L1};
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	token::TokenId,
	tx::L2Tx,
};

/// Builds, signs and submits Polylink L2 transactions. The L2 key is derived from the L1 key (as
/// a wallet's signature of the Polylink key message would derive it); `sign` prints a signed
/// transaction, `submit` sends it to a node.
#[derive(Parser)]
#[command(name = "polylink", version)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Prints the L1 address and the L2 public-key hash of a key, as JSON.
	Address(KeyArg),
	/// Signs an L2 transaction and prints it (0x + SCALE).
	#[command(subcommand)]
	Sign(Sign),
	/// Submits a signed transaction to a node; prints its pool hash, or why the node refused it
	/// (e.g. "insufficient balance: the account holds 0.5 ETH, …") and exits with status 1.
	Submit {
		/// The signed transaction, as `sign` prints it (0x + SCALE).
		tx: String,
		/// The node's HTTP JSON-RPC endpoint.
		#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
		node: String,
	},
	/// Deposits ETH or an ERC-20 into the rollup on an L1 chain, for the key's own address or
	/// `--to` another, then waits until the appchain credited it on L2 (the oracles vote once
	/// the L1 block has its confirmations). Pays the contract's priority fee on top; an ERC-20
	/// deposit first approves the rollup when its allowance is short. Progress goes to stderr,
	/// the result to stdout.
	Deposit(DepositArgs),
	/// Pays out a pending balance on an L1 chain: what executed withdrawals and full exits
	/// credited to an owner there (anyone may pay it; it always goes to the owner).
	WithdrawPending {
		/// The token: its symbol (ETH, USDC) or id.
		#[arg(long, default_value = "ETH")]
		token: String,
		/// The chain index.
		#[arg(long, default_value_t = 1)]
		chain: u8,
		/// The owner of the pending balance (default: the key's own address).
		#[arg(long)]
		owner: Option<String>,
		#[command(flatten)]
		l1: L1Args,
	},
	/// Prints where a batch stands: sealed, proven and certified on the appchain, proven and
	/// executed on every chain (the last sealed batch when none is named).
	Status {
		/// The batch number.
		batch: Option<u64>,
		/// The node's HTTP JSON-RPC endpoint.
		#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
		node: String,
		/// Print the status as JSON (for scripts).
		#[arg(long)]
		json: bool,
	},
	/// Prints an account's L2 balances in each token's units (`1.5 ETH`), one per line;
	/// nothing for an account that does not exist.
	Balance {
		/// The account: its owner's L1 address (0x + 40 hex) or its L2 id (decimal).
		who: String,
		/// The node's HTTP JSON-RPC endpoint.
		#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
		node: String,
	},
}

/// The L1 key.
#[derive(Args)]
struct KeyArg {
	/// The L1 secp256k1 secret key, 32 bytes of hex.
	#[arg(long, env = "POLYLINK_L1_KEY", hide_env_values = true)]
	l1_key: String,
}

/// `polylink deposit`.
#[derive(Args)]
struct DepositArgs {
	/// The amount in the token's units, e.g. 1.5.
	amount: String,
	/// The token: its symbol (ETH, USDC) or id.
	#[arg(long, default_value = "ETH")]
	token: String,
	/// The chain index to deposit on.
	#[arg(long, default_value_t = 1)]
	chain: u8,
	/// The L1 address credited on L2 (default: the key's own).
	#[arg(long)]
	to: Option<String>,
	#[command(flatten)]
	l1: L1Args,
	/// Return once the L1 transaction is mined, without waiting for the L2 credit.
	#[arg(long)]
	no_wait: bool,
	/// How long to wait for the L2 credit, in seconds.
	#[arg(long, default_value_t = 600)]
	wait: u64,
	/// Print the result as JSON (for scripts).
	#[arg(long)]
	json: bool,
}

/// An L1 chain's endpoint with the user's key, and the node (for the deployment's registry).
#[derive(Args)]
struct L1Args {
	#[command(flatten)]
	key: KeyArg,
	/// The chain's JSON-RPC endpoint.
	#[arg(long, env = "POLYLINK_L1_RPC", default_value = "http://127.0.0.1:8545")]
	l1_rpc: String,
	/// The node's HTTP JSON-RPC endpoint.
	#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
	node: String,
}

/// What moves.
#[derive(Args)]
struct AmountArgs {
	/// The token.
	#[arg(long, default_value_t = 1)]
	token: u16,
	/// The amount, in L2 units (packable).
	#[arg(long)]
	amount: u128,
}

/// A fee.
#[derive(Args)]
struct FeeArgs {
	/// The fee, in L2 units of the fee token (at least the per-chunk minimum times the op's
	/// chunks; packable).
	#[arg(long)]
	fee: u128,
	/// The token the fee is paid in.
	#[arg(long, default_value_t = 1)]
	fee_token: u16,
	/// The account's next nonce (`polylink_nonce`).
	#[arg(long)]
	nonce: u32,
}

#[derive(Subcommand)]
enum Sign {
	/// Binds the key's L2 key to an account, authorised by the L1 key (EIP-712).
	ChangePubkey {
		#[command(flatten)]
		key: KeyArg,
		/// The account id (`polylink_account`).
		#[arg(long)]
		account: u32,
		/// The chain index whose contract checks the authorisation.
		#[arg(long, default_value_t = 1)]
		chain: u8,
		/// That chain's EVM chain id (the EIP-712 domain).
		#[arg(long)]
		evm_chain_id: u64,
		/// That chain's rollup contract (the EIP-712 domain).
		#[arg(long)]
		contract: String,
		#[command(flatten)]
		fee: FeeArgs,
	},
	/// Transfers to an L1 address's L2 account (opened when new).
	Transfer {
		#[command(flatten)]
		key: KeyArg,
		/// The sending account id.
		#[arg(long)]
		from: u32,
		/// The recipient's L1 address.
		#[arg(long)]
		to: String,
		#[command(flatten)]
		amount: AmountArgs,
		#[command(flatten)]
		fee: FeeArgs,
	},
	/// Withdraws to an L1 address on a chain.
	Withdraw {
		#[command(flatten)]
		key: KeyArg,
		/// The account id.
		#[arg(long)]
		account: u32,
		/// The chain index that pays out.
		#[arg(long, default_value_t = 1)]
		chain: u8,
		/// The L1 recipient.
		#[arg(long)]
		to: String,
		#[command(flatten)]
		amount: AmountArgs,
		#[command(flatten)]
		fee: FeeArgs,
	},
}

/// Parses a 0x-prefixed 20-byte address.
fn address(text: &str) -> Result<L1Address> {
	let bytes = hex::decode(text.trim_start_matches("0x")).context("an address is hex")?;
	let bytes: [u8; 20] =
		bytes.try_into().map_err(|_| anyhow::anyhow!("an address is 20 bytes: {text}"))?;
	Ok(L1Address(bytes))
}

/// Parses a chain index.
fn chain(index: u8) -> Result<ChainId> {
	ChainId::new(index).with_context(|| format!("chain index {index} is out of range"))
}

fn wallet(key: &KeyArg) -> Result<Wallet> {
	Ok(Wallet::from_hex(&key.l1_key)?)
}

fn main() -> std::process::ExitCode {
	match run(Cli::parse()) {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(e) => {
			// The causes on one line, without a backtrace: the messages say what to do.
			eprintln!("error: {e:#}");
			std::process::ExitCode::FAILURE
		}
	}
}

fn run(cli: Cli) -> Result<()> {
	let tx = match cli.command {
		Command::Address(key) => {
			let wallet = wallet(&key)?;
			println!(
				"{{\"l1Address\":\"0x{}\",\"pubkeyHash\":\"0x{}\"}}",
				hex::encode(wallet.address().0),
				hex::encode(wallet.pubkey_hash().0)
			);
			return Ok(());
		}
		Command::Deposit(args) => return deposit(args),
		Command::WithdrawPending { token, chain, owner, l1 } => {
			return withdraw_pending(&token, chain, owner.as_deref(), &l1);
		}
		Command::Status { batch, node, json } => {
			let node = Node::new(&node)?;
			let (sealed, proven) = node.heads()?;
			let batch = batch.unwrap_or(sealed);
			anyhow::ensure!(batch > 0, "no batch is sealed yet");
			let status = node.batch_status(batch)?;
			if json {
				println!("{status}");
			} else {
				println!("{}", describe_status(&status, sealed, proven));
			}
			return Ok(());
		}
		Command::Balance { who, node } => {
			for (_, display) in Node::new(&node)?.balances(&who)? {
				println!("{display}");
			}
			return Ok(());
		}
		Command::Submit { tx, node } => {
			let bytes = hex::decode(tx.trim().trim_start_matches("0x"))
				.context("the transaction is 0x and hex, as `polylink sign` prints it")?;
			let tx = L2Tx::decode_all(&mut &bytes[..]).map_err(|_| {
				anyhow::anyhow!(
					"that is not a signed L2 transaction: sign one with `polylink sign`"
				)
			})?;
			println!("{}", Node::new(&node)?.submit(&tx)?);
			return Ok(());
		}
		Command::Sign(Sign::ChangePubkey {
			key,
			account,
			chain: index,
			evm_chain_id,
			contract,
			fee,
		}) => {
			let info = ChainInfo { evm_chain_id, contract: address(&contract)? };
			wallet(&key)?.change_pubkey(
				AccountId(account),
				chain(index)?,
				&info,
				TokenId(fee.fee_token),
				fee.fee,
				fee.nonce,
			)
		}
		Command::Sign(Sign::Transfer { key, from, to, amount, fee }) => wallet(&key)?.transfer(
			AccountId(from),
			address(&to)?,
			TokenId(amount.token),
			amount.amount,
			TokenId(fee.fee_token),
			fee.fee,
			fee.nonce,
		),
		Command::Sign(Sign::Withdraw { key, account, chain: index, to, amount, fee }) => {
			wallet(&key)?.withdraw(
				AccountId(account),
				chain(index)?,
				address(&to)?,
				TokenId(amount.token),
				amount.amount,
				TokenId(fee.fee_token),
				fee.fee,
				fee.nonce,
			)
		}
	};
	println!("0x{}", hex::encode(tx.encode()));
	Ok(())
}

/// `polylink deposit`: plans the deposit from the registry, sends it, waits for the credit.
fn deposit(args: DepositArgs) -> Result<()> {
	use alloy_primitives::{aliases::U104, Address, U256};
	use polylink_l1_bindings::{Rollup, IERC20};
	let node = Node::new(&args.l1.node)?;
	let registry = node.registry()?;
	let plan = Deposit::plan(&registry, args.chain, &args.token, &args.amount)
		.map_err(anyhow::Error::msg)?;
	let l1 = L1::new(&args.l1.l1_rpc, &args.l1.key.l1_key)?;
	let evm = l1.chain_id()?;
	anyhow::ensure!(
		evm == plan.info.evm_chain_id,
		"the L1 endpoint {} serves EVM chain {evm}, but chain {} of this deployment is EVM chain \
		 {}: pass its endpoint with --l1-rpc",
		args.l1.l1_rpc,
		args.chain,
		plan.info.evm_chain_id
	);
	let to = match &args.to {
		Some(to) => Address::from(address(to)?.0),
		None => l1.sender(),
	};
	let who = format!("0x{}", hex::encode(to.as_slice()));
	let rollup = Address::from(plan.info.contract.0);
	let fee = l1.view(rollup, Rollup::priorityRequestFeeCall {})?;
	let on_l1 = l1.view(rollup, Rollup::tokensCall { tokenId: plan.token.0 })?;
	anyhow::ensure!(
		on_l1.registered && Address::from(plan.address.0) == on_l1.addr,
		"{} is not registered at {} in chain {}'s rollup contract, as the appchain says: is \
		 --l1-rpc the deployment's chain?",
		registry.name(plan.token),
		on_l1.addr,
		args.chain
	);
	if plan.amount < on_l1.minDeposit {
		let minimum = registry
			.to_l2_amount(plan.token, plan.chain, on_l1.minDeposit)
			.map_err(|e| anyhow::anyhow!("the contract's minimum deposit: {e:?}"))?;
		anyhow::bail!(
			"the smallest deposit of {} on chain {} is {}",
			registry.name(plan.token),
			args.chain,
			registry.units(plan.token, minimum)
		);
	}
	let before = node.amount(&who, plan.token.0)?;
	let shown = registry.units(plan.token, plan.credit).to_string();
	let progress = |line: String| {
		if !args.json {
			eprintln!("{line}");
		}
	};
	progress(format!("depositing {shown} on chain {} for {who}", args.chain));
	let tx = if plan.is_native() {
		let value = U256::from(plan.amount) + fee;
		l1.send("depositETH", rollup, Rollup::depositETHCall { to }, value)?
	} else {
		let token = Address::from(plan.address.0);
		let amount = U256::from(plan.amount);
		let allowance =
			l1.view(token, IERC20::allowanceCall { owner: l1.sender(), spender: rollup })?;
		if allowance < amount {
			progress("approving the rollup to take it".into());
			let approve = IERC20::approveCall { spender: rollup, amount };
			l1.send("approve", token, approve, U256::ZERO)?;
		}
		let amount = U104::try_from(plan.amount)
			.map_err(|_| anyhow::anyhow!("the amount is beyond what depositERC20 takes"))?;
		l1.send("depositERC20", rollup, Rollup::depositERC20Call { token, amount, to }, fee)?
	};
	progress(format!("mined on L1 in {tx}"));
	let mut credited = None;
	if !args.no_wait {
		progress("waiting for the appchain to credit it on L2".into());
		let deadline = std::time::Instant::now() + std::time::Duration::from_secs(args.wait);
		while credited.is_none() {
			let now = node.amount(&who, plan.token.0)?;
			if now >= before.saturating_add(plan.credit) {
				credited = Some(now);
			} else if std::time::Instant::now() > deadline {
				anyhow::bail!(
					"the deposit ({tx}) was not credited on L2 within {} s: is the node's oracle \
					 (--l1) watching chain {}? It is safe on L1 either way",
					args.wait,
					args.chain
				);
			} else {
				std::thread::sleep(std::time::Duration::from_millis(500));
			}
		}
	}
	let balance = credited.map(|b| registry.units(plan.token, b).to_string());
	if args.json {
		println!(
			"{}",
			serde_json::json!({
				"l1Tx": tx.to_string(),
				"chain": args.chain,
				"to": who,
				"token": plan.token.0,
				"amount": plan.credit.to_string(),
				"display": shown,
				"credited": credited.is_some(),
				"balance": balance,
			})
		);
	} else if let Some(balance) = balance {
		println!("credited {shown} to {who} on L2; it now holds {balance}");
	} else {
		println!("deposited {shown} for {who}: {tx} (not waiting for the L2 credit)");
	}
	Ok(())
}

/// A batch's status in words: its appchain stages, then one line per chain.
fn describe_status(status: &serde_json::Value, last_sealed: u64, last_proven: u64) -> String {
	let flag = |key: &str| status[key] == serde_json::json!(true);
	let batch = status["batch"].as_u64().unwrap_or_default();
	if !flag("sealed") {
		return format!("batch {batch} is not sealed yet (the last sealed batch is {last_sealed})");
	}
	let mut stages = vec!["sealed"];
	stages.push(if flag("proven") { "proven on the appchain" } else { "waiting for its proof" });
	if flag("commitCertified") {
		stages.push("commit certified");
	}
	if flag("synced") {
		stages.push("sync certified");
	}
	let mut lines =
		vec![format!("batch {batch}: {} (last proven: {last_proven})", stages.join(", "))];
	for chain in status["chains"].as_array().into_iter().flatten() {
		let index = chain["chain"].as_u64().unwrap_or_default();
		let on = if chain["executed"] == serde_json::json!(true) {
			"proven and executed"
		} else if chain["proven"] == serde_json::json!(true) {
			"proven, not executed yet"
		} else {
			"not proven yet"
		};
		lines.push(format!("  chain {index}: {on}"));
	}
	lines.join("\n")
}

/// `polylink withdraw-pending`: pays out the owner's whole pending balance of a token.
fn withdraw_pending(token: &str, chain: u8, owner: Option<&str>, args: &L1Args) -> Result<()> {
	use alloy_primitives::{Address, U256};
	use polylink_l1_bindings::Rollup;
	let registry = Node::new(&args.node)?.registry()?;
	let plan = TokenOnChain::find(&registry, chain, token).map_err(anyhow::Error::msg)?;
	let l1 = L1::new(&args.l1_rpc, &args.key.l1_key)?;
	let owner = match owner {
		Some(owner) => Address::from(address(owner)?.0),
		None => l1.sender(),
	};
	let rollup = Address::from(plan.info.contract.0);
	let pending = l1.view(rollup, Rollup::pendingBalanceCall { owner, tokenId: plan.token.0 })?;
	let name = registry.name(plan.token);
	anyhow::ensure!(
		pending > 0,
		"{owner} has no pending {name} on chain {chain}: withdrawals are pending once their batch \
		 is executed there (polylink status)"
	);
	let call = Rollup::withdrawPendingBalanceCall { owner, tokenId: plan.token.0, amount: pending };
	let tx = l1.send("withdrawPendingBalance", rollup, call, U256::ZERO)?;
	let shown = registry
		.to_l2_amount(plan.token, plan.chain, pending)
		.map(|amount| registry.units(plan.token, amount).to_string())
		.unwrap_or_else(|_| format!("{pending} (in the token's decimals) of {name}"));
	println!("paid {shown} to {owner} on chain {chain}: {tx}");
	Ok(())
}
