//! # Polylink circuits
//!
//! Groth16 circuits over BLS12-381 (bellman) that make every Polylink state transition
//! provable, with the same semantics as the native executor in `polylink-primitives`.
//!
//! - [`gadgets`]: Poseidon, sparse-Merkle updates, EdDSA over Jubjub, packed amounts, range
//!   checks, comparisons: small gadgets with pinned constraint counts.
//!
//! `docs/circuits.md` describes the circuits; `docs/protocol.md` the rules they prove.

pub mod gadgets;
