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
use polylink_cli::{Node, Wallet};
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
