//! The exit circuit's witness, built from a native [`State`], and a small example state.

use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	commitment::commitment_to_field,
	eth::L1Address,
	exit::{exit_commitment, ExitClaim, ExitError},
	field::{self, Fr},
	params::{ACCOUNT_TREE_DEPTH, BALANCE_TREE_DEPTH, MAX_CHAINS},
	signature::{PrivateKey, TxSignature},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{ChangePubKey, ChangePubKeyAuth, Deposit, L2Tx, PriorityOp, Transfer, Tx},
};
use std::collections::BTreeMap;

/// Why a witness could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessError {
	/// The native state refuses the claim.
	#[error("exit claim refused: {0}")]
	Claim(ExitError),
}

/// One account leaf opened at one token: the leaf's fields and both Merkle paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountWitness {
	/// Owner address as a field element (20-byte big-endian integer).
	pub address: Fr,
	/// Public-key hash as a field element.
	pub pubkey_hash: Fr,
	/// Nonce.
	pub nonce: u32,
	/// Balance of the claimed token.
	pub balance: u128,
	/// Siblings of the balance path, leaf level first ([`BALANCE_TREE_DEPTH`]).
	pub balance_path: Vec<Fr>,
	/// Siblings of the account path, leaf level first ([`ACCOUNT_TREE_DEPTH`]).
	pub account_path: Vec<Fr>,
}

/// Everything the exit circuit needs: the root, the claim, the claimant's leaf and the
/// reserve accounts' leaves (chains `1..=MAX_CHAINS` in order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitWitness {
	/// The state root the claim is proven against.
	pub root: Fr,
	/// The claim (its owner is the claimant's leaf address; the circuit takes it from there).
	pub claim: ExitClaim,
	/// The claimant's account.
	pub user: AccountWitness,
	/// Reserve accounts `1..=MAX_CHAINS`.
	pub reserves: Vec<AccountWitness>,
}

impl ExitWitness {
	/// The public input: the masked exit commitment as a field element.
	pub fn public_input(&self) -> Fr {
		commitment_to_field(&exit_commitment(&self.root, &self.claim))
	}
}

/// Opens account `id` at `token` in `state`.
fn open(state: &mut State, id: AccountId, token: TokenId) -> AccountWitness {
	let account = state.account(id).cloned().unwrap_or_default();
	let balance_path = state.balance_proof(id, token).siblings;
	let account_path = state.account_proof(id).siblings;
	debug_assert_eq!(balance_path.len(), BALANCE_TREE_DEPTH);
	debug_assert_eq!(account_path.len(), ACCOUNT_TREE_DEPTH);
	AccountWitness {
		address: field::from_be_bytes_short(&account.l1_address.0),
		pubkey_hash: field::from_be_bytes_short(&account.pubkey_hash.0),
		nonce: account.nonce,
		balance: account.balance(token),
		balance_path,
		account_path,
	}
}

/// The witness of `account`'s claim of `token` on `chain`, against the current root of `state`.
pub fn build(
	state: &mut State,
	account: AccountId,
	token: TokenId,
	chain: ChainId,
) -> Result<ExitWitness, WitnessError> {
	let claim = state.exit_claim(account, token, chain).map_err(WitnessError::Claim)?;
	let user = open(state, account, token);
	let reserves = ChainId::all().map(|c| open(state, c.reserve_account(), token)).collect();
	Ok(ExitWitness { root: state.root(), claim, user, reserves })
}

/// The example network's token.
pub const EXAMPLE_TOKEN: TokenId = TokenId(1);

/// A small native state: two chains, one token, three users with keys, deposits on both
/// chains and transfers, one batch sealed. Returns the state and the claimant (user 1).
pub fn example_state() -> (State, AccountId) {
	let (c1, c2) = (ChainId(1), ChainId(2));
	let mut registry = Registry::default();
	registry.register_token(EXAMPLE_TOKEN, b"ETH").expect("fresh token");
	for c in [c1, c2] {
		let info =
			ChainInfo { evm_chain_id: 1000 + u64::from(c.0), contract: L1Address([c.0; 20]) };
		registry.register_chain(c, info).expect("fresh chain");
		let native = ChainToken { address: L1Address::default(), decimals: 18 };
		registry.add_token_to_chain(EXAMPLE_TOKEN, c, native).expect("fresh token on chain");
	}
	let fees = FeePolicy { per_chunk: BTreeMap::from([(EXAMPLE_TOKEN, 10)]) };
	let mut state = State::genesis(registry, ExecutorConfig { fees, batch_chunks: 64 });
	let keys: Vec<PrivateKey> = (1..=3u8).map(|s| PrivateKey::from_seed(&[s; 32])).collect();
	let addresses: Vec<L1Address> = (1..=3u8).map(|s| L1Address([0x10 + s; 20])).collect();
	let apply = |state: &mut State, tx: Tx| {
		state.apply(&tx).expect("valid example transaction");
	};
	const E18: u128 = 1_000_000_000_000_000_000;
	let deposits = [(0, c1, 7 * E18), (1, c1, 3 * E18), (0, c2, 5 * E18), (2, c2, 11 * E18)];
	let mut next_serial = [0u64; MAX_CHAINS as usize];
	for (user, chain, amount) in deposits {
		let serial_id = next_serial[chain.slot()];
		next_serial[chain.slot()] += 1;
		let to = addresses[user];
		let op = Deposit { chain, serial_id, to, token: EXAMPLE_TOKEN, amount };
		apply(&mut state, Tx::Priority(PriorityOp::Deposit(op)));
	}
	let sign = |key: &PrivateKey, mut tx: L2Tx| {
		*tx.signature_mut() = TxSignature::sign(key, tx.message());
		Tx::L2(tx)
	};
	let unsigned = TxSignature { pub_key: [0; 32], signature: [0; 64] };
	for user in 0..3 {
		let id = state.account_id_of(&addresses[user]).expect("deposited");
		let hash = keys[user].public_key().hash();
		state.approve_pubkey_onchain(c1, addresses[user], 0, hash);
		let tx = L2Tx::ChangePubKey(ChangePubKey {
			account: id,
			chain: c1,
			new_pubkey_hash: hash,
			fee_token: EXAMPLE_TOKEN,
			fee: 60,
			nonce: 0,
			auth: ChangePubKeyAuth::Onchain,
			signature: unsigned.clone(),
		});
		apply(&mut state, sign(&keys[user], tx));
	}
	let transfers = [(0, 1, 2 * E18), (2, 0, 4 * E18), (1, 2, E18)];
	for (from, to, amount) in transfers {
		let id = state.account_id_of(&addresses[from]).expect("exists");
		let nonce = state.account(id).map_or(0, |a| a.nonce);
		let tx = L2Tx::Transfer(Transfer {
			from: id,
			to: addresses[to],
			token: EXAMPLE_TOKEN,
			amount,
			fee_token: EXAMPLE_TOKEN,
			fee: 20,
			nonce,
			signature: unsigned.clone(),
		});
		apply(&mut state, sign(&keys[from], tx));
	}
	state.seal_batch(1_700_000_000).expect("seal");
	let claimant = state.account_id_of(&addresses[0]).expect("exists");
	(state, claimant)
}
