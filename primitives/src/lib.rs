//! # Polylink primitives
//!
//! The protocol core of Polylink, shared by the runtime (no_std, wasm), the circuits, the
//! relayers and the CLI. Everything that two components must agree on lives here, once:
//!
//! - [`field`]: the BLS12-381 scalar field and its byte encodings.
//! - [`hash`]: the [`hash::Hasher`] trait every tree and signature is defined through.
//! - [`poseidon`]: the Poseidon permutation (BLS12-381, t = 3) and the [`poseidon::Poseidon`]
//!   sponge, the crate's one [`hash::Hasher`].
//! - [`smt`]: binary sparse Merkle trees over a storage trait, with batched updates and proofs.
//! - [`params`]: every protocol constant (tree depths, chunk size, chain and token limits).
//! - [`eth`]: L1 addresses, Keccak-256, ECDSA recovery, the EIP-712 `ChangePubKey` digest.
//! - [`signature`]: L2 keys and Schnorr signatures over Jubjub with a Poseidon challenge.
//! - [`chain`], [`token`], [`account`]: chains, the token registry with per-chain decimals,
//!   accounts and their tree leaves.
//! - [`amount`]: packed amounts and fees.
//! - [`tx`]: the transactions users sign and the priority operations L1s request.
//! - [`pubdata`]: executed operations and their pubdata codec.
//! - [`plan`]: the leaf updates of every operation, chunk by chunk (what the circuit proves).
//! - [`ledger`], [`executor`], [`state`], [`error`]: the flat state the executor runs over,
//!   `apply` and batch sealing (written once, over [`ledger::Ledger`]), the native state with
//!   its trees, and every reason a transaction is refused.
//! - [`commitment`]: the batch commitment, the proof's one public input.
//! - [`certificate`]: the deployment-bound digests the validators' oracle keys sign (commit,
//!   sync, oracle-set rotation) and the sync hash.
//! - [`exit`]: exit-mode claims: the pro-rata amount per chain and the exit commitment.
//! - [`recovery`]: rebuilding the state from pubdata alone.
//! - [`groth16`]: Groth16 proofs and verifying keys, their byte formats (EIP-2537, compressed,
//!   SCALE and the verifying-key hash) and the verifier the runtime runs.
//!
//! `docs/protocol.md` is the normative description of what this crate implements.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod account;
pub mod amount;
pub mod certificate;
pub mod chain;
pub mod commitment;
pub mod error;
pub mod eth;
pub mod executor;
pub mod exit;
pub mod field;
pub mod groth16;
pub mod hash;
pub mod ledger;
pub mod params;
pub mod plan;
pub mod poseidon;
pub mod pubdata;
pub mod recovery;
pub mod signature;
pub mod smt;
pub mod snapshot;
pub mod state;
pub mod token;
pub mod tx;

#[cfg(test)]
mod tests;
