//! Sealing batches: fees, padding, pubdata, on-chain hashes and the commitment.

use super::*;
use crate::{
	chain::LiveChains,
	commitment,
	params::CHUNK_BYTES,
	pubdata::{decode_pubdata, Op},
};

#[test]
fn seal_batch_works() {
	let mut w = World::new(2);
	let tx = w.sign(0, w.transfer(0, w.users[1].address, ETH, E18));
	w.apply(&tx).expect("valid");
	let tx = w.sign(1, w.withdraw(1, C2, USDC, E18));
	w.apply(&tx).expect("valid");
	let fees = w.state.open_batch().fees.clone();
	let chunks = w.state.open_batch().chunks;
	let genesis_root = w.state.last_batch_root();
	let batch = w.state.seal_batch(1_700_000_000).expect("seal");

	assert_eq!(batch.number, 1);
	assert_eq!(batch.old_root, genesis_root);
	assert_eq!(batch.pubdata.len(), config().batch_chunks * CHUNK_BYTES);
	let decoded = decode_pubdata(&batch.pubdata).expect("well-formed");
	assert_eq!(&decoded[..batch.ops.len()], &batch.ops[..]);
	assert_eq!(decoded.len() - batch.ops.len(), config().batch_chunks - chunks);
	assert!(decoded[batch.ops.len()..].iter().all(|op| *op == Op::Noop));
	assert_eq!(
		batch.commitment,
		commitment::commitment(
			1,
			1_700_000_000,
			w.state.registry().live_chains(),
			&batch.old_root,
			&batch.new_root,
			&batch.pubdata_hash,
			&batch.onchain_hash
		)
	);
	assert_eq!(batch.live_chains, LiveChains::of([C1, C2]));
	let sha = commitment::sha256;
	assert_eq!(batch.pubdata_hash, sha(&batch.pubdata));
	let onchain = commitment::onchain_data(&batch.pubdata).expect("well-formed");
	assert_eq!(batch.onchain_hash, sha(&onchain));
	// Off-chain operations (the transfer) are masked, on-chain ones (the withdrawal) kept.
	let mut offset = 0;
	for op in &batch.ops {
		let range = offset..offset + op.chunks() * CHUNK_BYTES;
		if op.onchain_chain().is_some() {
			assert_eq!(onchain[range.clone()], batch.pubdata[range]);
		} else {
			assert!(onchain[range].iter().all(|b| *b == 0));
		}
		offset += op.chunks() * CHUNK_BYTES;
	}
	assert!(batch.ops.iter().any(|op| matches!(op, Op::Transfer { .. })));
	assert!(batch.ops.iter().any(|op| matches!(op, Op::Withdraw { .. })));

	// Fees are credited to account 0 once, at seal.
	assert_eq!(batch.fees, fees);
	assert_eq!(w.state.balance(AccountId::FEES, ETH), fees[&ETH]);
	assert!(w.state.open_batch().fees.is_empty());
	assert_eq!(w.state.root(), batch.new_root);
	w.assert_conserved();
}

#[test]
fn batches_chain_roots_and_numbers() {
	let mut w = World::new(1);
	let first = w.state.seal_batch(1).expect("seal");
	let tx = w.sign(0, w.transfer(0, L1Address([0x31; 20]), ETH, E18));
	w.apply(&tx).expect("valid");
	let second = w.state.seal_batch(2).expect("seal");
	assert_eq!(second.number, first.number + 1);
	assert_eq!(second.old_root, first.new_root);
	assert_ne!(second.new_root, second.old_root);
	// An empty batch keeps the root and is all padding.
	let third = w.state.seal_batch(3).expect("seal");
	assert_eq!(third.old_root, third.new_root);
	assert!(third.ops.is_empty());
	assert!(third.pubdata.iter().all(|b| *b == 0));
}

#[test]
fn seal_batch_sized_pads_to_the_requested_capacity() {
	let mut w = World::new(1);
	w.state.seal_batch(1).expect("seal");
	let tx = w.sign(0, w.transfer(0, L1Address([0x31; 20]), ETH, E18));
	w.apply(&tx).expect("valid");
	let root = w.state.root();
	assert_eq!(
		w.state.seal_batch_sized(2, 0),
		Err(crate::executor::SealError::CapacityTooSmall { needed: 2, capacity: 0 })
	);
	assert_eq!(w.state.root(), root, "a refused seal changes nothing");
	// A transfer to a new account is two chunks.
	let batch = w.state.seal_batch_sized(2, 2).expect("fits");
	assert_eq!(batch.pubdata.len(), 2 * CHUNK_BYTES);
}
