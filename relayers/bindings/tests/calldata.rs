//! Calldata built from the committed ABIs, without network or forge: a `commitBatches` call of
//! a batch sealed by the executor, `verifyProof` of the block-8 fixture proof, and the presence
//! in the ABI of every entry point the relayers call, and token registrations derived from the
//! registry.

use std::{collections::BTreeMap, fs, path::PathBuf};

use alloy_json_abi::JsonAbi;
use alloy_primitives::{keccak256, Bytes, FixedBytes, U256};
use alloy_sol_types::SolCall;
use polylink_l1_bindings::{
	commit_batch_info, compressed_onchain_ops, own_ops, register_token_call, Block8Verifier,
	CalldataError, DataPath, ExitVerifier, IVerifier, Rollup,
};
use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	executor::Batch,
	field,
	params::CHUNK_BYTES,
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{Deposit, PriorityOp, Tx},
};

const ETH: TokenId = TokenId(1);
const USDC: TokenId = TokenId(2);
const C1: ChainId = ChainId(1);
const C2: ChainId = ChainId(2);
const E18: u128 = 1_000_000_000_000_000_000;
/// The test batch's capacity in chunks.
const CHUNKS: usize = 8;

/// A file of the repository, by path from its root.
fn repo_file(path: &str) -> String {
	let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
	fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
}

/// The first four bytes of `keccak256(signature)`.
fn selector(signature: &str) -> [u8; 4] {
	keccak256(signature.as_bytes())[..4].try_into().expect("four bytes")
}

/// Batch 1 of a two-chain rollup: an ETH deposit on chain 1, then one on chain 2.
fn sealed_batch() -> Batch {
	let mut registry = Registry::default();
	registry.register_token(ETH, b"ETH").expect("fresh token");
	for c in [C1, C2] {
		let info =
			ChainInfo { evm_chain_id: 31_337 + u64::from(c.0), contract: L1Address([c.0; 20]) };
		registry.register_chain(c, info).expect("fresh chain");
		let native = ChainToken { address: L1Address::default(), decimals: 18 };
		registry.add_token_to_chain(ETH, c, native).expect("fresh token on chain");
	}
	let fees = FeePolicy { per_chunk: BTreeMap::from([(ETH, 10)]) };
	let mut state = State::genesis(registry, ExecutorConfig { fees, batch_chunks: CHUNKS });
	for (chain, to, amount) in [(C1, [0x11; 20], 2 * E18), (C2, [0x22; 20], 3 * E18)] {
		let op = Deposit { chain, serial_id: 0, to: L1Address(to), token: ETH, amount };
		state.apply(&Tx::Priority(PriorityOp::Deposit(op))).expect("deposit");
	}
	state.seal_batch(1_700_000_001).expect("seal")
}

/// Three placeholder 65-byte oracle signatures (encoding does not check them).
fn signatures() -> Vec<Bytes> {
	(1..=3u8).map(|i| Bytes::from(vec![i; 65])).collect()
}

#[test]
fn commit_batches_call_round_trips_on_the_da_path() {
	let batch = sealed_batch();
	let info = commit_batch_info(&batch, DataPath::Full, vec![], signatures()).expect("info");
	assert_eq!(info.batchNumber, 1);
	assert_eq!(info.chunks as usize, CHUNKS);
	assert_eq!(info.newRoot, FixedBytes(field::to_be_bytes(&batch.new_root)));
	assert_eq!(info.pubdata.len(), CHUNKS * CHUNK_BYTES);
	assert!(info.onchainOps.is_empty());

	let call = Rollup::commitBatchesCall { batches: vec![info] };
	let data = call.abi_encode();
	let expected = selector(
		"commitBatches((uint64,uint64,uint32,bytes32,bytes,bytes32,bytes,bytes[],bytes[])[])",
	);
	assert_eq!(data[..4], expected);
	assert_eq!(Rollup::commitBatchesCall::SELECTOR, expected);
	assert_eq!(Rollup::commitBatchesCall::abi_decode(&data).expect("decodes"), call);
}

#[test]
fn commit_batches_call_round_trips_on_the_compressed_path() {
	let batch = sealed_batch();
	let info = commit_batch_info(&batch, DataPath::Compressed, vec![], signatures()).expect("info");
	assert!(info.pubdata.is_empty());
	assert_eq!(info.pubdataHash, FixedBytes(batch.pubdata_hash));
	// Two deposits (3 chunks each) at chunks 0 and 3, each as `uint16 chunk ‖ op`.
	let op = 3 * CHUNK_BYTES;
	assert_eq!(info.onchainOps.len(), 2 * (2 + op));
	assert_eq!(info.onchainOps[..2], [0, 0]);
	assert_eq!(info.onchainOps[2..2 + op], batch.pubdata[..op]);
	assert_eq!(info.onchainOps[2 + op..4 + op], [0, 3]);
	assert_eq!(info.onchainOps[4 + op..], batch.pubdata[op..2 * op]);
	// Each chain executes its own deposit only.
	assert_eq!(own_ops(&batch.pubdata, C1).expect("decodes"), batch.pubdata[..op]);
	assert_eq!(own_ops(&batch.pubdata, C2).expect("decodes"), batch.pubdata[op..2 * op]);

	let call = Rollup::commitBatchesCall { batches: vec![info] };
	assert_eq!(Rollup::commitBatchesCall::abi_decode(&call.abi_encode()).expect("decodes"), call);
}

#[test]
fn calldata_rejects_unaligned_pubdata() {
	let mut batch = sealed_batch();
	batch.pubdata.pop();
	let len = batch.pubdata.len();
	assert_eq!(
		commit_batch_info(&batch, DataPath::Full, vec![], vec![]),
		Err(CalldataError::NotChunkAligned(len))
	);
	assert_eq!(compressed_onchain_ops(&batch.pubdata), Err(CalldataError::NotChunkAligned(len)));
}

#[test]
fn verify_proof_call_encodes_the_block8_fixture() {
	let json: serde_json::Value =
		serde_json::from_str(&repo_file("contracts/test/fixtures/block8_batch1.json"))
			.expect("json");
	let hex_field = |key: &str| {
		let s = json[key].as_str().expect("a string field");
		hex::decode(s.strip_prefix("0x").expect("0x prefix")).expect("hex")
	};
	let proof = Bytes::from(hex_field("proof"));
	assert_eq!(proof.len(), 512, "EIP-2537 A, B, C");
	let commitment: [u8; 32] = hex_field("commitment").try_into().expect("32 bytes");
	let input = U256::from_be_bytes(commitment);

	let call = Block8Verifier::verifyProofCall { proof: proof.clone(), input };
	let data = call.abi_encode();
	let expected = selector("verifyProof(bytes,uint256)");
	assert_eq!(data[..4], expected);
	// selector ‖ offset of `proof` ‖ input ‖ length ‖ 512 bytes.
	assert_eq!(data.len(), 4 + 32 * 3 + 512);
	assert_eq!(data[4 + 32..4 + 64], commitment);
	assert_eq!(Block8Verifier::verifyProofCall::abi_decode(&data).expect("decodes"), call);
	// Every verifier answers the same interface.
	assert_eq!(IVerifier::verifyProofCall::SELECTOR, expected);
	assert_eq!(ExitVerifier::verifyProofCall::SELECTOR, expected);
	assert_eq!(IVerifier::verifyProofCall { proof, input }.abi_encode(), data);
}

#[test]
fn every_entry_point_the_relayers_call_is_in_the_abi() {
	let abi: JsonAbi =
		serde_json::from_str(&repo_file("contracts/abi/Rollup.json")).expect("a JSON ABI");
	// The generated call types exist (this compiles) and their selectors are the ABI's.
	let calls: [(&str, [u8; 4]); 8] = [
		("commitBatches", Rollup::commitBatchesCall::SELECTOR),
		("proveBatches", Rollup::proveBatchesCall::SELECTOR),
		("syncBatches", Rollup::syncBatchesCall::SELECTOR),
		("executeBatches", Rollup::executeBatchesCall::SELECTOR),
		("depositETH", Rollup::depositETHCall::SELECTOR),
		("requestFullExit", Rollup::requestFullExitCall::SELECTOR),
		("performExodus", Rollup::performExodusCall::SELECTOR),
		("activateExitMode", Rollup::activateExitModeCall::SELECTOR),
	];
	for (name, sel) in calls {
		let functions = abi.function(name).unwrap_or_else(|| panic!("{name} is not in the ABI"));
		assert_eq!(functions.len(), 1, "{name} is not overloaded");
		assert_eq!(functions[0].selector().0, sel, "{name}: {}", functions[0].signature());
	}
	assert_eq!(
		Rollup::performExodusCall::SIGNATURE,
		"performExodus(uint32,address,uint16,uint128,bytes)"
	);
	assert_eq!(
		Rollup::proveBatchesCall::SIGNATURE,
		"proveBatches((uint64,uint64,uint64,uint64,uint32,bytes32,bytes32,bytes32,bytes32,bytes32)[],bytes[])"
	);
}

/// `#[sol(rpc)]` generated provider-backed instances of every contract; this only has to
/// compile (sending needs a provider and a node).
#[allow(dead_code)]
fn rpc_instances_exist<P: alloy_contract::private::Provider + Clone>(provider: P) {
	use alloy_primitives::Address;
	let _rollup = Rollup::new(Address::ZERO, provider.clone());
	let _block8 = Block8Verifier::new(Address::ZERO, provider.clone());
	let _exit = ExitVerifier::new(Address::ZERO, provider.clone());
	let _verifier = IVerifier::new(Address::ZERO, provider);
}

/// Token registrations come from the one registry: a chain's `registerToken` carries the
/// registry's address and decimals for that chain, and a token the registry does not hold on
/// that chain is refused before any call is built.
#[test]
fn register_token_calls_follow_the_registry() {
	let mut registry = Registry::default();
	registry.register_token(USDC, b"USDC").expect("fresh token");
	for c in [C1, C2] {
		let info =
			ChainInfo { evm_chain_id: 31_337 + u64::from(c.0), contract: L1Address([c.0; 20]) };
		registry.register_chain(c, info).expect("fresh chain");
	}
	let usdc = ChainToken { address: L1Address([0xa1; 20]), decimals: 6 };
	registry.add_token_to_chain(USDC, C1, usdc).expect("fresh token on chain");
	let call = register_token_call(&registry, USDC, C1, 10_000_000).expect("registered on chain 1");
	assert_eq!(call.tokenId, USDC.0);
	assert_eq!(call.token.0 .0, [0xa1; 20]);
	assert_eq!(call.decimals, 6);
	assert_eq!(call.minDeposit, 10_000_000);
	let encoded = call.abi_encode();
	assert_eq!(encoded[..4], selector("registerToken(uint16,address,uint8,uint128)"));
	assert_eq!(Rollup::registerTokenCall::abi_decode(&encoded).expect("decodes").decimals, 6);
	assert_eq!(
		register_token_call(&registry, USDC, C2, 1),
		Err(CalldataError::UnknownToken { token: USDC, chain: C2 })
	);
}
