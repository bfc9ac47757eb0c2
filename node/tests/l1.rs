//! One real L1 slice, through the real parts: `anvil --hardfork prague` with the contracts
//! deployed by `contracts/script/DeployChain.s.sol` (forge), and `polylink-node --dev --sealing
//! manual --prover --l1 1=<anvil>`.
//!
//! An ETH deposit on L1 is read by the node's oracle after its confirmation and voted (Alice,
//! the dev set's only oracle) into a fact that credits the L2 account; the depositor sets an L2
//! key (ChangePubKey authorised by its L1 signature) and transfers to a new address over
//! `polylink_submitTx`; the batch seals full, and while the node's prover works on it the test
//! sends a tampered proof, which the proof registry rejects and which still pays its fee. The
//! real proof is accepted, the oracle signs the commit digest, and the certificate is checked on
//! L1: the contract's `commitDigest` is the one signed, and the contract accepts
//! `commitBatches` for the batch with it (so the pubdata, the deposit, the key change, the roots
//! and the commitment the appchain proved are the ones the contract rebuilds). The node's proof
//! then passes `proveBatches` (the committed verifiers hold the dev keys every node derives), the
//! oracle votes the `BatchProven` event, and the sync certificate the appchain gathers passes
//! `syncBatches`. Then a lone transfer sealed by the timeout makes a 1-chunk batch, which L1
//! commits and verifies with its block-1 verifier. Last, the review's approval attack: a second
//! user's key change rests on an on-chain `setAuthPubkeyHash` approval; swapping the approval
//! before the commit reverts (write-once), and the batch commits and is proven. Then the
//! revocation: a proven, commit-certified batch that no L1 committed yet is revoked by
//! governance; the appchain halts and hides its commit certificate and its proof, the oracle
//! signs the revocation certificate; a front-runner who kept the public certificate and proof
//! commits and proves the batch on L1 before the certificate arrives; a relayer (the
//! `polylink-relayer` binary) then delivers it to `revokeCommitment` and drops the front-run
//! batch (`revertRevokedBatches`: committed and proven counters back, its sync hash gone), and
//! the batch's public commit certificate no longer commits it there (`CommitmentRevoked`).

use alloy_primitives::{Address, Bytes, FixedBytes, LogData, U256};
use alloy_sol_types::{SolCall, SolEvent, SolValue};
use parity_scale_codec::{Decode, Encode};
use polkadot_sdk::{
	frame_system, pallet_sudo, pallet_transaction_payment,
	sp_core::{crypto::Pair as _, sr25519},
	sp_io::hashing::twox_128,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{generic::Era, DispatchError, MultiAddress, MultiSignature},
};
use polylink_cli::Wallet;
use polylink_l1_bindings::{
	IRollup::{CommitBatchInfo, StoredBatchInfo},
	Rollup,
};
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	eth::{recover_address, L1Address},
	groth16::encoding::{g1_to_eip2537, g2_to_eip2537},
	token::TokenId,
	tx::{ChangePubKey, ChangePubKeyAuth, L2Tx},
};
use polylink_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use serde_json::{json, Value};
use std::time::Duration;

mod common;
use common::{
	alice_oracle, call, deploy, deposit_eth, eth_balance, eth_call, eth_send, free_port, hex0x,
	hex_list, priority_fee, relayer_config, scratch, start_anvil, start_node, start_relayer, unhex,
	with_blocks,
};

/// anvil's second account: the depositor (its L1 key also derives and authorises its L2 key).
const USER_KEY: &str = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/// anvil's third account: the user whose key change rests on an on-chain approval.
const SECOND_KEY: &str = "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
/// One ether in wei (and in L2 units: ETH has 18 decimals on L1 and L2).
const ETHER: u128 = 1_000_000_000_000_000_000;
/// What the user transfers on L2.
const TRANSFERRED: u128 = ETHER / 4;
/// The recipient of the transfer (a new L2 account).
const RECIPIENT: L1Address = L1Address([0x22; 20]);

/// `who`'s signed, immortal extrinsic of `call` at its next nonce.
fn signed_by(
	rpc: u16,
	who: Sr25519Keyring,
	call: RuntimeCall,
	genesis: polylink_runtime::Hash,
) -> Vec<u8> {
	let account = who.to_account_id();
	let nonce = call_rpc_nonce(rpc, &account.to_string());
	let pair: sr25519::Pair = who.pair();
	let extension = polylink_runtime::tx_extension(nonce, Era::Immortal);
	let version = polylink_runtime::VERSION;
	let implicit = (
		(),
		(),
		version.spec_version,
		version.transaction_version,
		genesis,
		genesis,
		(),
		(),
		(),
		(),
	);
	let payload = polylink_runtime::SignedPayload::from_raw(call, extension, implicit);
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let (call, extension, _) = payload.deconstruct();
	polylink_runtime::UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(account),
		MultiSignature::Sr25519(signature),
		extension,
	)
	.encode()
}

/// The next nonce of appchain account `who` (SS58).
fn call_rpc_nonce(rpc: u16, who: &str) -> u32 {
	let nonce = call(rpc, "system_accountNextIndex", json!([who])).expect("the nonce");
	nonce.as_u64().expect("a number") as u32
}

/// The events of the block `hash`.
fn events_at(rpc: u16, hash: &Value) -> Vec<RuntimeEvent> {
	let key = [twox_128(b"System"), twox_128(b"Events")].concat();
	let raw = call(rpc, "state_getStorage", json!([hex0x(&key), hash])).expect("the events");
	let records = Vec::<frame_system::EventRecord<RuntimeEvent, polylink_runtime::Hash>>::decode(
		&mut &unhex(&raw)[..],
	)
	.expect("the events decode");
	records.into_iter().map(|record| record.event).collect()
}

/// The placeholder signature `Wallet::sign` replaces.
fn unsigned() -> polylink_primitives::signature::TxSignature {
	polylink_primitives::signature::TxSignature { pub_key: [0; 32], signature: [0; 64] }
}

/// A proof of valid curve points that proves nothing: the generators.
fn tampered_proof() -> Vec<u8> {
	let g1 = g1_to_eip2537(&bls12_381::G1Affine::generator());
	let g2 = g2_to_eip2537(&bls12_381::G2Affine::generator());
	[&g1[..], &g2[..], &g1[..]].concat()
}

/// Submits `tx` over `polylink_submitTx`.
fn submit_tx(rpc: u16, tx: &L2Tx) {
	call(rpc, "polylink_submitTx", json!([hex0x(&tx.encode())])).expect("the L2 tx is accepted");
}

/// The user's L2 transactions: its key change (authorised by its L1 key) and a transfer.
fn user_txs(account: AccountId, chain: &ChainInfo, user: &Wallet) -> [L2Tx; 2] {
	let fee = polylink_runtime::genesis::DEV_FEE_PER_CHUNK;
	let one = TokenId(1);
	[
		user.change_pubkey(account, ChainId(1), chain, one, 3 * fee, 0),
		user.transfer(account, RECIPIENT, one, TRANSFERRED, one, 2 * fee, 1),
	]
}

/// Waits until batch `n` is proven on the appchain and commit-certified, then commits it on L1
/// from `relayer` with the appchain's data (pubdata, timestamp, proven root, the certificate) and
/// the batch's ChangePubKey witnesses; returns the record the contract stored (its
/// `BatchCommitted` event).
fn commit_on_l1(
	l1: u16,
	rpc: u16,
	rollup: [u8; 20],
	relayer: [u8; 20],
	n: u64,
	witnesses: Vec<Vec<u8>>,
) -> StoredBatchInfo {
	let info = certified_commit(l1, rpc, rollup, n, witnesses);
	let commit = Rollup::commitBatchesCall { batches: vec![info] }.abi_encode();
	eth_send(l1, relayer, rollup, 0, &commit);
	let committed = eth_call(l1, rollup, &Rollup::totalCommittedCall {}.abi_encode()).unwrap();
	assert_eq!(U256::abi_decode(&committed).unwrap(), U256::from(n), "batch {n} is committed");
	let batch = call(rpc, "polylink_batch", json!([n])).expect("the batch");
	let root = eth_call(l1, rollup, &Rollup::lastCommittedRootCall {}.abi_encode()).unwrap();
	assert_eq!(root, unhex(&batch["proven"]["newRoot"]), "L1 follows the proven root");
	committed_record(l1, rollup, n)
}

/// The record the contract stored for batch `n`, from its first `BatchCommitted` event.
fn committed_record(l1: u16, rollup: [u8; 20], n: u64) -> StoredBatchInfo {
	let topic = hex0x(Rollup::BatchCommitted::SIGNATURE_HASH.as_slice());
	let number = hex0x(&U256::from(n).to_be_bytes::<32>());
	let logs = call(
		l1,
		"eth_getLogs",
		json!([{"address": hex0x(&rollup), "fromBlock": "0x0", "topics": [topic, number]}]),
	)
	.expect("logs");
	let log = &logs.as_array().expect("a list")[0];
	let topics = log["topics"]
		.as_array()
		.expect("topics")
		.iter()
		.map(|t| FixedBytes::<32>::try_from(&unhex(t)[..]).expect("32 bytes"))
		.collect();
	let data = LogData::new(topics, unhex(&log["data"]).into()).expect("a log");
	Rollup::BatchCommitted::decode_log_data(&data).expect("BatchCommitted").info
}

/// Waits until batch `n` is proven on the appchain and commit-certified and returns its
/// `commitBatches` record as a relayer builds it from the appchain (pubdata, timestamp, proven
/// root, the certificate checked against the contract's `commitDigest`, the ChangePubKey
/// witnesses checked against `witnesses`).
fn certified_commit(
	l1: u16,
	rpc: u16,
	rollup: [u8; 20],
	n: u64,
	witnesses: Vec<Vec<u8>>,
) -> CommitBatchInfo {
	let certified = with_blocks(rpc, Duration::from_secs(900), || {
		let status = call(rpc, "polylink_batchStatus", json!([n])).expect("status");
		(status["commitCertified"] == json!(true)).then_some(())
	});
	assert!(certified.is_some(), "batch {n} was not proven and certified");
	let batch = call(rpc, "polylink_batch", json!([n])).expect("the batch");
	let certificate = call(rpc, "polylink_commitSignatures", json!([n])).expect("signatures");
	let digest: [u8; 32] = unhex(&certificate["digest"]).try_into().expect("32 bytes");
	let signatures: Vec<Vec<u8>> =
		certificate["signatures"].as_array().expect("a list").iter().map(unhex).collect();
	assert_eq!(signatures.len(), 1, "the dev set's quorum is Alice alone");
	let signature: [u8; 65] = signatures[0].clone().try_into().expect("65 bytes");
	assert_eq!(recover_address(&digest, &signature), Ok(L1Address(alice_oracle())));
	let chunks = batch["chunks"].as_u64().expect("chunks") as u32;
	let commitment: [u8; 32] = unhex(&batch["proven"]["commitment"]).try_into().expect("32");
	let on_l1 = eth_call(
		l1,
		rollup,
		&Rollup::commitDigestCall { batchNumber: n, chunks, commitment: commitment.into() }
			.abi_encode(),
	)
	.expect("commitDigest");
	assert_eq!(on_l1, digest, "the appchain's commit digest is the contract's");
	// The relayer's witnesses come from the appchain: what the test expects.
	let served = call(rpc, "polylink_changePubkeyWitnesses", json!([n, 1])).expect("witnesses");
	let served: Vec<Vec<u8>> = served.as_array().expect("a list").iter().map(unhex).collect();
	assert_eq!(served, witnesses, "batch {n}'s ChangePubKey witnesses for chain 1");
	CommitBatchInfo {
		batchNumber: n,
		timestamp: batch["timestamp"].as_u64().expect("timestamp"),
		chunks,
		newRoot: FixedBytes(unhex(&batch["proven"]["newRoot"]).try_into().expect("32")),
		pubdata: unhex(&call(rpc, "polylink_pubdata", json!([n])).expect("pubdata")).into(),
		pubdataHash: FixedBytes::ZERO,
		onchainOps: Bytes::new(),
		changePubKeyWitnesses: witnesses.into_iter().map(Bytes::from).collect(),
		signatures: vec![Bytes::copy_from_slice(&signature)],
	}
}

/// Proves the committed batch `stored` on L1 with the appchain's proof; checks `totalProven`.
fn prove_on_l1(l1: u16, rpc: u16, rollup: [u8; 20], relayer: [u8; 20], stored: &StoredBatchInfo) {
	let n = stored.batchNumber;
	let proof = unhex(&call(rpc, "polylink_proof", json!([n])).expect("the proof"));
	let prove =
		Rollup::proveBatchesCall { batches: vec![stored.clone()], proofs: vec![proof.into()] }
			.abi_encode();
	eth_send(l1, relayer, rollup, 0, &prove);
	let proven = eth_call(l1, rollup, &Rollup::totalProvenCall {}.abi_encode()).expect("proven");
	assert_eq!(U256::abi_decode(&proven).unwrap(), U256::from(n), "batch {n} is proven on L1");
}

#[test]
fn an_l1_deposit_is_credited_transferred_and_its_batches_verified_on_l1() {
	let (_anvil, l1) = start_anvil();
	deploy(l1, &[alice_oracle()]);

	// The dev chain spec registers chain 1 at the address the deployment got.
	let (_, dev_chain, contract, _) = polylink_runtime::genesis::DEV_CHAINS[0];
	let rollup = contract;
	let code = call(l1, "eth_getCode", json!([hex0x(&rollup), "latest"])).expect("code");
	assert!(
		unhex(&code).len() > 1000,
		"no rollup contract at the dev chain spec's address {}: the deployment moved",
		hex0x(&rollup)
	);
	let chain = ChainInfo { evm_chain_id: dev_chain, contract: L1Address(contract) };

	let rpc = free_port();
	let base = scratch("l1-test");
	let log = scratch("l1-test.log");
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
	let l1_arg = format!("1=http://127.0.0.1:{l1}");
	let _node =
		start_node(&base, &log, rpc, free_port(), &["--l1", &l1_arg, "--l1-poll-ms", "200"]);
	let genesis: polylink_runtime::Hash = serde_json::from_value(
		call(rpc, "chain_getBlockHash", json!([0])).expect("the genesis hash"),
	)
	.expect("a hash");

	// 1. Deposit 1 ETH on L1 for the user; the oracle votes it into a fact that credits L2.
	let user = Wallet::from_hex(USER_KEY).expect("anvil's key");
	let user_address = user.address();
	let user_hex = hex0x(&user_address.0);
	deposit_eth(l1, user_address.0, rollup, user_address.0, ETHER);
	let fee = priority_fee(l1, rollup);
	assert!(fee > 0, "DeployChain charges the documented priority fee");
	let held = call(l1, "eth_getBalance", json!([hex0x(&rollup), "latest"])).expect("balance");
	assert_eq!(held, json!(format!("{:#x}", ETHER + fee)), "the L1 reserve and the fee");
	let credited = with_blocks(rpc, Duration::from_secs(120), || {
		(eth_balance(rpc, &user_hex) == ETHER).then_some(())
	});
	assert!(credited.is_some(), "the deposit was not credited on L2; see {}", log.display());
	let account = call(rpc, "polylink_account", json!([user_hex])).expect("the account");
	let account = AccountId(account["id"].as_u64().expect("an id") as u32);

	// 2. The user sets its L2 key and transfers to a new address: 3 + 3 + 2 chunks fill batch 1.
	//    What the new key signs enters the pool once the key is set (a later nonce must carry
	//    the account's current key), so the transfer waits for the key change's block.
	let [change, transfer] = user_txs(account, &chain, &user);
	submit_tx(rpc, &change);
	let key_set = with_blocks(rpc, Duration::from_secs(30), || {
		let nonce = call(rpc, "polylink_nonce", json!([user_hex])).expect("the nonce");
		(nonce == json!(1)).then_some(())
	});
	assert!(key_set.is_some(), "the key change was not sequenced; see {}", log.display());
	submit_tx(rpc, &transfer);
	let sealed = with_blocks(rpc, Duration::from_secs(60), || {
		let status = call(rpc, "polylink_batchStatus", json!([1])).expect("status");
		(status["sealed"] == json!(true)).then_some(())
	});
	assert!(sealed.is_some(), "batch 1 was not sealed; see {}", log.display());
	let recipient_hex = hex0x(&RECIPIENT.0);
	assert_eq!(eth_balance(rpc, &recipient_hex), TRANSFERRED);
	let fees = 5 * polylink_runtime::genesis::DEV_FEE_PER_CHUNK;
	assert_eq!(eth_balance(rpc, &user_hex), ETHER - TRANSFERRED - fees);

	// 3. While the prover works, a tampered proof is rejected and pays.
	let bob = Sr25519Keyring::Bob.to_account_id();
	let tampered = RuntimeCall::ProofRegistry(pallet_polylink_proof_registry::Call::submit_proof {
		batch: 1,
		new_root: [0; 32],
		proof: tampered_proof().try_into().expect("512 bytes fit"),
	});
	let xt = signed_by(rpc, Sr25519Keyring::Bob, tampered, genesis);
	call(rpc, "author_submitExtrinsic", json!([hex0x(&xt)])).expect("the pool takes it");
	let block = call(rpc, "engine_createBlock", json!([true, true, null])).expect("a block");
	let events = events_at(rpc, &block["hash"]);
	let invalid: DispatchError =
		pallet_polylink_proof_registry::Error::<Runtime>::InvalidProof.into();
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. })
				if *dispatch_error == invalid
		)),
		"the tampered proof failed with InvalidProof: {events:?}"
	);
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. }
			) if *who == bob && *actual_fee > 0
		)),
		"Bob paid for the rejected proof: {events:?}"
	);
	let status = call(rpc, "polylink_batchStatus", json!([1])).expect("status");
	assert_eq!(status["proven"], json!(false), "a tampered proof proves nothing");

	// 4. The real proof is accepted and the oracle signs the commit certificate (checked with
	//    the commit below: the digest is the contract's, signed by Alice's oracle key).
	let certified = with_blocks(rpc, Duration::from_secs(600), || {
		let status = call(rpc, "polylink_batchStatus", json!([1])).expect("status");
		(status["commitCertified"] == json!(true)).then_some(())
	});
	assert!(certified.is_some(), "batch 1 was not proven and certified; see {}", log.display());

	// 5. On L1 the contract commits the batch with the appchain's data and certificate.
	let [change, _] = user_txs(account, &chain, &user);
	let L2Tx::ChangePubKey(ChangePubKey { auth: ChangePubKeyAuth::EthSignature(witness), .. }) =
		change
	else {
		unreachable!("the first tx is the key change")
	};
	let relayer = user_address.0;
	let stored = commit_on_l1(l1, rpc, rollup, relayer, 1, vec![witness.to_vec()]);
	assert_eq!(stored.chunks, 8);
	assert_eq!(stored.priorityOps, 1, "the batch consumes the deposit's priority request");

	// 6. The node's proof passes proveBatches: the committed Block8Verifier holds the dev key that
	//    every node derives. The oracle votes the BatchProven event, the appchain gathers the sync
	//    certificate, and syncBatches accepts it.
	prove_on_l1(l1, rpc, rollup, relayer, &stored);
	let certificate = with_blocks(rpc, Duration::from_secs(120), || {
		let certificate = call(rpc, "polylink_syncCertificate", json!([1])).expect("certificate");
		(!certificate.is_null()).then_some(certificate)
	})
	.unwrap_or_else(|| panic!("no sync certificate for batch 1; see {}", log.display()));
	let sync_hash = eth_call(l1, rollup, &Rollup::syncHashCall { batchNumber: 1 }.abi_encode())
		.expect("syncHash");
	assert_eq!(unhex(&certificate["syncHash"]), sync_hash, "the appchain saw this chain's hash");
	let signatures: Vec<Bytes> =
		hex_list(&certificate["signatures"]).into_iter().map(Bytes::from).collect();
	let sync = Rollup::syncBatchesCall { batch: stored, signatures }.abi_encode();
	eth_send(l1, relayer, rollup, 0, &sync);
	let synced = eth_call(l1, rollup, &Rollup::totalSyncedCall {}.abi_encode()).expect("synced");
	assert_eq!(U256::abi_decode(&synced).unwrap(), U256::from(1), "batch 1 is synced on L1");

	// 7. A lone 1-chunk transfer sealed by the timeout is a 1-chunk batch, which L1 commits and
	//    verifies with its Block1Verifier.
	let fee = polylink_runtime::genesis::DEV_FEE_PER_CHUNK;
	let one = TokenId(1);
	submit_tx(rpc, &user.transfer(account, RECIPIENT, one, TRANSFERRED, one, fee, 2));
	let sealed = with_blocks(rpc, Duration::from_secs(60), || {
		let status = call(rpc, "polylink_batchStatus", json!([2])).expect("status");
		(status["sealed"] == json!(true)).then_some(())
	});
	assert!(sealed.is_some(), "batch 2 was not sealed by the timeout; see {}", log.display());
	let batch = call(rpc, "polylink_batch", json!([2])).expect("batch 2");
	assert_eq!(batch["chunks"], json!(1), "a lone transfer seals at the smallest size");
	let stored = commit_on_l1(l1, rpc, rollup, relayer, 2, Vec::new());
	assert_eq!(stored.chunks, 1);
	prove_on_l1(l1, rpc, rollup, relayer, &stored);
	assert_eq!(eth_balance(rpc, &recipient_hex), 2 * TRANSFERRED);

	// 8. The review's approval attack, end to end. A second user approves its L2 key on L1
	//    (setAuthPubkeyHash), the oracle votes the approval, and the key change is sequenced on
	//    it. Swapping the approval before the commit now reverts on L1, so the batch commits
	//    (with the empty witness of an on-chain approval) and is proven.
	let second = Wallet::from_hex(SECOND_KEY).expect("anvil's key");
	let owner = second.address();
	deposit_eth(l1, owner.0, rollup, owner.0, ETHER);
	let owner_hex = hex0x(&owner.0);
	let credited = with_blocks(rpc, Duration::from_secs(120), || {
		(eth_balance(rpc, &owner_hex) == ETHER).then_some(())
	});
	assert!(credited.is_some(), "the second deposit was not credited; see {}", log.display());
	let id = call(rpc, "polylink_account", json!([owner_hex])).expect("the account");
	let id = AccountId(id["id"].as_u64().expect("an id") as u32);
	let approved: FixedBytes<20> = second.pubkey_hash().0.into();
	let approve = Rollup::setAuthPubkeyHashCall { pubKeyHash: approved, nonce: 0 }.abi_encode();
	eth_send(l1, owner.0, rollup, 0, &approve);
	let change = second.sign(L2Tx::ChangePubKey(ChangePubKey {
		account: id,
		chain: ChainId(1),
		new_pubkey_hash: second.pubkey_hash(),
		fee_token: one,
		fee: 3 * fee,
		nonce: 0,
		auth: ChangePubKeyAuth::Onchain,
		signature: unsigned(),
	}));
	// The pool takes the key change once the oracle's approval fact is decided.
	let accepted = with_blocks(rpc, Duration::from_secs(60), || {
		call(rpc, "polylink_submitTx", json!([hex0x(&change.encode())])).ok()
	});
	assert!(accepted.is_some(), "the approved key change was refused; see {}", log.display());
	let swap = Rollup::setAuthPubkeyHashCall { pubKeyHash: FixedBytes([0x66; 20]), nonce: 0 };
	let tx = json!([{"from": owner_hex, "to": hex0x(&rollup), "data": hex0x(&swap.abi_encode()),
		"gas": "0x30000"}]);
	let hash = call(l1, "eth_sendTransaction", tx).expect("anvil mines it");
	let receipt = with_blocks(rpc, Duration::from_secs(30), || {
		let receipt = call(l1, "eth_getTransactionReceipt", json!([hash])).expect("a receipt");
		(!receipt.is_null()).then_some(receipt)
	})
	.expect("the swap was mined");
	assert_eq!(receipt["status"], json!("0x0"), "the approval swap must revert: {receipt}");
	let current = Rollup::authPubkeyHashCall { owner: Address::from(owner.0), nonce: 0 };
	let current = eth_call(l1, rollup, &current.abi_encode()).expect("authPubkeyHash");
	assert_eq!(&current[..20], approved.as_slice(), "the approval the appchain used stands");
	let sealed = with_blocks(rpc, Duration::from_secs(60), || {
		let status = call(rpc, "polylink_batchStatus", json!([3])).expect("status");
		(status["sealed"] == json!(true)).then_some(())
	});
	assert!(sealed.is_some(), "batch 3 was not sealed; see {}", log.display());
	let stored = commit_on_l1(l1, rpc, rollup, relayer, 3, vec![Vec::new()]);
	prove_on_l1(l1, rpc, rollup, relayer, &stored);

	// 9. A revocation holds deployment-wide. Batch 4 (a lone transfer) is proven and
	//    commit-certified, and its commit certificate is public: L1 would commit it. Governance
	//    revokes it (sudo) before any L1 does: the appchain hides the certificate, halts (the
	//    next transaction is refused in words), and the oracle signs the revocation certificate,
	//    which `revokeCommitment` takes on L1. The commit certificate taken before the
	//    revocation commits nothing there any more.
	submit_tx(rpc, &user.transfer(account, RECIPIENT, one, TRANSFERRED, one, fee, 3));
	let info = certified_commit(l1, rpc, rollup, 4, Vec::new());
	let commit = Rollup::commitBatchesCall { batches: vec![info] }.abi_encode();
	eth_call(l1, rollup, &commit).expect("before the revocation, L1 would commit batch 4");
	// A front-runner keeps the public certificate and the appchain's proof of batch 4.
	let kept_proof = unhex(&call(rpc, "polylink_proof", json!([4])).expect("the proof"));
	assert_eq!(kept_proof.len(), 512, "the appchain serves batch 4's proof before the revocation");
	let revoke = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
		call: Box::new(RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::revoke {
			from: 4,
		})),
	});
	let xt = signed_by(rpc, Sr25519Keyring::Alice, revoke, genesis);
	call(rpc, "author_submitExtrinsic", json!([hex0x(&xt)])).expect("the pool takes it");
	let certificate = with_blocks(rpc, Duration::from_secs(120), || {
		let certificate =
			call(rpc, "polylink_revocationCertificate", json!([4])).expect("certificate");
		(!certificate.is_null()).then_some(certificate)
	})
	.unwrap_or_else(|| panic!("no revocation certificate for batch 4; see {}", log.display()));
	assert_eq!(call(rpc, "polylink_revokedFrom", json!([])).expect("revokedFrom"), json!(4));
	let hidden = call(rpc, "polylink_commitSignatures", json!([4])).expect("signatures");
	assert_eq!(hidden["signatures"], json!([]), "a revoked batch's commit certificate is hidden");
	let no_proof = call(rpc, "polylink_proof", json!([4])).expect("proof");
	assert_eq!(no_proof, Value::Null, "a revoked batch's proof is not served");
	let halted = call(
		rpc,
		"polylink_submitTx",
		json!([hex0x(&user.transfer(account, RECIPIENT, one, 1, one, fee, 4).encode())]),
	)
	.expect_err("a halted rollup takes no transaction");
	assert!(halted.contains("the rollup is halted: governance revoked batch 4"), "{halted}");
	let batch = call(rpc, "polylink_batch", json!([4])).expect("batch 4");
	let commitment = unhex(&batch["proven"]["commitment"]);
	assert_eq!(unhex(&certificate["commitment"]), commitment, "the revoked commitment");
	let signatures: Vec<Bytes> =
		hex_list(&certificate["signatures"]).into_iter().map(Bytes::from).collect();
	assert!(!signatures.is_empty(), "a quorum signed the revocation");
	// The front-runner's race: before any relayer delivers the certificate, it commits and
	// proves batch 4 on L1 with what it kept.
	let commitment = FixedBytes::<32>::try_from(&commitment[..]).expect("32 bytes");
	let revoked = Rollup::revokedCommitmentCall { commitment }.abi_encode();
	assert_eq!(eth_call(l1, rollup, &revoked).expect("revokedCommitment")[31], 0);
	eth_send(l1, relayer, rollup, 0, &commit);
	let stored = committed_record(l1, rollup, 4);
	let prove = Rollup::proveBatchesCall {
		batches: vec![stored.clone()],
		proofs: vec![kept_proof.clone().into()],
	};
	eth_send(l1, relayer, rollup, 0, &prove.abi_encode());
	let total = |call: Vec<u8>| U256::abi_decode(&eth_call(l1, rollup, &call).unwrap()).unwrap();
	assert_eq!(total(Rollup::totalProvenCall {}.abi_encode()), U256::from(4), "front-run");
	// A relayer delivers the certificate and drops the front-run batch: the chain then refuses
	// the revoked commitment, to commit and to prove.
	let config = scratch("l1-test.relayer.toml");
	let relayer_log = scratch("l1-test.relayer.log");
	let _ = relayer_config(&config, rpc, l1, rollup);
	let _relayer = start_relayer(&config, &relayer_log);
	let delivered = with_blocks(rpc, Duration::from_secs(60), || {
		(eth_call(l1, rollup, &revoked).ok()?[31] == 1).then_some(())
	});
	assert!(
		delivered.is_some(),
		"the relayer did not deliver the revocation; see {}",
		relayer_log.display()
	);
	let reverted = with_blocks(rpc, Duration::from_secs(60), || {
		(total(Rollup::totalCommittedCall {}.abi_encode()) == U256::from(3)).then_some(())
	});
	assert!(reverted.is_some(), "the relayer did not drop batch 4; see {}", relayer_log.display());
	let relayer_text = std::fs::read_to_string(&relayer_log).expect("the relayer's log");
	assert!(relayer_text.contains("step=revoke batch=4"), "{relayer_text}");
	assert!(relayer_text.contains("step=revert batch=4"), "{relayer_text}");
	assert_eq!(total(Rollup::totalProvenCall {}.abi_encode()), U256::from(3), "unproven");
	let sync_4 = eth_call(l1, rollup, &Rollup::syncHashCall { batchNumber: 4 }.abi_encode());
	assert_eq!(sync_4.expect("syncHash"), vec![0; 32], "the front-run sync hash is gone");
	let selector = alloy_primitives::keccak256("PolylinkRollup_CommitmentRevoked(uint64,bytes32)");
	let refused = eth_call(l1, rollup, &commit).expect_err("a revoked commitment is refused");
	assert!(refused.contains(&hex::encode(&selector[..4])), "CommitmentRevoked: {refused}");

	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
	let _ = std::fs::remove_file(&config);
	let _ = std::fs::remove_file(&relayer_log);
}

/// The storage slot of `blockVerifier[chunks]` in the rollup contract (the mapping is slot 2:
/// `forge inspect src/Rollup.sol:Rollup storageLayout`; checked against the getter below).
fn block_verifier_slot(chunks: u64) -> [u8; 32] {
	alloy_primitives::keccak256((U256::from(chunks), U256::from(2)).abi_encode()).0
}

/// Starts a node watching `l1` on a fresh base path and waits until its log says `needle`.
fn node_log_says(l1: u16, name: &str, needle: &str) -> bool {
	let base = scratch(name);
	let log = scratch(&format!("{name}.log"));
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
	let l1_arg = format!("1=http://127.0.0.1:{l1}");
	let _node = common::spawn_node(
		&base,
		&log,
		free_port(),
		free_port(),
		&["--sealing", "manual", "--l1", &l1_arg, "--l1-poll-ms", "200"],
	);
	let start = std::time::Instant::now();
	let found = loop {
		let text = std::fs::read_to_string(&log).unwrap_or_default();
		if text.contains(needle) {
			break true;
		}
		if start.elapsed() > Duration::from_secs(60) {
			eprintln!("{text}");
			break false;
		}
		std::thread::sleep(Duration::from_millis(250));
	};
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
	found
}

#[test]
fn a_chain_that_cannot_verify_a_size_or_an_exit_the_appchain_needs_is_refused_by_the_oracle() {
	let (_anvil, l1) = start_anvil();
	deploy(l1, &[alice_oracle()]);
	let (_, _, rollup, _) = polylink_runtime::genesis::DEV_CHAINS[0];
	let verifier_of = |chunks: u64| {
		let call = Rollup::blockVerifierCall { chunks: U256::from(chunks) }.abi_encode();
		eth_call(l1, rollup, &call).expect("blockVerifier")
	};
	let slot = hex0x(&block_verifier_slot(1));
	let stored = call(l1, "eth_getStorageAt", json!([hex0x(&rollup), slot, "latest"])).unwrap();
	assert_eq!(unhex(&stored), verifier_of(1), "blockVerifier[1] is at the computed slot");

	// 1. The 1-chunk verifier holds another key (block-8's verifier registered for 1 chunk).
	let block8 = hex0x(&verifier_of(8));
	call(l1, "anvil_setStorageAt", json!([hex0x(&rollup), slot, block8])).expect("set");
	assert!(
		node_log_says(l1, "l1-wrong-verifier", "holds key 0x"),
		"the oracle did not refuse a verifier with the wrong key"
	);

	// 2. No 1-chunk verifier at all.
	let block1 = stored.clone();
	call(l1, "anvil_setStorageAt", json!([hex0x(&rollup), slot, hex0x(&[0u8; 32])])).expect("set");
	assert!(
		node_log_says(l1, "l1-no-verifier", "has no verifier for 1-chunk batches"),
		"the oracle did not refuse a chain without a 1-chunk verifier"
	);

	// 3. The block verifiers are right again, but the exit verifier holds another key (block-8's
	//    verifier's code at the exit verifier's address): exit proofs made with the deployment's
	//    exit parameters would be refused there.
	call(l1, "anvil_setStorageAt", json!([hex0x(&rollup), slot, block1])).expect("set");
	let exit = eth_call(l1, rollup, &Rollup::exitVerifierCall {}.abi_encode()).expect("exit");
	let block8_code = call(l1, "eth_getCode", json!([hex0x(&verifier_of(8)[12..]), "latest"]))
		.expect("block-8's code");
	call(l1, "anvil_setCode", json!([hex0x(&exit[12..]), block8_code])).expect("set code");
	assert!(
		node_log_says(l1, "l1-wrong-exit-verifier", "exit verifier 0x"),
		"the oracle did not refuse an exit verifier with the wrong key"
	);
}
