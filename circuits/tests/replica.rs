//! The prover's replica follows sealed batches from their pubdata and signatures alone, survives
//! a restart through its snapshot, and proves what it follows; batches that are not the chain's
//! are refused, and a batch with a wrong signature cannot be proven.

use polylink_circuits::{
	block::{
		example::{Net, C1, E18, ETH},
		sizes::Block1,
	},
	params::{default_cache_dir, load_or_generate},
	prover::verify,
	registry::RegisteredCircuit,
	replica::{Replica, ReplicaError, SealedBatch},
};
use polylink_primitives::{commitment::commitment_to_field, executor::Batch};
use rand::SeedableRng;

/// What the appchain keeps of a sealed batch.
fn sealed(batch: &Batch, chunks: usize) -> SealedBatch {
	SealedBatch {
		number: batch.number,
		timestamp: batch.timestamp,
		chunks,
		pubdata_hash: batch.pubdata_hash,
		onchain_hash: batch.onchain_hash,
		pubdata: batch.pubdata.clone(),
		signatures: batch.signatures.clone(),
	}
}

/// A chain with two sealed batches: deposits and key changes (64 chunks), then one transfer
/// (1 chunk, the block-1 circuit); and the genesis state the replica starts from.
fn chain() -> (polylink_primitives::state::State, Vec<SealedBatch>, Net) {
	let mut net = Net::new(64, 3);
	let genesis = net.state.clone();
	for user in 0..3 {
		net.deposit(net.addresses[user], C1, ETH, 5 * E18);
	}
	net.set_key(0);
	net.set_key(1);
	let first = net.state.seal_batch_sized(100, 64).expect("seal");
	net.transfer(0, net.addresses[1], ETH, E18 / 1000);
	let second = net.state.seal_batch_sized(200, Block1::CHUNKS).expect("seal");
	(genesis, vec![sealed(&first, 64), sealed(&second, Block1::CHUNKS)], net)
}

fn temp_path(name: &str) -> std::path::PathBuf {
	let dir = std::env::temp_dir().join(format!("polylink-replica-{name}-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	dir.join("replica.scale")
}

#[test]
fn the_replica_follows_restarts_and_proves() {
	let (genesis, batches, mut net) = chain();
	let path = temp_path("follows");
	let mut replica = Replica::open(&path, || genesis.clone()).expect("opens");
	assert_eq!(replica.last_batch(), 0);
	let applied = replica.apply(&batches[0]).expect("batch 1 applies");
	replica.commit(applied).expect("commits");
	drop(replica);

	// Restart: the snapshot carries the replica past batch 1.
	let replica = Replica::open(&path, || unreachable!("the snapshot exists")).expect("reopens");
	assert_eq!(replica.last_batch(), 1);
	let applied = replica.apply(&batches[1]).expect("batch 2 applies");
	assert_eq!(applied.batch.new_root, net.state.last_batch_root());

	let params = load_or_generate(Block1::NAME, Block1::blank(), &default_cache_dir(), &|m| {
		eprintln!("[block-1] {m}")
	})
	.expect("parameters");
	let mut rng = rand::rngs::StdRng::seed_from_u64(11);
	let (proof, _) = applied.prove(&params, &mut rng).expect("proves");
	let input = commitment_to_field(&applied.batch.commitment);
	assert_eq!(verify(&params.vk, &proof, input), Ok(()));
	assert_eq!(applied.new_root(), polylink_primitives::field::to_be_bytes(&net.state.root()));

	// A wrong L2 signature: the witness builds, but no valid proof comes out of it.
	let mut forged = batches[1].clone();
	let signature = forged.signatures[0].as_mut().expect("a transfer is signed");
	signature.signature[40] ^= 1;
	let applied = replica.apply(&forged).expect("the pubdata is the chain's");
	if let Ok((proof, _)) = applied.prove(&params, &mut rng) {
		assert!(verify(&params.vk, &proof, input).is_err());
	}
	std::fs::remove_dir_all(path.parent().expect("a folder")).expect("cleanup");
}

#[test]
fn batches_that_are_not_the_chains_are_refused() {
	let (genesis, batches, _) = chain();
	let path = temp_path("refused");
	let mut replica = Replica::open(&path, || genesis.clone()).expect("opens");
	assert!(matches!(replica.apply(&batches[1]), Err(ReplicaError::OutOfOrder { at: 0, got: 2 })));
	let mut other = batches[0].clone();
	other.pubdata_hash[0] ^= 1;
	assert!(matches!(
		replica.apply(&other),
		Err(ReplicaError::Diverged { what: "pubdata hash", .. })
	));
	let mut other = batches[0].clone();
	other.signatures.pop();
	assert!(matches!(replica.apply(&other), Err(ReplicaError::Diverged { .. })));
	let mut other = batches[0].clone();
	other.pubdata[1] ^= 0xff;
	assert!(replica.apply(&other).is_err());
	// Nothing was applied, nothing was written.
	assert_eq!(replica.last_batch(), 0);
	assert!(!path.exists());
	let applied = replica.apply(&batches[0]).expect("the real batch applies");
	replica.commit(applied).expect("commits");
	assert!(path.exists());

	// A corrupt snapshot is refused with a clear error, not silently replaced.
	std::fs::write(&path, b"not a snapshot").expect("write");
	assert!(matches!(Replica::open(&path, || genesis.clone()), Err(ReplicaError::Decode { .. })));
	std::fs::remove_dir_all(path.parent().expect("a folder")).expect("cleanup");
}
