//! # Polylink circuits
//!
//! Groth16 circuits over BLS12-381 (bellman) that make every Polylink state transition
//! provable, with the same semantics as the native executor in `polylink-primitives`.
//!
//! - [`gadgets`]: Poseidon, sparse-Merkle updates, EdDSA over Jubjub, packed amounts, range
//!   checks, comparisons: small gadgets with pinned constraint counts.
//! - [`exit`]: the exit circuit: an account's pro-rata share of a token on one chain.
//! - [`params`]: Groth16 parameters: insecure dev keys derived from a public seed (cached on
//!   disk under the hash of the circuit's shape) or a ceremony's files.
//! - [`dev_keys`]: the committed dev verifying keys (`circuits/keys/`), which the dev and local
//!   chains register and the committed L1 verifiers are generated from.
//! - [`prover`]: proving and verifying wrappers.
//! - [`encoding`]: points, proofs and verifying keys in EIP-2537, compressed and SCALE form,
//!   bellman's types converted to `polylink_primitives::groth16`, which defines the formats.
//! - [`solidity`]: the generator of the L1 verifier contract.
//! - [`replica`]: the prover's native replica of the L2 state, following sealed batches.
//! - [`registry`]: circuits by name, for `polylink-keys`; [`toy`]: a test circuit.
//!
//! `docs/circuits.md` describes the circuits; `docs/protocol.md` the rules they prove.

pub mod block;
pub mod dev_keys;
pub mod encoding;
pub mod exit;
pub mod files;
pub mod gadgets;
pub mod params;
pub mod prover;
pub mod registry;
pub mod replica;
pub mod solidity;
pub mod toy;
