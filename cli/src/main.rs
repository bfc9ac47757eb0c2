//! `polylink`: a Polylink wallet on the command line, from an L1 key: deposits on any chain,
//! L2 transfers and withdrawals to any chain in the token's units, full exits, balances, batch
//! status and pending payouts.
//!
//! ```sh
//! polylink deposit 1 --l1-key $KEY --l1-rpc http://127.0.0.1:8545
//! polylink set-key --l1-key $KEY
//! polylink transfer 0.1 --to 0x22… --l1-key $KEY
//! polylink withdraw 0.25 --to-chain 2 --l1-key $KEY
//! polylink withdraw-pending --chain 2 --l1-key $KEY --l1-rpc http://127.0.0.1:8546
//! ```
//!
//! The low-level commands print signed transactions without sending them:
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

/// A Polylink wallet: deposits on any L1 chain of the deployment, L2 transfers and withdrawals
/// to any chain (amounts in the token's units, the least fee by default), full exits, balances,
/// batch status and pending payouts. The L2 key is derived from the L1 key (as a wallet's
/// signature of the Polylink key message would derive it); `set-key` binds it to the account
/// once. `sign` prints a signed transaction in L2 units without sending it, `submit` sends one.
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
	/// Prints the L2 key an L1 key derives, or the one a wallet's signature of the Polylink key
	/// message derives (`--signature`, for keys held by a hardware or browser wallet): its
	/// public key and the hash `set-key` binds to the account.
	Keys(KeysArgs),
	/// Prints an L2 account: id, owner, whether its L2 key is set, next nonce, balances.
	Account {
		/// The account: its owner's L1 address (0x + 40 hex) or its L2 id (decimal).
		who: String,
		/// The node's HTTP JSON-RPC endpoint.
		#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
		node: String,
		/// Print the account as the node reports it, JSON.
		#[arg(long)]
		json: bool,
	},
	/// Binds the key's L2 key to its L2 account, authorised by the L1 key (EIP-712 for chain
	/// `--chain`'s contract): once, before the account's first transfer or withdrawal.
	SetKey {
		/// The chain whose contract checks the authorisation.
		#[arg(long, default_value_t = 1)]
		chain: u8,
		#[command(flatten)]
		l2: L2Args,
	},
	/// Transfers on L2 to an L1 address's account (opened when it has none; that costs two
	/// chunks' fee instead of one). Waits until the appchain sequenced it.
	Transfer {
		/// The amount in the token's units, e.g. 0.1.
		amount: String,
		/// The recipient's L1 address.
		#[arg(long)]
		to: String,
		/// The token: its symbol (ETH) or id.
		#[arg(long, default_value = "ETH")]
		token: String,
		#[command(flatten)]
		l2: L2Args,
	},
	/// Withdraws from L2 to an L1 address on a chain; the chain's contract pays it once the
	/// batch is executed there (then `withdraw-pending`). A chain pays out at most what it
	/// holds: a larger withdrawal is refused (withdraw the rest on another chain).
	Withdraw {
		/// The amount in the token's units, e.g. 0.25.
		amount: String,
		/// The chain index that pays out.
		#[arg(long)]
		to_chain: u8,
		/// The L1 recipient (default: the key's own address).
		#[arg(long)]
		to: Option<String>,
		/// The token: its symbol (ETH) or id.
		#[arg(long, default_value = "ETH")]
		token: String,
		#[command(flatten)]
		l2: L2Args,
	},
	/// Rebuilds the whole L2 state from the DA chain's commit calldata alone (no appchain
	/// needed): every batch the contract synced, replayed in order and checked against the
	/// commitment the contract recorded and, at the end, its last synced root. Saves the state
	/// (`--state`) as it goes, so a later run continues; progress goes to stderr.
	Recover {
		/// The DA chain's JSON-RPC endpoint (it must serve old transactions: an archive node).
		#[arg(long, env = "POLYLINK_DA_RPC")]
		da_chain: String,
		/// Stop after this batch instead of the DA chain's last synced one: the state for exits
		/// on a chain that synced less (each chain's exits are against the root it synced
		/// last). Use a separate --state file for it.
		#[arg(long)]
		until: Option<u64>,
		#[command(flatten)]
		state: StateArgs,
		/// Print the recovered accounts as JSON (for scripts).
		#[arg(long)]
		json: bool,
	},
	/// Requests on L1 that the account's whole balance of a token be withdrawn on that chain (a
	/// priority request the appchain must process before its deadline, or the contract enters
	/// exit mode); pays the contract's priority fee. Works without the appchain's cooperation.
	FullExit {
		/// The token: its symbol (ETH, USDC) or id.
		#[arg(long, default_value = "ETH")]
		token: String,
		/// The chain index to exit on.
		#[arg(long, default_value_t = 1)]
		chain: u8,
		/// The L2 account id (default: looked up on the node by the key's address).
		#[arg(long)]
		account: Option<u32>,
		/// The chain's rollup contract, used when the node does not answer (with --account; the
		/// token by id, or by symbol from the contract's registrations) [default: the devnet's].
		#[arg(long, default_value = DEVNET_CONTRACT)]
		contract: String,
		#[command(flatten)]
		l1: L1Args,
	},
	/// Exit mode: proves an account's share of a token on one chain, `balance × reserve[chain] /
	/// Σ reserve` (DESIGN §6), against the state `polylink recover` saved (the root after the
	/// last batch the DA chain synced); with --all, every share above zero (each token the
	/// account holds, on each chain). Needs no endpoint; writes each proof as JSON for `exodus`.
	ExitProof {
		/// The chain index whose share is proven (one proof per chain, each paid there).
		#[arg(long, required_unless_present = "all", conflicts_with = "all")]
		chain: Option<u8>,
		/// The token id (ETH is 1).
		#[arg(long, default_value_t = 1)]
		token: u16,
		/// Every share of the account above zero: each token it holds on each chain, one file
		/// each (named as below, in --out's folder).
		#[arg(long)]
		all: bool,
		/// The account: its owner's L1 address (0x + 40 hex) or its L2 id [default: the
		/// address of --l1-key].
		#[arg(long)]
		account: Option<String>,
		/// The owner's L1 key (hex): its address is the account when --account is not given.
		#[arg(long, env = "POLYLINK_L1_KEY", hide_env_values = true)]
		l1_key: Option<String>,
		#[command(flatten)]
		state: StateArgs,
		/// Where to write the proof (default: exit-<account>-<token>-<chain>.json); with --all,
		/// the folder for the files (default: the current one).
		#[arg(long)]
		out: Option<std::path::PathBuf>,
		/// The exit circuit's parameters: a ceremony's `exit-<shape>.params`, else the insecure
		/// dev parameters (derived on first use) [default: $POLYLINK_PARAMS_DIR or
		/// ~/.cache/polylink/params].
		#[arg(long)]
		params_dir: Option<std::path::PathBuf>,
		/// Print the proof's claim as JSON (for scripts; with --all, an array).
		#[arg(long)]
		json: bool,
	},
	/// Exit mode: submits exit proofs to their chain's contract (`performExodus`) once exits are
	/// open, then pays each owner's pending balance of the token out. Anyone may submit them;
	/// each share always goes to the account's owner, once. Proofs for other chains are skipped
	/// (submit them to their chain).
	Exodus {
		/// The proof files `polylink exit-proof` wrote (one or more, e.g. exit-*.json).
		#[arg(long, required = true, num_args = 1..)]
		proof: Vec<std::path::PathBuf>,
		#[command(flatten)]
		l1: ExitL1Args,
		/// Print the results as JSON (for scripts; one line per proof submitted).
		#[arg(long)]
		json: bool,
	},
	/// Switches a chain into exit mode: anyone may once its oldest unprocessed priority request
	/// (a deposit or a full exit) passed its deadline. Exits open after the grace period.
	ActivateExitMode {
		#[command(flatten)]
		l1: ExitL1Args,
	},
	/// Exit mode: cancels the priority requests no synced batch processed and refunds their
	/// deposits: credited back to each recipient's pending balance and paid out to them.
	CancelDeposits {
		#[command(flatten)]
		l1: ExitL1Args,
	},
	/// Carries the newest sync certificate one chain received (from its `syncBatches` calldata)
	/// to another chain that proved the batches but did not get it: in exit mode's grace period,
	/// this makes every chain's exits start from the same root.
	SyncCarry {
		/// The JSON-RPC endpoint of the chain that has the certificate.
		#[arg(long)]
		from_rpc: String,
		/// Its rollup contract.
		#[arg(long, default_value = DEVNET_CONTRACT)]
		from_contract: String,
		#[command(flatten)]
		to: ExitL1Args,
	},
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
		#[arg(conflicts_with = "tx")]
		batch: Option<u64>,
		/// A transaction instead, as `<account>:<nonce>` (the account by its 0x address or
		/// id): the batch that holds it.
		#[arg(long)]
		tx: Option<String>,
		/// The node's HTTP JSON-RPC endpoint.
		#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
		node: String,
		/// Print the status as JSON (for scripts; with --follow, one object per line).
		#[arg(long)]
		json: bool,
		/// Follow the batch until every chain executed it, printing its status again whenever a
		/// stage is reached (it waits for its proof first: minutes on a small machine).
		#[arg(long)]
		follow: bool,
		/// With --follow, give up after this many seconds.
		#[arg(long, default_value_t = 1800)]
		wait: u64,
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

/// The devnet's rollup contract (the same address on every chain of the devnet).
const DEVNET_CONTRACT: &str = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9";

/// Where `polylink recover` keeps the state it rebuilt.
#[derive(Args)]
struct StateArgs {
	/// The rollup contract on the DA chain (default: the devnet's).
	#[arg(long, default_value = DEVNET_CONTRACT)]
	contract: String,
	/// The recovered state file (default: ~/.polylink/state-<contract>.scale).
	#[arg(long)]
	state: Option<std::path::PathBuf>,
}

impl StateArgs {
	/// The state file.
	fn path(&self) -> Result<std::path::PathBuf> {
		if let Some(path) = &self.state {
			return Ok(path.clone());
		}
		let contract = address(&self.contract)?;
		Ok(std::path::PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?)
			.join(".polylink")
			.join(format!("state-0x{}.scale", hex::encode(contract.0))))
	}
}

/// A chain's endpoint and rollup contract with the user's key, for exit mode (no node).
#[derive(Args)]
struct ExitL1Args {
	#[command(flatten)]
	key: KeyArg,
	/// The chain's JSON-RPC endpoint.
	#[arg(long, env = "POLYLINK_L1_RPC", default_value = "http://127.0.0.1:8545")]
	l1_rpc: String,
	/// The chain's rollup contract (default: the devnet's).
	#[arg(long, default_value = DEVNET_CONTRACT)]
	contract: String,
}

impl ExitL1Args {
	/// The endpoint with the key, and the contract.
	fn connect(&self) -> Result<(L1, alloy_primitives::Address)> {
		let l1 = L1::new(&self.l1_rpc, &self.key.l1_key)?;
		Ok((l1, alloy_primitives::Address::from(address(&self.contract)?.0)))
	}
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

/// `polylink keys`.
#[derive(Args)]
struct KeysArgs {
	/// The L1 secp256k1 secret key, 32 bytes of hex.
	#[arg(long, env = "POLYLINK_L1_KEY", hide_env_values = true, conflicts_with = "signature")]
	l1_key: Option<String>,
	/// Instead of the L1 key: a wallet's signature (65 bytes of hex) of the Polylink key
	/// message, `personal_sign` of the text `polylink keys` prints.
	#[arg(long)]
	signature: Option<String>,
}

/// An L2 transaction's key, fee and node.
#[derive(Args)]
struct L2Args {
	#[command(flatten)]
	key: KeyArg,
	/// The token the fee is paid in: its symbol or id.
	#[arg(long, default_value = "ETH")]
	fee_token: String,
	/// The fee in the fee token's units (default: the least the appchain takes).
	#[arg(long)]
	fee: Option<String>,
	/// The nonce (default: the account's next, as the node's state has it; name one to queue
	/// several transactions before the first is sequenced).
	#[arg(long)]
	nonce: Option<u32>,
	/// The node's HTTP JSON-RPC endpoint.
	#[arg(long, env = "POLYLINK_NODE", default_value = "http://127.0.0.1:9944")]
	node: String,
	/// Return once the node accepted it, without waiting for it to be sequenced.
	#[arg(long)]
	no_wait: bool,
	/// Print the result as JSON (for scripts).
	#[arg(long)]
	json: bool,
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
		Command::Keys(args) => return keys(&args),
		Command::Account { who, node, json } => return account(&who, &node, json),
		Command::SetKey { chain: index, l2 } => {
			let node = Node::new(&l2.node)?;
			let registry = node.registry()?;
			let id = chain(index)?;
			let info = registry
				.chains
				.get(&id)
				.cloned()
				.with_context(|| format!("chain {index} is not a chain of this deployment"))?;
			let wallet = wallet(&l2.key)?;
			let mine = format!("0x{}", hex::encode(wallet.pubkey_hash().0));
			let account = node.account(&format!("0x{}", hex::encode(wallet.address().0)))?;
			if account.as_ref().is_some_and(|a| a["pubkeyHash"] == serde_json::json!(mine)) {
				println!("the account's L2 key is already {mine}");
				return Ok(());
			}
			let op = polylink_cli::l2::kind::CHANGE_PUBKEY;
			return send_l2(&node, &registry, &wallet, &l2, op, |account, token, fee, nonce| {
				let tx = wallet.change_pubkey(account, id, &info, token, fee, nonce);
				(tx, format!("set the L2 key {mine}"))
			});
		}
		Command::Transfer { amount, to, token, l2 } => {
			let node = Node::new(&l2.node)?;
			let registry = node.registry()?;
			let token = find_token(&registry, &token)?;
			let value =
				polylink_cli::l2::amount(&registry, token, &amount).map_err(anyhow::Error::msg)?;
			let recipient = address(&to)?;
			let op = if node.account(&to)?.is_some() {
				polylink_cli::l2::kind::TRANSFER
			} else {
				polylink_cli::l2::kind::TRANSFER_TO_NEW
			};
			let wallet = wallet(&l2.key)?;
			let what = format!("transferred {} to {to}", registry.units(token, value));
			return send_l2(
				&node,
				&registry,
				&wallet,
				&l2,
				op,
				|account, fee_token, fee, nonce| {
					(
						wallet.transfer(account, recipient, token, value, fee_token, fee, nonce),
						what.clone(),
					)
				},
			);
		}
		Command::Withdraw { amount, to_chain, to, token, l2 } => {
			let node = Node::new(&l2.node)?;
			let registry = node.registry()?;
			let token = find_token(&registry, &token)?;
			let id = chain(to_chain)?;
			anyhow::ensure!(
				registry.token_on_chain(token, id).is_ok(),
				"{} is not registered on chain {to_chain}: withdraw it to a chain that has it",
				registry.name(token)
			);
			let value =
				polylink_cli::l2::amount(&registry, token, &amount).map_err(anyhow::Error::msg)?;
			let wallet = wallet(&l2.key)?;
			let recipient = match &to {
				Some(to) => address(to)?,
				None => wallet.address(),
			};
			let what = format!(
				"withdrew {} to 0x{} on chain {to_chain} (paid once its batch is executed there)",
				registry.units(token, value),
				hex::encode(recipient.0)
			);
			let op = polylink_cli::l2::kind::WITHDRAW;
			return send_l2(
				&node,
				&registry,
				&wallet,
				&l2,
				op,
				|account, fee_token, fee, nonce| {
					let tx = wallet
						.withdraw(account, id, recipient, token, value, fee_token, fee, nonce);
					(tx, what.clone())
				},
			);
		}
		Command::Recover { da_chain, until, state, json } => {
			return recover(&da_chain, until, &state, json)
		}
		Command::ExitProof {
			chain,
			token,
			// --chain is required unless --all is given, and conflicts with it.
			all: _,
			account,
			l1_key,
			state,
			out,
			params_dir,
			json,
		} => {
			let who = ExitWho { account, l1_key };
			let claims = match chain {
				Some(chain) => Claims::One { token, chain },
				None => Claims::All,
			};
			return exit_proof(claims, &who, &state, out, params_dir, json);
		}
		Command::Exodus { proof, l1, json } => return exodus(&proof, &l1, json),
		Command::ActivateExitMode { l1 } => {
			let (l1, contract) = l1.connect()?;
			match polylink_cli::exodus::activate_exit_mode(&l1, contract)? {
				Some(tx) => {
					println!("exit mode is active: {tx}; exits open after the grace period")
				}
				None => println!("the chain is already in exit mode"),
			}
			return Ok(());
		}
		Command::CancelDeposits { l1 } => {
			let (l1, contract) = l1.connect()?;
			match polylink_cli::exodus::cancel_deposits(&l1, contract)? {
				Some(c) => {
					println!(
						"cancelled priority requests {}..{} ({} of them deposits): {}",
						c.first,
						c.first + c.count,
						c.deposits,
						c.tx
					);
					for r in c.refunds {
						let (owner, token, amount) = (r.owner, r.token, r.amount);
						match r.payout {
							Ok(Some(tx)) => println!(
								"  refunded {amount} of token {token} (the token's decimals) to \
								 {owner}: {tx}"
							),
							Ok(None) => println!(
								"  refund of {amount} of token {token} to {owner}: already paid \
								 out of its pending balance"
							),
							Err(e) => println!(
								"  refund of {amount} of token {token} to {owner} stays in its \
								 pending balance, the payout failed: {e}"
							),
						}
					}
				}
				None => println!("no priority request is outstanding"),
			}
			return Ok(());
		}
		Command::SyncCarry { from_rpc, from_contract, to } => {
			let from = L1::reader(&from_rpc)?;
			let from_contract = alloy_primitives::Address::from(address(&from_contract)?.0);
			let (to, to_contract) = to.connect()?;
			match polylink_cli::exodus::carry_sync(&from, from_contract, &to, to_contract)? {
				Some(c) => println!(
					"carried the sync certificate of batch {} (first delivered in {}): {}",
					c.batch, c.source_tx, c.tx
				),
				None => println!("the target already synced every batch the source did"),
			}
			return Ok(());
		}
		Command::FullExit { token, chain, account, contract, l1 } => {
			return full_exit(&token, chain, account, &contract, &l1);
		}
		Command::WithdrawPending { token, chain, owner, l1 } => {
			return withdraw_pending(&token, chain, owner.as_deref(), &l1);
		}
		Command::Status { batch, tx, node, json, follow, wait } => {
			let node = Node::new(&node)?;
			let (sealed, _) = node.heads()?;
			let batch = match tx {
				Some(tx) => {
					let (who, nonce) = tx.rsplit_once(':').with_context(|| {
						format!("--tx is <account>:<nonce> (e.g. 0x70997970…79c8:3), not {tx}")
					})?;
					let nonce: u32 = nonce.parse().context("the nonce is a number")?;
					let status = node.tx_status(who, nonce)?.with_context(|| {
						format!("{who}'s transaction with nonce {nonce} is not sequenced (yet)")
					})?;
					let batch = status["batch"].as_u64().with_context(|| {
						format!("it was sequenced more than 1,000 blocks ago: {status}")
					})?;
					if !json {
						println!(
							"{who}'s transaction {nonce}: sequenced at log index {} in batch {batch}",
							status["logIndex"]
						);
					}
					batch
				}
				None => batch.unwrap_or(sealed),
			};
			anyhow::ensure!(batch > 0, "no batch is sealed yet");
			let deadline = std::time::Instant::now() + std::time::Duration::from_secs(wait);
			let mut shown = None;
			loop {
				let (sealed, proven) = node.heads()?;
				let status = node.batch_status(batch)?;
				if shown.as_ref() != Some(&status) {
					if json {
						println!("{status}");
					} else {
						println!("{}", describe_status(&status, sealed, proven));
					}
					shown = Some(status.clone());
				}
				if !follow || executed_everywhere(&status) {
					return Ok(());
				}
				anyhow::ensure!(
					std::time::Instant::now() < deadline,
					"batch {batch} was not executed on every chain within {wait} s (is a relayer \
					 running?)"
				);
				std::thread::sleep(std::time::Duration::from_secs(1));
			}
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

/// A token by symbol or id ([`polylink_cli::deposit::find_token`]).
fn find_token(registry: &polylink_primitives::token::Registry, name: &str) -> Result<TokenId> {
	polylink_cli::deposit::find_token(registry, name).map_err(anyhow::Error::msg)
}

/// Signs the L2 transaction `build` makes for the wallet's account at its next nonce with the
/// fee `args` name (by default the least for `op`), submits it and, unless `--no-wait`, waits
/// until the appchain sequenced it (the account's nonce moved past it).
fn send_l2(
	node: &Node,
	registry: &polylink_primitives::token::Registry,
	wallet: &Wallet,
	args: &L2Args,
	op: u8,
	build: impl Fn(AccountId, TokenId, u128, u32) -> (L2Tx, String),
) -> Result<()> {
	let owner = format!("0x{}", hex::encode(wallet.address().0));
	let account = node
		.account(&owner)?
		.with_context(|| format!("{owner} has no L2 account: deposit first (polylink deposit)"))?;
	let id = account["id"].as_u64().and_then(|id| u32::try_from(id).ok());
	let nonce = account["nonce"].as_u64().and_then(|n| u32::try_from(n).ok());
	let (Some(id), Some(next)) = (id, nonce) else {
		anyhow::bail!("the node's polylink_account answered {account}");
	};
	let nonce = args.nonce.unwrap_or(next);
	let fee_token = find_token(registry, &args.fee_token)?;
	let fee = match &args.fee {
		Some(text) => {
			let fee = polylink_primitives::token::parse_units(
				text,
				polylink_primitives::params::L2_DECIMALS,
			)
			.map_err(|e| anyhow::anyhow!("the fee {text}: {e:?}"))?;
			anyhow::ensure!(
				polylink_primitives::amount::is_packable_fee(fee),
				"the fee {} is not packable (fees have 11 significant bits)",
				registry.units(fee_token, fee)
			);
			fee
		}
		None => {
			let per_chunk = node.fee_per_chunk(fee_token.0)?.with_context(|| {
				format!("the appchain takes no fees in {}: pay in ETH", registry.name(fee_token))
			})?;
			polylink_cli::l2::fee(per_chunk, polylink_cli::l2::chunks(op))
		}
	};
	let (tx, what) = build(AccountId(id), fee_token, fee, nonce);
	let hash = node.submit(&tx)?;
	let progress = |line: String| {
		if !args.json {
			eprintln!("{line}");
		}
	};
	progress(format!("submitted {hash} (account {id}, nonce {nonce})"));
	let mut sequenced = false;
	if !args.no_wait {
		progress("waiting for the appchain to sequence it".into());
		let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
		while !sequenced {
			// The account exists (it signed); an answer without its nonce is the node's error,
			// not nonce 0 (which would wait the whole deadline for nothing).
			let answer = node.account(&owner)?;
			let now =
				answer.as_ref().and_then(|a| a["nonce"].as_u64()).with_context(|| {
					format!("the node's polylink_account answered {answer:?} for {owner}, not an account")
				})?;
			if now > u64::from(nonce) {
				sequenced = true;
			} else if std::time::Instant::now() > deadline {
				anyhow::bail!(
					"{hash} was not sequenced within 120 s: is the node producing blocks? (it \
					 may still be; polylink account {owner})"
				);
			} else {
				std::thread::sleep(std::time::Duration::from_millis(300));
			}
		}
	}
	let batch = if sequenced {
		node.tx_status(&id.to_string(), nonce)?.and_then(|s| s["batch"].as_u64())
	} else {
		None
	};
	let fee_shown = registry.units(fee_token, fee).to_string();
	if args.json {
		println!(
			"{}",
			serde_json::json!({
				"tx": hash,
				"account": id,
				"nonce": nonce,
				"fee": fee.to_string(),
				"feeToken": fee_token.0,
				"feeDisplay": fee_shown,
				"sequenced": sequenced,
				"batch": batch,
			})
		);
	} else if let Some(batch) = batch {
		println!(
			"{what} (fee {fee_shown}, nonce {nonce}): sequenced in batch {batch} (polylink \
			 status {batch} --follow)"
		);
	} else if sequenced {
		println!("{what} (fee {fee_shown}, nonce {nonce}): sequenced");
	} else {
		println!("{what} (fee {fee_shown}, nonce {nonce}): submitted as {hash}");
	}
	Ok(())
}

/// `polylink keys`: the L2 key from an L1 key or a wallet's signature of the key message.
fn keys(args: &KeysArgs) -> Result<()> {
	use polylink_primitives::signature::{PrivateKey, L2_KEY_MESSAGE};
	let (l1_address, key) = match (&args.l1_key, &args.signature) {
		(Some(key), _) => {
			let wallet = Wallet::from_hex(key)?;
			(Some(wallet.address()), wallet.l2_key())
		}
		(None, Some(signature)) => {
			let bytes = hex::decode(signature.trim().trim_start_matches("0x"))
				.context("the signature is hex")?;
			let bytes: [u8; 65] = bytes.try_into().map_err(|_| {
				anyhow::anyhow!("the signature is 65 bytes (r, s, v), as personal_sign returns it")
			})?;
			let key = PrivateKey::from_l1_signature(&bytes)
				.map_err(|_| anyhow::anyhow!("that signature derives no L2 key"))?;
			(None, key)
		}
		(None, None) => anyhow::bail!(
			"pass --l1-key (or POLYLINK_L1_KEY), or --signature with a wallet's personal_sign of \
			 {L2_KEY_MESSAGE:?}"
		),
	};
	let public = key.public_key();
	println!(
		"{}",
		serde_json::json!({
			"l1Address": l1_address.map(|a| format!("0x{}", hex::encode(a.0))),
			"l2PublicKey": format!("0x{}", hex::encode(public.to_bytes())),
			"pubkeyHash": format!("0x{}", hex::encode(public.hash().0)),
			"message": L2_KEY_MESSAGE,
		})
	);
	Ok(())
}

/// `polylink account`: an account in words (or JSON).
fn account(who: &str, node: &str, json: bool) -> Result<()> {
	let node = Node::new(node)?;
	let account = node
		.account(who)?
		.with_context(|| format!("{who} has no L2 account (a deposit to it opens one)"))?;
	if json {
		println!("{account}");
		return Ok(());
	}
	let key_set = account["pubkeyHash"]
		.as_str()
		.is_some_and(|h| h.trim_start_matches("0x").bytes().any(|b| b != b'0'));
	println!("account {}", account["id"]);
	println!("  owner   {}", account["owner"].as_str().unwrap_or_default());
	println!(
		"  L2 key  {}",
		if key_set {
			account["pubkeyHash"].as_str().unwrap_or_default()
		} else {
			"not set (polylink set-key)"
		}
	);
	println!("  nonce   {}", account["nonce"]);
	for balance in account["balances"].as_array().into_iter().flatten() {
		println!("  {}", balance["display"].as_str().unwrap_or_default());
	}
	Ok(())
}

/// `polylink recover`: the state from the DA chain's calldata, checked against the contract.
fn recover(da_chain: &str, until: Option<u64>, state: &StateArgs, json: bool) -> Result<()> {
	let path = state.path()?;
	let contract_address = address(&state.contract)?;
	let l1 = L1::reader(da_chain)?;
	let contract_address = alloy_primitives::Address::from(contract_address.0);
	let progress = |line: String| {
		if !json {
			eprintln!("{line}");
		}
	};
	let recovered = polylink_cli::recover::recover(&l1, contract_address, &path, until, progress)?;
	let state = &recovered.state;
	let root = format!(
		"0x{}",
		hex::encode(polylink_primitives::field::to_be_bytes(&state.last_batch_root()))
	);
	if json {
		println!(
			"{}",
			serde_json::json!({
				"batch": state.last_batch(),
				"replayed": recovered.replayed,
				"root": root,
				"state": path.display().to_string(),
				"accounts": polylink_cli::recover::accounts_json(state),
			})
		);
	} else {
		let which = if until.is_some() {
			"the root that batch's commitment binds"
		} else {
			"the contract's last synced root"
		};
		println!(
			"recovered the state after batch {} ({} replayed now): root {root}, {which}; {} \
			 accounts; saved to {}",
			state.last_batch(),
			recovered.replayed,
			state.accounts().count(),
			path.display()
		);
	}
	Ok(())
}

/// Whose exit proofs: `--account`, else the address of `--l1-key`.
struct ExitWho {
	account: Option<String>,
	l1_key: Option<String>,
}

impl ExitWho {
	/// The account as `find_account` takes it.
	fn account(&self) -> Result<String> {
		match (&self.account, &self.l1_key) {
			(Some(account), _) => Ok(account.clone()),
			(None, Some(key)) => {
				Ok(format!("0x{}", hex::encode(Wallet::from_hex(key)?.address().0)))
			}
			(None, None) => anyhow::bail!(
				"which account? pass --account <address|id>, or --l1-key (POLYLINK_L1_KEY) to prove \
				 the key's own account"
			),
		}
	}
}

/// Which claims `polylink exit-proof` proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Claims {
	/// One token on one chain.
	One { token: u16, chain: u8 },
	/// Every share above zero.
	All,
}

/// `polylink exit-proof`: exit proofs from the recovered state, each written to a file.
fn exit_proof(
	claims: Claims,
	who: &ExitWho,
	state: &StateArgs,
	out: Option<std::path::PathBuf>,
	params_dir: Option<std::path::PathBuf>,
	json: bool,
) -> Result<()> {
	use polylink_cli::exodus;
	let account = who.account()?;
	let path = state.path()?;
	let mut recovered = polylink_cli::recover::saved_state(&path)?;
	let id = exodus::find_account(&recovered, &account).map_err(anyhow::Error::msg)?;
	let todo = match claims {
		Claims::One { token, chain: index } => vec![(TokenId(token), chain(index)?)],
		Claims::All => exodus::claims_of(&recovered, id),
	};
	if todo.is_empty() {
		anyhow::bail!(
			"account {}'s shares are all zero at batch {}: nothing to prove",
			id.0,
			recovered.last_batch()
		);
	}
	let dir = params_dir.unwrap_or_else(polylink_circuits::params::default_cache_dir);
	let progress = |line: &str| {
		if !json {
			eprintln!("{line}");
		}
	};
	let params = exodus::exit_parameters(&dir, &progress)?;
	let mut written = Vec::new();
	for (token, on) in todo {
		progress(&format!(
			"proving account {}'s share of token {} on chain {} against batch {}",
			id.0,
			token.0,
			on.0,
			recovered.last_batch()
		));
		let (proof, took) = exodus::prove_exit(&mut recovered, id, token, on, &params)?;
		let name = format!("exit-{}-{}-{}.json", id.0, token.0, on.0);
		let file = match (&out, claims) {
			(Some(folder), Claims::All) => {
				std::fs::create_dir_all(folder)
					.with_context(|| format!("creating {}", folder.display()))?;
				folder.join(name)
			}
			(Some(file), Claims::One { .. }) => file.clone(),
			(None, _) => std::path::PathBuf::from(name),
		};
		std::fs::write(&file, format!("{:#}\n", proof.to_json()))
			.with_context(|| format!("writing {}", file.display()))?;
		if json {
			let mut claim = proof.to_json();
			claim["file"] = file.display().to_string().into();
			claim["proveSeconds"] = took.as_secs_f64().into();
			written.push(claim);
		} else {
			println!(
				"account {}'s share of token {} on chain {}: {} (L2 units, 18 decimals), proved in \
				 {:.2} s; written to {} (polylink exodus --proof {} submits it)",
				proof.account,
				proof.token,
				proof.chain,
				proof.amount,
				took.as_secs_f64(),
				file.display(),
				file.display()
			);
		}
	}
	if json {
		match claims {
			Claims::One { .. } => println!("{}", written[0]),
			Claims::All => println!("{}", serde_json::Value::Array(written)),
		}
	}
	Ok(())
}

/// `polylink exodus`: submits exit proofs of this chain and pays the shares out.
fn exodus(files: &[std::path::PathBuf], args: &ExitL1Args, json: bool) -> Result<()> {
	let mut proofs = Vec::with_capacity(files.len());
	for file in files {
		let text = std::fs::read_to_string(file).with_context(|| {
			format!("reading {} (polylink exit-proof writes it)", file.display())
		})?;
		let value: serde_json::Value = serde_json::from_str(&text).with_context(|| {
			format!("{} is not JSON (polylink exit-proof writes it)", file.display())
		})?;
		proofs.push((file, polylink_cli::exodus::ExitProof::from_json(&value)?));
	}
	let (l1, contract) = args.connect()?;
	let index: u8 = l1.view(contract, polylink_l1_bindings::Rollup::chainIndexCall {})?;
	if files.len() > 1 {
		let others: Vec<_> = proofs.iter().filter(|(_, p)| p.chain != index).collect();
		for (file, proof) in &others {
			eprintln!(
				"skipped {}: chain {}'s share (this contract is chain {index}'s)",
				file.display(),
				proof.chain
			);
		}
		proofs.retain(|(_, p)| p.chain == index);
		anyhow::ensure!(!proofs.is_empty(), "none of the proofs is chain {index}'s");
	}
	for (_, proof) in &proofs {
		submit_exodus(&l1, contract, proof, json)?;
	}
	Ok(())
}

/// Submits one exit proof and reports what was paid.
fn submit_exodus(
	l1: &L1,
	contract: alloy_primitives::Address,
	proof: &polylink_cli::exodus::ExitProof,
	json: bool,
) -> Result<()> {
	let done = polylink_cli::exodus::perform_exodus(l1, contract, proof)?;
	let owner = format!("0x{}", hex::encode(proof.owner));
	if json {
		println!(
			"{}",
			serde_json::json!({
				"account": proof.account,
				"token": proof.token,
				"chain": proof.chain,
				"owner": owner,
				"paid": done.paid.to_string(),
				"exodusTx": done.exodus_tx.to_string(),
				"payoutTx": done.payout_tx.map(|tx| tx.to_string()),
			})
		);
		return Ok(());
	}
	match done.payout_tx {
		Some(payout) => println!(
			"exodus: account {}'s share of token {} on chain {} credited {} (the token's decimals) \
			 in {} and paid to {owner} in {payout}",
			proof.account, proof.token, proof.chain, done.paid, done.exodus_tx
		),
		None => println!(
			"exodus: account {}'s share of token {} on chain {} is 0; recorded in {}",
			proof.account, proof.token, proof.chain, done.exodus_tx
		),
	}
	Ok(())
}

/// `polylink full-exit`: the L1 priority request for the account's whole balance of a token.
/// The chain's contract and the token come from the node's registry or, only when the node
/// cannot be reached (the appchain is down), from `--contract` and a token id.
fn full_exit(
	token: &str,
	chain: u8,
	account: Option<u32>,
	contract: &str,
	args: &L1Args,
) -> Result<()> {
	use alloy_primitives::Address;
	use polylink_l1_bindings::Rollup;
	let node = Node::new(&args.node)?;
	let l1 = L1::new(&args.l1_rpc, &args.key.l1_key)?;
	let owner = format!("0x{}", hex::encode(l1.sender().as_slice()));
	let (rollup, token_id, name, id) = match node.registry() {
		Ok(registry) => {
			let plan = TokenOnChain::find(&registry, chain, token).map_err(anyhow::Error::msg)?;
			let id =
				match account {
					Some(id) => id,
					None => {
						let found = node.account(&owner)?.with_context(|| {
							format!("{owner} has no L2 account (pass --account if the appchain is down)")
						})?;
						found["id"].as_u64().and_then(|id| u32::try_from(id).ok()).with_context(
							|| format!("the node's polylink_account answered {found}"),
						)?
					}
				};
			let name = registry.name(plan.token).to_string();
			(Address::from(plan.info.contract.0), plan.token, name, id)
		}
		Err(refused @ polylink_cli::NodeError::Refused { .. }) => return Err(refused.into()),
		Err(unreachable) => {
			let id = account.with_context(|| {
				format!("{unreachable}; without the node, pass --account <your L2 account id>")
			})?;
			let rollup = Address::from(address(contract)?.0);
			let (token_id, name) = match token.parse::<u16>() {
				Ok(token_id) => (token_id, format!("token {token_id}")),
				// Without the node, the contract's own registrations name the tokens.
				Err(_) => {
					let registered = l1.registered_tokens(rollup)?;
					let found =
						registered.iter().find(|(_, symbol)| symbol.eq_ignore_ascii_case(token));
					match found {
						Some((token_id, symbol)) => (*token_id, symbol.clone()),
						None => {
							let known: Vec<String> =
								registered.iter().map(|(id, s)| format!("{s} ({id})")).collect();
							anyhow::bail!(
								"{unreachable}; the contract {rollup} registers no token {token} \
								 (it registers: {}): pass --token <id>",
								known.join(", ")
							)
						}
					}
				}
			};
			(rollup, TokenId(token_id), name, id)
		}
	};
	let fee = l1.view(rollup, Rollup::priorityRequestFeeCall {})?;
	let call = Rollup::requestFullExitCall { accountId: id, tokenId: token_id.0 };
	let tx = l1.send("requestFullExit", rollup, call, fee)?;
	println!(
		"requested the full exit of account {id}'s {name} on chain {chain}: {tx}; once its batch \
		 is executed there, polylink withdraw-pending --chain {chain} pays it to {owner} (if the \
		 appchain does not process it in time, the chain enters exit mode)"
	);
	Ok(())
}

/// Whether every live chain executed the batch `status` describes.
fn executed_everywhere(status: &serde_json::Value) -> bool {
	let chains = status["chains"].as_array().map(Vec::as_slice).unwrap_or_default();
	!chains.is_empty() && chains.iter().all(|c| c["executed"] == serde_json::json!(true))
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
