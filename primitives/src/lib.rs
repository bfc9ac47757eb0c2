//! # Polylink primitives
//!
//! The protocol core of Polylink, shared by the runtime (no_std, wasm), the circuits, the
//! relayers and the CLI. Everything that two components must agree on lives here, once:
//!
//! - [`field`]: the BLS12-381 scalar field and its byte encodings.
//! - [`hash`]: the [`hash::Hasher`] trait every tree and signature is defined through.
//! - [`params`]: every protocol constant (tree depths, chunk size, chain and token limits).
//! - [`smt`]: the binary sparse Merkle tree (generic depth, pluggable storage) behind the
//!   account and balance trees.
//!
//! `docs/protocol.md` is the normative description of what this crate implements.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod field;
pub mod hash;
pub mod params;
pub mod smt;
