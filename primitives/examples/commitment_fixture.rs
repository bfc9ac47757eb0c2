//! Writes `contracts/test/fixtures/batch.json`: one sealed batch of a small two-chain world
//! (deposits on both chains, on-chain-approved key changes, transfers, withdrawals to both
//! chains), with everything the L1 contracts need to recompute its commitment on the DA path
//! and on a compressed path. The forge test `test/Fixture.t.sol` pins the Solidity commitment
//! to these bytes.
//!
//! ```text
//! cargo run -p polylink-primitives --example commitment_fixture [-- OUT_PATH]
//! ```

use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	eth::{self, L1Address},
	field,
	signature::{PrivateKey, TxSignature},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{ChangePubKey, ChangePubKeyAuth, Deposit, L2Tx, PriorityOp, Transfer, Tx, Withdraw},
};
use std::{collections::BTreeMap, fmt::Write as _};

const ETH: TokenId = TokenId(1);
const USDC: TokenId = TokenId(2);
const C1: ChainId = ChainId(1);
const C2: ChainId = ChainId(2);
const E18: u128 = 1_000_000_000_000_000_000;
const FEE: u128 = 1_000;
const CHUNKS: usize = 128;

struct User {
	key: PrivateKey,
	address: L1Address,
}

fn hex(bytes: &[u8]) -> String {
	let mut s = String::from("0x");
	for b in bytes {
		write!(s, "{b:02x}").expect("write to string");
	}
	s
}

fn main() {
	let out =
		std::env::args().nth(1).unwrap_or_else(|| "contracts/test/fixtures/batch.json".to_string());

	let mut registry = Registry::default();
	for c in [C1, C2] {
		let info =
			ChainInfo { evm_chain_id: 31_337 + u64::from(c.0), contract: L1Address([c.0; 20]) };
		registry.register_chain(c, info).expect("fresh chain");
	}
	registry.register_token(ETH, b"ETH").expect("fresh");
	registry.register_token(USDC, b"USDC").expect("fresh");
	let token = |byte: u8, decimals| ChainToken { address: L1Address([byte; 20]), decimals };
	registry.add_token_to_chain(ETH, C1, token(0, 18)).expect("ok");
	registry.add_token_to_chain(ETH, C2, token(0, 18)).expect("ok");
	registry.add_token_to_chain(USDC, C1, token(0xa1, 6)).expect("ok");
	registry.add_token_to_chain(USDC, C2, token(0xa2, 18)).expect("ok");
	let mut per_chunk = BTreeMap::new();
	per_chunk.insert(ETH, FEE);
	let config = ExecutorConfig { fees: FeePolicy { per_chunk }, batch_chunks: CHUNKS };
	let mut state = State::genesis(registry, config);
	let old_root = state.root();

	let users: Vec<User> = (1u8..=2)
		.map(|seed| {
			let eth_key = k256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("valid scalar");
			User {
				key: PrivateKey::from_seed(&[seed; 32]),
				address: eth::address_of(eth_key.verifying_key()),
			}
		})
		.collect();
	let mut serial = [0u64; 2];
	let mut deposit = |state: &mut State, to: L1Address, chain: ChainId, token, amount| {
		let serial_id = serial[chain.slot()];
		serial[chain.slot()] += 1;
		let tx = Tx::Priority(PriorityOp::Deposit(Deposit { chain, serial_id, to, token, amount }));
		state.apply(&tx).expect("deposit");
	};
	let sign = |user: &User, mut tx: L2Tx| {
		*tx.signature_mut() = TxSignature::sign(&user.key, tx.message());
		Tx::L2(tx)
	};
	let unsigned = || TxSignature { pub_key: [0; 32], signature: [0; 64] };

	for u in &users {
		deposit(&mut state, u.address, C1, ETH, 10 * E18);
		deposit(&mut state, u.address, C2, USDC, 1000 * E18);
	}
	for u in &users {
		let id = state.account_id_of(&u.address).expect("account");
		let nonce = state.account(id).map_or(0, |a| a.nonce);
		let pkh = u.key.public_key().hash();
		state.approve_pubkey_onchain(C1, id, nonce, pkh);
		let tx = L2Tx::ChangePubKey(ChangePubKey {
			account: id,
			chain: C1,
			new_pubkey_hash: pkh,
			fee_token: ETH,
			fee: 6 * FEE,
			nonce,
			auth: ChangePubKeyAuth::Onchain,
			signature: unsigned(),
		});
		state.apply(&sign(u, tx)).expect("change pubkey");
	}
	let id0 = state.account_id_of(&users[0].address).expect("account");
	let id1 = state.account_id_of(&users[1].address).expect("account");
	for i in 0..3u32 {
		let nonce = state.account(id0).expect("account").nonce;
		let tx = L2Tx::Transfer(Transfer {
			from: id0,
			to: users[1].address,
			token: ETH,
			amount: E18 / 10 * u128::from(i + 1),
			fee_token: ETH,
			fee: 2 * FEE,
			nonce,
			signature: unsigned(),
		});
		state.apply(&sign(&users[0], tx)).expect("transfer");
	}
	let withdraw = |state: &mut State, user: &User, id, chain, token, amount| {
		let nonce = state.account(id).expect("account").nonce;
		let tx = L2Tx::Withdraw(Withdraw {
			account: id,
			chain,
			to: user.address,
			token,
			amount,
			fee_token: ETH,
			fee: 6 * FEE,
			nonce,
			signature: unsigned(),
		});
		state.apply(&sign(user, tx)).expect("withdraw");
	};
	withdraw(&mut state, &users[1], id1, C1, ETH, E18);
	withdraw(&mut state, &users[0], id0, C2, USDC, 250 * E18);
	let batch = state.seal_batch(1_700_000_000).expect("seal");

	let mut chain_ops = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
	let mut chain_prio = [0u64; 4];
	for op in &batch.ops {
		if let Some(chain) = op.onchain_chain() {
			chain_ops[chain.slot()].extend(op.pubdata().expect("encodable"));
			if matches!(op.op_code(), 1 | 5) {
				chain_prio[chain.slot()] += 1;
			}
		}
	}
	let list = |v: Vec<String>| format!("[{}]", v.join(", "));
	let json = format!(
		"{{\n  \"batchNumber\": {},\n  \"timestamp\": {},\n  \"chunks\": {},\n  \"oldRoot\": \"{}\",\n  \"newRoot\": \"{}\",\n  \"pubdata\": \"{}\",\n  \"pubdataHash\": \"{}\",\n  \"onchainHash\": \"{}\",\n  \"chainOps\": {},\n  \"priorityOps\": {},\n  \"commitment\": \"{}\"\n}}\n",
		batch.number,
		batch.timestamp,
		batch.pubdata.len() / polylink_primitives::params::CHUNK_BYTES,
		hex(&field::to_be_bytes(&old_root)),
		hex(&field::to_be_bytes(&batch.new_root)),
		hex(&batch.pubdata),
		hex(&sha2_digest(&batch.pubdata)),
		hex(&batch.onchain_hash),
		list(chain_ops.iter().map(|o| format!("\"{}\"", hex(o))).collect()),
		list(chain_prio.iter().map(u64::to_string).collect()),
		hex(&batch.commitment),
	);
	std::fs::write(&out, json).expect("write fixture");
	println!("wrote {out}: batch {} with {} ops", batch.number, batch.ops.len());
}

fn sha2_digest(data: &[u8]) -> [u8; 32] {
	use sha2::{Digest, Sha256};
	Sha256::digest(data).into()
}
