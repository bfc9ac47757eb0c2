//! The cross-language fixture `contracts/test/fixtures/batch.json`: one sealed batch of a small
//! two-chain world (deposits on both chains, on-chain-approved key changes, transfers, a transfer
//! to a new account, withdrawals to both chains) with everything the L1 contracts need to
//! recompute its commitment on the DA path and on the compressed path of every chain. The forge
//! test `contracts/test/Fixture.t.sol` pins the Solidity commitment to these bytes; this test pins
//! the file to the Rust executor, so neither side can go stale.
//!
//! ```text
//! cargo test -p polylink-primitives --test contract_fixture                              # check
//! POLYLINK_WRITE_FIXTURES=1 cargo test -p polylink-primitives --test contract_fixture    # rewrite
//! ```
//!
//! JSON fields: `batchNumber`, `timestamp`, `chunks` (the batch capacity), `liveChains` (the
//! deployment's live-chain bits the commitment binds), `oldRoot`, `newRoot`,
//! `pubdata` (full, padded to the capacity), `pubdataHash`, `onchainHash`
//! (`sha256(onchain_data)`), `onchainOpChunks` and `onchainOps` (every on-chain operation, in
//! batch order, with the chunk index it starts at), `onchainCalldata` (the same list as the
//! contracts take it on a compressed chain: `uint16 chunk ‖ op pubdata` per op), `chainOps` (per
//! chain 1..4, its own on-chain ops concatenated, as `executeBatches` takes them) and
//! `commitment`.
//!
//! The same test writes `contracts/test/fixtures/digests.json`: every digest the validators sign
//! and the contracts check (commit, sync, rotation, the EIP-712 ChangePubKey digest and its
//! domain separator) and a commitment over fixed fields, from their one Rust definition
//! (`polylink_primitives::{certificate, eth, commitment}`), which `contracts/test/DigestFixture.t.sol`
//! recomputes in Solidity.

use polylink_primitives::{
	certificate::{self, DeploymentId},
	chain::{ChainId, ChainInfo, LiveChains},
	commitment,
	eth::{self, L1Address},
	executor::Batch,
	field,
	params::CHUNK_BYTES,
	signature::{PrivateKey, TxSignature},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{ChangePubKey, ChangePubKeyAuth, Deposit, L2Tx, PriorityOp, Transfer, Tx, Withdraw},
};
use std::collections::BTreeMap;

const ETH: TokenId = TokenId(1);
const USDC: TokenId = TokenId(2);
const C1: ChainId = ChainId(1);
const C2: ChainId = ChainId(2);
const E18: u128 = 1_000_000_000_000_000_000;
const FEE: u128 = 1_000;
const CHUNKS: usize = 64;
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/test/fixtures/batch.json");
const DIGESTS: &str =
	concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/test/fixtures/digests.json");

struct User {
	key: PrivateKey,
	address: L1Address,
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The fixture's old root and sealed batch.
fn build() -> (field::Fr, Batch) {
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
		state.approve_pubkey_onchain(C1, u.address, nonce, pkh);
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
	let transfer = |state: &mut State, to: L1Address, amount: u128, fee: u128| {
		let nonce = state.account(id0).expect("account").nonce;
		let tx = L2Tx::Transfer(Transfer {
			from: id0,
			to,
			token: ETH,
			amount,
			fee_token: ETH,
			fee,
			nonce,
			signature: unsigned(),
		});
		state.apply(&sign(&users[0], tx)).expect("transfer");
	};
	for i in 0..3u128 {
		transfer(&mut state, users[1].address, E18 / 10 * (i + 1), 2 * FEE);
	}
	// a transfer to an address with no account: TransferToNew (2 chunks)
	transfer(&mut state, L1Address([0x77; 20]), E18 / 4, 2 * FEE);
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
	(old_root, state.seal_batch(1_700_000_000).expect("seal"))
}

/// Every on-chain op of the batch with the chunk index it starts at.
fn onchain_ops(batch: &Batch) -> Vec<(usize, ChainId, Vec<u8>)> {
	let mut chunk = 0;
	let mut out = Vec::new();
	for op in &batch.ops {
		if let Some(chain) = op.onchain_chain() {
			out.push((chunk, chain, op.pubdata().expect("encodable")));
		}
		chunk += op.chunks();
	}
	out
}

/// The compressed-chain calldata: `uint16 chunk ‖ op pubdata` per on-chain op.
fn onchain_calldata(ops: &[(usize, ChainId, Vec<u8>)]) -> Vec<u8> {
	let mut out = Vec::new();
	for (chunk, _, bytes) in ops {
		out.extend(u16::try_from(*chunk).expect("capacity below 2^16").to_be_bytes());
		out.extend(bytes);
	}
	out
}

/// The fixture JSON.
fn render() -> String {
	let (old_root, batch) = build();
	let ops = onchain_ops(&batch);
	let mut chain_ops = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
	for (_, chain, bytes) in &ops {
		chain_ops[chain.slot()].extend(bytes);
	}
	let list = |v: Vec<String>| format!("[{}]", v.join(", "));
	let quoted = |b: &[u8]| format!("\"{}\"", hex(b));
	format!(
		"{{\n  \"batchNumber\": {},\n  \"timestamp\": {},\n  \"chunks\": {},\n  \"liveChains\": {},\n  \"oldRoot\": \"{}\",\n  \"newRoot\": \"{}\",\n  \"pubdata\": \"{}\",\n  \"pubdataHash\": \"{}\",\n  \"onchainHash\": \"{}\",\n  \"onchainOpChunks\": {},\n  \"onchainOps\": {},\n  \"onchainCalldata\": \"{}\",\n  \"chainOps\": {},\n  \"commitment\": \"{}\"\n}}\n",
		batch.number,
		batch.timestamp,
		batch.pubdata.len() / CHUNK_BYTES,
		batch.live_chains.bits(),
		hex(&field::to_be_bytes(&old_root)),
		hex(&field::to_be_bytes(&batch.new_root)),
		hex(&batch.pubdata),
		hex(&batch.pubdata_hash),
		hex(&batch.onchain_hash),
		list(ops.iter().map(|(c, _, _)| c.to_string()).collect()),
		list(ops.iter().map(|(_, _, b)| quoted(b)).collect()),
		hex(&onchain_calldata(&ops)),
		list(chain_ops.iter().map(|o| quoted(o)).collect()),
		hex(&batch.commitment),
	)
}

#[test]
fn fixture_batch_exercises_every_path() {
	let (_, batch) = build();
	assert_eq!(batch.pubdata.len(), CHUNKS * CHUNK_BYTES);
	let codes: Vec<u8> = batch.ops.iter().map(|op| op.op_code()).collect();
	for code in [1, 2, 3, 4, 6] {
		assert!(codes.contains(&code), "the fixture batch has no op {code}");
	}
	let ops = onchain_ops(&batch);
	assert!(ops.iter().any(|(_, c, _)| *c == C1) && ops.iter().any(|(_, c, _)| *c == C2));
}

/// The compressed path (`sha256(pubdata)` plus the on-chain ops at their chunks, rebuilt into
/// zero chunks of the capacity) gives the DA path's hashes and commitment.
#[test]
fn compressed_path_rebuilds_the_onchain_hash() {
	let (old_root, batch) = build();
	let mut data = vec![0u8; batch.pubdata.len()];
	for (chunk, _, bytes) in onchain_ops(&batch) {
		data[chunk * CHUNK_BYTES..chunk * CHUNK_BYTES + bytes.len()].copy_from_slice(&bytes);
	}
	assert_eq!(data, commitment::onchain_data(&batch.pubdata).expect("well-formed"));
	let onchain_hash = commitment::sha256(&data);
	assert_eq!(onchain_hash, batch.onchain_hash);
	assert_eq!(commitment::sha256(&batch.pubdata), batch.pubdata_hash);
	let c = commitment::commitment(
		batch.number,
		batch.timestamp,
		batch.live_chains,
		&old_root,
		&batch.new_root,
		&batch.pubdata_hash,
		&onchain_hash,
	);
	assert_eq!(c, batch.commitment);
}

/// The digest fixture JSON: fixed inputs and the digests of their one Rust definition.
fn render_digests() -> String {
	let deployment = DeploymentId::from_name("polylink-fixture");
	let (batch_number, chunks, commitment) = (7u64, 64u32, [0x1c; 32]);
	let sync_hash = certificate::extend_sync_hash(&[0x5a; 32], &commitment);
	let set = [L1Address([0x11; 20]), L1Address([0x22; 20]), L1Address([0x33; 20])];
	let rotation_nonce = 3u64;
	let chain = ChainInfo { evm_chain_id: 31_338, contract: L1Address([0xc2; 20]) };
	let (pkh, cpk_nonce, cpk_account, cpk_chain) = ([0xab; 20], 9u32, 0x01_0203u32, 2u8);
	let live = LiveChains::of([C1, C2]);
	let (timestamp, old_root, new_root) =
		(1_700_000_123u64, field::Fr::from(11u64), field::Fr::from(12u64));
	let (pubdata_hash, onchain_hash) = ([0x0d; 32], [0x0e; 32]);
	let batch_commitment = commitment::commitment(
		batch_number,
		timestamp,
		live,
		&old_root,
		&new_root,
		&pubdata_hash,
		&onchain_hash,
	);
	let quoted = |b: &[u8]| format!("\"{}\"", hex(b));
	let set_json = set.iter().map(|a| quoted(&a.0)).collect::<Vec<_>>().join(", ");
	let fields: Vec<(&str, String)> = vec![
		("deploymentId", quoted(&deployment.0)),
		("batchNumber", batch_number.to_string()),
		("chunks", chunks.to_string()),
		("commitment", quoted(&commitment)),
		(
			"commitDigest",
			quoted(&certificate::commit_digest(&deployment, batch_number, chunks, &commitment)),
		),
		(
			"revokeDigest",
			quoted(&certificate::revoke_digest(&deployment, batch_number, &commitment)),
		),
		("syncHash", quoted(&sync_hash)),
		("syncDigest", quoted(&certificate::sync_digest(&deployment, batch_number, &sync_hash))),
		("rotationNonce", rotation_nonce.to_string()),
		("rotationSet", format!("[{set_json}]")),
		(
			"rotationDigest",
			quoted(&certificate::rotation_digest(&deployment, rotation_nonce, &set)),
		),
		("evmChainId", chain.evm_chain_id.to_string()),
		("contract", quoted(&chain.contract.0)),
		("pubKeyHash", quoted(&pkh)),
		("cpkNonce", cpk_nonce.to_string()),
		("cpkAccountId", cpk_account.to_string()),
		("cpkChainIndex", cpk_chain.to_string()),
		("domainSeparator", quoted(&eth::domain_separator(&chain))),
		(
			"changePubKeyDigest",
			quoted(&eth::change_pubkey_digest(&chain, &pkh, cpk_nonce, cpk_account, cpk_chain)),
		),
		("liveChains", live.bits().to_string()),
		("timestamp", timestamp.to_string()),
		("oldRoot", quoted(&field::to_be_bytes(&old_root))),
		("newRoot", quoted(&field::to_be_bytes(&new_root))),
		("pubdataHash", quoted(&pubdata_hash)),
		("onchainHash", quoted(&onchain_hash)),
		("batchCommitment", quoted(&batch_commitment)),
	];
	let body: Vec<String> = fields.iter().map(|(k, v)| format!("  \"{k}\": {v}")).collect();
	format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// Checks that `path` holds `json`, or rewrites it with `POLYLINK_WRITE_FIXTURES=1`.
fn check_fresh(path: &str, json: &str) {
	if std::env::var("POLYLINK_WRITE_FIXTURES").as_deref() == Ok("1") {
		std::fs::write(path, json).expect("write the fixture");
		return;
	}
	let committed = std::fs::read_to_string(path).expect("read the fixture");
	if committed != json {
		let line = committed.lines().zip(json.lines()).position(|(a, b)| a != b);
		panic!(
			"{path} is stale (first differing line: {line:?}); regenerate it with \
			 POLYLINK_WRITE_FIXTURES=1 cargo test -p polylink-primitives --test contract_fixture"
		);
	}
}

/// `contracts/test/fixtures/batch.json` is what this executor produces today.
#[test]
fn contract_fixture_is_fresh() {
	check_fresh(FIXTURE, &render());
}

/// `contracts/test/fixtures/digests.json` is what the Rust digest definitions produce today.
#[test]
fn digest_fixture_is_fresh() {
	check_fresh(DIGESTS, &render_digests());
}
