//! Benchmarks of the root-consensus pallet (frame-benchmarking v2).
//!
//! Every benchmark runs with a full oracle set (`MaxOracles` keys installed through
//! [`Config::BenchmarkHelper`]) and every chain live, and measures the call that completes a
//! quorum: that is the most work one call does. State that the measured call only reads is
//! written directly, so the setup stays cheap.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as RootConsensus;
use alloc::vec::Vec;
use k256::ecdsa::SigningKey;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{traits::Get, BoundedVec},
	frame_system::RawOrigin,
};
use polylink_primitives::{
	certificate::DeploymentId,
	chain::LiveChains,
	eth::{address_of, sign_prehash as sign},
	token::TokenId,
	tx::Deposit,
};

/// The deployment the benchmarks run in.
const DEPLOYMENT: DeploymentId = DeploymentId([0x5a; 32]);

/// The benchmark oracle key number `i` (secret scalar `i + 1`).
fn oracle_key(i: u32) -> SigningKey {
	let mut bytes = [0u8; 32];
	bytes[28..].copy_from_slice(&(i + 1).to_be_bytes());
	SigningKey::from_slice(&bytes).expect("a small non-zero scalar is a valid key")
}

/// The L1 address of a benchmark key.
fn address(key: &SigningKey) -> L1Address {
	address_of(key.verifying_key())
}

/// Installs a full oracle set, the benchmark deployment and every chain live; returns the keys
/// sorted by address.
fn setup<T: Config>() -> Vec<SigningKey> {
	let mut keys: Vec<SigningKey> = (0..T::MaxOracles::get()).map(oracle_key).collect();
	keys.sort_by_key(address);
	T::BenchmarkHelper::set_oracles(keys.iter().map(address).collect());
	Deployment::<T>::put(DEPLOYMENT);
	Live::<T>::put(LiveChains::of(ChainId::all()));
	keys
}

/// A deposit fact on `chain` at `serial_id`.
fn deposit(chain: ChainId, serial_id: u64) -> Fact {
	let op = PriorityOp::Deposit(Deposit {
		chain,
		serial_id,
		to: L1Address([0xd0; 20]),
		token: TokenId(1),
		amount: 1_000_000,
	});
	Fact::Priority { chain, serial_id, op }
}

/// `signers`' signatures over `digest`, as a certificate of the current set missing its last
/// signature.
fn partial_certificate<T: Config>(
	signers: &[SigningKey],
	digest: &[u8; 32],
) -> Certificate<T::MaxOracles> {
	let signatures: Vec<(L1Address, OracleSignature)> =
		signers.iter().map(|key| (address(key), sign(key, digest))).collect();
	Certificate {
		set_id: T::OracleSet::set_id(),
		quorum: quorum(T::MaxOracles::get()),
		signatures: BoundedVec::truncate_from(signatures),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case:
	// * a full oracle set, quorum − 1 votes already recorded for the fact;
	// * the vote completes the quorum for the priority operation at the chain's next serial;
	// * `MaxDeliveriesPerVote − 1` operations made ahead of it wait and are delivered with it.
	// (The deliveries are charged apart, `Pallet::vote_weight`: measured with the runtime's
	// handler, this weight counts them twice, on the safe side.)
	#[benchmark]
	fn vote() {
		let keys = setup::<T>();
		let chain = ChainId(1);
		let pending = u64::from(T::MaxDeliveriesPerVote::get());
		for serial_id in 1..pending {
			let fact = deposit(chain, serial_id);
			let Fact::Priority { op, .. } = fact.clone() else { unreachable!() };
			Facts::<T>::insert(fact.key(), fact);
			Backlog::<T>::insert(chain, serial_id, op);
		}
		let fact = deposit(chain, 0);
		let needed = quorum(T::MaxOracles::get()) as usize;
		let voters: Vec<(L1Address, u32)> =
			keys[..needed - 1].iter().map(|key| (address(key), 0)).collect();
		let tally = Tally::<T::MaxOracles> {
			set_id: T::OracleSet::set_id(),
			candidates: BoundedVec::truncate_from(alloc::vec![fact.clone()]),
			votes: BoundedVec::truncate_from(voters),
		};
		Tallies::<T>::insert(fact.key(), tally);
		let last = &keys[needed - 1];
		let signature = sign(last, &RootConsensus::<T>::vote_digest_of(&fact));

		#[extrinsic_call]
		_(RawOrigin::None, fact.clone(), address(last).0, signature);

		assert_eq!(RootConsensus::<T>::fact(fact.key()), Some(fact));
		assert_eq!(NextSerial::<T>::get(chain), pending);
		assert_eq!(Backlog::<T>::iter_prefix(chain).count(), 0);
	}

	// Worst case: a full oracle set; the signature completes the commit certificate.
	#[benchmark]
	fn submit_commit_signature() {
		let keys = setup::<T>();
		let batch: BatchNumber = 1;
		T::BenchmarkHelper::set_batch_header(batch, 64, [0xc0; 32]);
		let digest = RootConsensus::<T>::commit_digest(batch).expect("the header was just set");
		let needed = quorum(T::MaxOracles::get()) as usize;
		CommitSignatures::<T>::insert(
			batch,
			partial_certificate::<T>(&keys[..needed - 1], &digest),
		);
		let last = &keys[needed - 1];
		let signature = sign(last, &digest);

		#[extrinsic_call]
		_(RawOrigin::None, batch, address(last).0, signature);

		assert_eq!(RootConsensus::<T>::commit_signatures(batch).len(), needed);
	}

	// Worst case: a full oracle set, every chain live and proven; the signature completes the
	// sync certificate.
	#[benchmark]
	fn submit_sync_signature() {
		let keys = setup::<T>();
		let batch: BatchNumber = 1;
		let sync_hash = [0x5c; 32];
		for chain in ChainId::all() {
			let fact = Fact::BatchProven { chain, batch, sync_hash };
			Facts::<T>::insert(fact.key(), fact);
		}
		let digest = RootConsensus::<T>::sync_digest(batch, &sync_hash);
		let needed = quorum(T::MaxOracles::get()) as usize;
		let certificate = partial_certificate::<T>(&keys[..needed - 1], &digest);
		SyncSignatures::<T>::insert(batch, (sync_hash, certificate));
		let last = &keys[needed - 1];
		let signature = sign(last, &digest);

		#[extrinsic_call]
		_(RawOrigin::None, batch, sync_hash, address(last).0, signature);

		let (certified, signatures) =
			RootConsensus::<T>::sync_certificate(batch).expect("a quorum signed");
		assert_eq!(certified, sync_hash);
		assert_eq!(signatures.len(), needed);
	}

	impl_benchmark_test_suite!(RootConsensus, crate::mock::new_test_ext(), crate::mock::Test);
}
