//! # Polylink primitives
//!
//! The protocol core of Polylink, shared by the runtime (no_std, wasm), the circuits, the
//! relayers and the CLI. Everything that two components must agree on lives here, once:
//!
//! - [`eth`]: L1 (Ethereum) addresses, Keccak-256, EIP-191/EIP-712 digests, ECDSA recovery.
//! - [`field`]: the BLS12-381 scalar field and its byte encodings.
//! - [`hash`]: the [`hash::Hasher`] trait every tree and signature is defined through.
//! - [`poseidon`]: the Poseidon permutation (BLS12-381, t = 3) and the [`poseidon::Poseidon`]
//!   sponge, the crate's one [`hash::Hasher`].
//! - [`params`]: every protocol constant (tree depths, chunk size, chain and token limits).
//! - [`signature`]: L2 keys and Schnorr signatures over Jubjub with a hash challenge.
//!
//! `docs/protocol.md` is the normative description of what this crate implements.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod eth;
pub mod field;
pub mod hash;
pub mod params;
pub mod poseidon;
pub mod signature;
