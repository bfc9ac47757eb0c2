//! Benchmark suite `primitives` (`./scripts/bench primitives`).
//!
//! Prints one `metric: value unit` line per figure, single-threaded, release build:
//! - `poseidon_hashes_per_s`: two-to-one Poseidon hashes (one permutation each).
//! - `smt_updates_per_s`: single-leaf updates of a depth-24 tree at random positions.
//! - `smt_batched_updates_per_s`: the same leaves written through one batched update.
//! - `executor_transfers_per_s`: signed transfers applied by the executor, signature checks and
//!   the state-root flush included (signing excluded: wallets sign).
//! - `groth16_prepare_native_ms`: preparing a verifying key (`e(alpha, beta)`, `−gamma` and
//!   `−delta` as `G2Prepared`), on the committed block-8 key.
//! - `groth16_verify_native_ms`: one `groth16::verify` with a prepared key, on the committed
//!   block-8 proof (one public input).
//! - `groth16_verify_vk_bytes_native_ms`: `groth16::verify_vk_bytes`, what a runtime that keeps
//!   only the SCALE key pays per proof: decoding and validating key, proof and input, preparing
//!   the key, verifying.

use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	field::Fr,
	groth16::{
		encoding::proof_from_eip2537, verify, verify_vk_bytes, PreparedVerifyingKey, ProofBytes,
	},
	hash::Hasher,
	params::ACCOUNT_TREE_DEPTH,
	poseidon::Poseidon,
	signature::{PrivateKey, TxSignature},
	smt::{MemoryStore, SparseMerkleTree},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{ChangePubKey, ChangePubKeyAuth, Deposit, L2Tx, PriorityOp, Transfer, Tx},
};
use std::{
	collections::BTreeMap,
	hint::black_box,
	time::{Duration, Instant},
};

const MIN_TIME: Duration = Duration::from_secs(2);

/// Runs `f` (which does `per_call` operations) until `MIN_TIME` passed; returns ops per second.
fn rate(per_call: u64, mut f: impl FnMut()) -> f64 {
	let start = Instant::now();
	let mut ops = 0u64;
	while start.elapsed() < MIN_TIME {
		f();
		ops += per_call;
	}
	ops as f64 / start.elapsed().as_secs_f64()
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
}

fn bench_poseidon() -> f64 {
	let h = Poseidon;
	let mut x = Fr::from(1u64);
	let y = Fr::from(2u64);
	rate(1000, || {
		for _ in 0..1000 {
			x = h.hash2(&x, &y);
		}
		black_box(x);
	})
}

fn bench_smt(batched: bool) -> f64 {
	let mut tree: SparseMerkleTree<Poseidon, MemoryStore, ACCOUNT_TREE_DEPTH> =
		SparseMerkleTree::new(Poseidon, MemoryStore::default(), Fr::from(0u64));
	let mut rng = Rng(0x5eed);
	let mask = (1u64 << ACCOUNT_TREE_DEPTH) - 1;
	let per_call = 256u64;
	rate(per_call, || {
		let updates: Vec<(u64, Fr)> =
			(0..per_call).map(|_| (rng.next() & mask, Fr::from(rng.next()))).collect();
		if batched {
			black_box(tree.update_batch(&updates).expect("in range"));
		} else {
			for (index, leaf) in updates {
				black_box(tree.update(index, leaf).expect("in range"));
			}
		}
	})
}

const ETH: TokenId = TokenId(1);
const CHAIN: ChainId = ChainId(1);
const USERS: u8 = 64;
const E18: u128 = 1_000_000_000_000_000_000;

fn world() -> (State, Vec<PrivateKey>, Vec<L1Address>) {
	let mut registry = Registry::default();
	let info = ChainInfo { evm_chain_id: 31_337, contract: L1Address([1; 20]) };
	registry.register_chain(CHAIN, info).expect("fresh");
	registry.register_token(ETH, b"ETH").expect("fresh");
	let eth = ChainToken { address: L1Address::default(), decimals: 18 };
	registry.add_token_to_chain(ETH, CHAIN, eth).expect("registered");
	let fees = FeePolicy { per_chunk: BTreeMap::from([(ETH, 1)]) };
	let mut state = State::genesis(registry, ExecutorConfig { fees, batch_chunks: usize::MAX });
	let keys: Vec<PrivateKey> = (1..=USERS).map(|s| PrivateKey::from_seed(&[s; 32])).collect();
	let addresses: Vec<L1Address> = (1..=USERS).map(|s| L1Address([s; 20])).collect();
	for (i, address) in addresses.iter().enumerate() {
		let deposit = Deposit {
			chain: CHAIN,
			serial_id: i as u64,
			to: *address,
			token: ETH,
			amount: 1_000 * E18,
		};
		state.apply(&Tx::Priority(PriorityOp::Deposit(deposit))).expect("deposit");
		let id = state.account_id_of(address).expect("opened");
		state.approve_pubkey_onchain(CHAIN, *address, 0, keys[i].public_key().hash());
		let mut tx = L2Tx::ChangePubKey(ChangePubKey {
			account: id,
			chain: CHAIN,
			new_pubkey_hash: keys[i].public_key().hash(),
			fee_token: ETH,
			fee: 10,
			nonce: 0,
			auth: ChangePubKeyAuth::Onchain,
			signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
		});
		*tx.signature_mut() = TxSignature::sign(&keys[i], tx.message());
		state.apply(&Tx::L2(tx)).expect("change pubkey");
	}
	state.root();
	(state, keys, addresses)
}

fn bench_executor() -> f64 {
	let (mut state, keys, addresses) = world();
	let per_round = 256usize;
	let mut nonces = vec![1u32; usize::from(USERS)];
	let mut rng = Rng(7);
	let mut total = 0u64;
	let mut elapsed = Duration::ZERO;
	while elapsed < MIN_TIME {
		// Sign a round of transfers outside the timed region.
		let txs: Vec<Tx> = (0..per_round)
			.map(|_| {
				let from = (rng.next() % u64::from(USERS)) as usize;
				let to =
					(from + 1 + (rng.next() % u64::from(USERS - 1)) as usize) % usize::from(USERS);
				let mut tx = L2Tx::Transfer(Transfer {
					from: state.account_id_of(&addresses[from]).expect("exists"),
					to: addresses[to],
					token: ETH,
					amount: 1_000,
					fee_token: ETH,
					fee: 2,
					nonce: nonces[from],
					signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
				});
				nonces[from] += 1;
				*tx.signature_mut() = TxSignature::sign(&keys[from], tx.message());
				Tx::L2(tx)
			})
			.collect();
		let start = Instant::now();
		for tx in &txs {
			state.apply(tx).expect("valid transfer");
		}
		black_box(state.root());
		elapsed += start.elapsed();
		total += per_round as u64;
	}
	total as f64 / elapsed.as_secs_f64()
}

/// A file of the repository, by path from its root.
fn repo_file(path: &str) -> String {
	let full = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
	std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
}

/// The value of a `"key": "0x…"` field of a JSON fixture, as bytes.
fn json_hex(json: &str, key: &str) -> Vec<u8> {
	let start = json.find(&format!("\"{key}\": \"0x")).expect("field present") + key.len() + 7;
	let end = start + json[start..].find('"').expect("closing quote");
	hex::decode(&json[start..end]).expect("hex")
}

/// Milliseconds per call of key preparation, prepared verification and byte-level
/// verification, on the committed block-8 key and proof.
fn bench_groth16() -> (f64, f64, f64) {
	let vk_bytes = hex::decode(repo_file("circuits/keys/block-8.vk.hex").trim()).expect("hex");
	let json = repo_file("contracts/test/fixtures/block8_batch1.json");
	let proof_bytes = json_hex(&json, "proof");
	let input: [u8; 32] = json_hex(&json, "commitment").try_into().expect("32 bytes");
	let vk = polylink_primitives::groth16::encoding::vk_from_bytes(&vk_bytes).expect("valid key");
	let proof = proof_from_eip2537(&proof_bytes).expect("valid proof");
	let x = polylink_primitives::field::from_be_bytes(&input).expect("below r");
	let ms = |per_s: f64| 1000.0 / per_s;
	let prepare = rate(1, || {
		black_box(PreparedVerifyingKey::new(black_box(&vk)));
	});
	let pvk = PreparedVerifyingKey::new(&vk);
	let verify_one = rate(1, || {
		verify(&pvk, black_box(&proof), &[x]).expect("verifies");
	});
	let from_bytes = rate(1, || {
		verify_vk_bytes(&vk_bytes, ProofBytes::Eip2537(black_box(&proof_bytes)), &[input])
			.expect("verifies");
	});
	(ms(prepare), ms(verify_one), ms(from_bytes))
}

fn main() {
	// `cargo bench` passes `--bench`; nothing here takes arguments.
	println!("poseidon_hashes_per_s: {:.0} hashes/s", bench_poseidon());
	println!("smt_updates_per_s: {:.0} updates/s", bench_smt(false));
	println!("smt_batched_updates_per_s: {:.0} updates/s", bench_smt(true));
	println!("executor_transfers_per_s: {:.0} transfers/s", bench_executor());
	let (prepare, verify, verify_vk_bytes) = bench_groth16();
	println!("groth16_prepare_native_ms: {prepare:.3} ms");
	println!("groth16_verify_native_ms: {verify:.3} ms");
	println!("groth16_verify_vk_bytes_native_ms: {verify_vk_bytes:.3} ms");
}
