//! Types of the root-consensus pallet: the L1 facts the oracles vote on, their keys, the vote
//! digest, the quorum rule, and the tallies and certificates kept in storage.

use alloc::vec::Vec;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};
use polylink_primitives::{
	account::Nonce,
	certificate::DeploymentId,
	chain::ChainId,
	eth::{keccak256, L1Address},
	signature::PubKeyHash,
	token::TokenId,
	tx::PriorityOp,
};
use scale_info::TypeInfo;

/// A batch number (contiguous from 1; batch 0 is genesis).
pub type BatchNumber = u64;

/// A chain's sync hash after a batch: `syncHash[n] = keccak256(syncHash[n−1] ‖ commitment[n])`.
pub type SyncHash = [u8; 32];

/// A raw ECDSA signature `r ‖ s ‖ v` by an oracle key (no EIP-191 prefix, low `s`, `v` 27 or
/// 28), as the contracts' `ecrecover` takes it.
pub type OracleSignature = [u8; 65];

/// An oracle's L1 address as it travels in calls and events: the 20 bytes of the
/// [`L1Address`] of its secp256k1 oracle key.
pub type OracleAddress = [u8; 20];

/// The domain tag that leads every vote digest; no certificate digest starts with it (those
/// start with a 32-byte type hash and are over 32-byte words), so a vote is never a certificate.
pub const VOTE_DOMAIN: &[u8] = b"PolylinkOracleVote:v1";

/// What one oracle still has to do for a fact or a certificate.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum Duty {
	/// Vote or sign: the oracle has not, under the current set, and it is not decided.
	Open,
	/// Nothing until others act: the oracle voted or signed under the current set.
	Waiting,
	/// Nothing: the fact is decided or the certificate is complete.
	Done,
}

/// An L1 fact the oracles vote on: something that happened on one live chain's rollup contract,
/// read after the confirmation depth.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub enum Fact {
	/// The chain's priority queue holds `op` at `serial_id` (a deposit or a full-exit request).
	/// The op's own chain and serial id must be `chain` and `serial_id`.
	Priority {
		/// The chain whose queue holds the operation.
		chain: ChainId,
		/// The operation's position in that queue (from 0).
		serial_id: u64,
		/// The operation.
		op: PriorityOp,
	},
	/// The chain proved `batch` and its sync hash after it is `sync_hash`.
	BatchProven {
		/// The chain that proved the batch.
		chain: ChainId,
		/// The batch proven.
		batch: BatchNumber,
		/// The chain's sync hash after the batch.
		sync_hash: SyncHash,
	},
	/// The chain executed `batch` (paid its withdrawals, popped its priority requests).
	BatchExecuted {
		/// The chain that executed the batch.
		chain: ChainId,
		/// The batch executed.
		batch: BatchNumber,
	},
	/// `owner` pre-approved the L2 key `pubkey_hash` at `nonce` on the chain's contract
	/// (`authPubkeyHash[owner][nonce]`), authorising an on-chain ChangePubKey.
	PubkeyApproved {
		/// The chain whose contract holds the approval.
		chain: ChainId,
		/// The L1 owner who approved.
		owner: L1Address,
		/// The account nonce the approval is for.
		nonce: Nonce,
		/// The approved L2 public-key hash.
		pubkey_hash: PubKeyHash,
	},
	/// The chain's contract registered `token` at `address` with `decimals` (its
	/// `TokenRegistered` event): the appchain's registry learns the tokens of every L1.
	TokenRegistered {
		/// The chain whose contract registered the token.
		chain: ChainId,
		/// The protocol-wide token id.
		token: TokenId,
		/// The token's contract there (zero: the native coin).
		address: L1Address,
		/// Its decimals there.
		decimals: u8,
	},
}

// `DecodeWithMemTracking` is a marker: the type's `Decode` accounts for every heap allocation
// it makes. `Fact` and `FactKey` are built only from fixed-size fields (integers and byte
// arrays, and `PriorityOp`, an enum of structs of them), so decoding them allocates nothing.
// The primitives crate does not derive the marker, so it is asserted here for the two types that
// travel in calls and events.
impl DecodeWithMemTracking for Fact {}
impl DecodeWithMemTracking for FactKey {}

/// What a fact is about. Two votes with the same key and different [`Fact`]s conflict; a key is
/// decided at most once.
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum FactKey {
	/// The priority operation at `serial_id` of `chain`'s queue.
	Priority {
		/// The chain.
		chain: ChainId,
		/// The serial id.
		serial_id: u64,
	},
	/// Whether and with which sync hash `chain` proved `batch`.
	BatchProven {
		/// The chain.
		chain: ChainId,
		/// The batch.
		batch: BatchNumber,
	},
	/// Whether `chain` executed `batch`.
	BatchExecuted {
		/// The chain.
		chain: ChainId,
		/// The batch.
		batch: BatchNumber,
	},
	/// Which key hash `owner` pre-approved at `nonce` on `chain`.
	PubkeyApproved {
		/// The chain.
		chain: ChainId,
		/// The L1 owner.
		owner: L1Address,
		/// The nonce.
		nonce: Nonce,
	},
	/// Which token `chain`'s contract registered under `token`.
	TokenRegistered {
		/// The chain.
		chain: ChainId,
		/// The token id.
		token: TokenId,
	},
}

impl Fact {
	/// The key of this fact: what it is about.
	pub fn key(&self) -> FactKey {
		match *self {
			Fact::Priority { chain, serial_id, .. } => FactKey::Priority { chain, serial_id },
			Fact::BatchProven { chain, batch, .. } => FactKey::BatchProven { chain, batch },
			Fact::BatchExecuted { chain, batch } => FactKey::BatchExecuted { chain, batch },
			Fact::PubkeyApproved { chain, owner, nonce, .. } => {
				FactKey::PubkeyApproved { chain, owner, nonce }
			}
			Fact::TokenRegistered { chain, token, .. } => FactKey::TokenRegistered { chain, token },
		}
	}

	/// The chain the fact happened on.
	pub fn chain(&self) -> ChainId {
		self.key().chain()
	}
}

impl FactKey {
	/// The chain the key is about.
	pub fn chain(&self) -> ChainId {
		match *self {
			FactKey::Priority { chain, .. }
			| FactKey::BatchProven { chain, .. }
			| FactKey::BatchExecuted { chain, .. }
			| FactKey::PubkeyApproved { chain, .. }
			| FactKey::TokenRegistered { chain, .. } => chain,
		}
	}
}

/// The digest an oracle key signs to vote for `fact` in `deployment`:
///
/// ```text
/// voteDigest = keccak256("PolylinkOracleVote:v1" ‖ deploymentId (32 bytes) ‖ SCALE(fact))
/// ```
///
/// The domain tag keeps a vote from ever being a commit, sync or rotation certificate, the
/// deployment id keeps a vote from being replayed in another deployment, and the SCALE encoding
/// of the fact (self-delimiting, one encoding per fact) binds every field of it. The digest does
/// not bind the oracle set: a vote is an attestation of an L1 fact by one key, valid for as long
/// as that key is in the set.
pub fn vote_digest(deployment: &DeploymentId, fact: &Fact) -> [u8; 32] {
	let encoded = fact.encode();
	let mut message = Vec::with_capacity(VOTE_DOMAIN.len() + 32 + encoded.len());
	message.extend_from_slice(VOTE_DOMAIN);
	message.extend_from_slice(&deployment.0);
	message.extend_from_slice(&encoded);
	keccak256(&message)
}

/// The number of oracles of a set of `set_size` that makes a quorum: `set_size * 2 / 3 + 1`,
/// the rule of the L1 contracts' `_checkQuorum`.
pub fn quorum(set_size: u32) -> u32 {
	set_size.saturating_mul(2) / 3 + 1
}

/// The votes recorded for one undecided key, all under one oracle set.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	TypeInfo,
	MaxEncodedLen,
	DebugNoBound,
)]
#[scale_info(skip_type_params(S))]
#[codec(mel_bound())]
pub struct Tally<S: Get<u32>> {
	/// The oracle set the votes were cast under; votes of another set do not count.
	pub set_id: u64,
	/// The distinct contents voted for, in the order they first appeared.
	pub candidates: BoundedVec<Fact, S>,
	/// Each voter with the index of the candidate it voted for, ordered by voter address.
	pub votes: BoundedVec<(L1Address, u32), S>,
}

impl<S: Get<u32>> Tally<S> {
	/// The candidate `oracle` voted for, if it voted.
	pub fn vote_of(&self, oracle: &L1Address) -> Option<&Fact> {
		let at = self.votes.binary_search_by(|(voter, _)| voter.cmp(oracle)).ok()?;
		self.candidates.get(self.votes[at].1 as usize)
	}

	/// The number of votes for candidate `index`.
	pub fn votes_for(&self, index: u32) -> u32 {
		self.votes.iter().filter(|(_, i)| *i == index).count() as u32
	}
}

/// Oracle signatures over one certificate digest, gathered under one oracle set, ordered by
/// signer address ascending (the order the contracts' `_checkQuorum` requires).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	TypeInfo,
	MaxEncodedLen,
	DebugNoBound,
)]
#[scale_info(skip_type_params(S))]
#[codec(mel_bound())]
pub struct Certificate<S: Get<u32>> {
	/// The oracle set the signatures were gathered under.
	pub set_id: u64,
	/// The quorum of that set.
	pub quorum: u32,
	/// The signers and their signatures, by signer address ascending.
	pub signatures: BoundedVec<(L1Address, OracleSignature), S>,
}

impl<S: Get<u32>> Certificate<S> {
	/// Whether a quorum signed.
	pub fn is_complete(&self) -> bool {
		self.quorum > 0 && self.signatures.len() as u32 >= self.quorum
	}

	/// Whether `oracle` signed.
	pub fn signed_by(&self, oracle: &L1Address) -> bool {
		self.signatures.binary_search_by(|(signer, _)| signer.cmp(oracle)).is_ok()
	}

	/// The signatures alone, by signer address ascending.
	pub fn signatures(&self) -> Vec<OracleSignature> {
		self.signatures.iter().map(|(_, signature)| *signature).collect()
	}
}
