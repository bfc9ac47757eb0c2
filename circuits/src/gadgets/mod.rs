//! Gadgets: the building blocks of the block and exit circuits.
//!
//! Every gadget takes its constraint system first, by value, over the BLS12-381 scalar field,
//! and its constraint count is pinned by a test.

/// SHA-256 input helpers (bytes to big-endian bits) for bellman's SHA-256 gadget.
pub mod bytes;
/// EdDSA (Schnorr over Jubjub with a Poseidon challenge) verification and public-key hashes.
pub mod eddsa;
/// Packed ("floating point") amounts and fees.
pub mod float;
/// Sparse-Merkle-tree paths: roots and single-path updates.
pub mod merkle;
/// Number helpers: linear combinations, range checks, comparisons, selection.
pub mod num;
/// The Poseidon permutation and sponge.
pub mod poseidon;
