//! The committed block-8 proof of batch 1 (`contracts/test/fixtures/block8_batch1.json`) and the
//! block-8 verifying key (`circuits/keys/block-8.vk.hex`), for the tests and the benchmarks.
//!
//! The JSON is read with a plain field lookup (no JSON parser in the runtime's benchmarks): every
//! field used is a number or a `0x` hex string on its own line.

use crate::types::{BatchNumber, Root, SealedHeader};
use alloc::vec::Vec;
use polylink_primitives::chain::LiveChains;

/// The fixture JSON.
const JSON: &str = include_str!("../../../contracts/test/fixtures/block8_batch1.json");

/// The block-8 verifying key, SCALE bytes in hex.
const VK_HEX: &str = include_str!("../../../circuits/keys/block-8.vk.hex");

/// The raw value of `"name": value` in the fixture, quotes stripped.
fn field(name: &str) -> &'static str {
	let mut pattern = alloc::string::String::from("\"");
	pattern.push_str(name);
	pattern.push_str("\":");
	let start = JSON.find(pattern.as_str()).expect("the fixture has the field") + pattern.len();
	let rest = &JSON[start..];
	let end = rest.find([',', '\n']).expect("the field ends its line");
	rest[..end].trim().trim_matches('"')
}

/// A hex field's bytes.
fn hex_field(name: &str) -> Vec<u8> {
	let value = field(name);
	hex::decode(value.strip_prefix("0x").expect("hex fields start with 0x"))
		.expect("the fixture's hex fields are hex")
}

/// A 32-byte hex field.
fn bytes32(name: &str) -> [u8; 32] {
	hex_field(name).try_into().expect("a 32-byte field")
}

/// A number field.
fn number(name: &str) -> u64 {
	field(name).parse().expect("a number field")
}

/// The block-8 verifying key's SCALE bytes.
pub fn vk_bytes() -> Vec<u8> {
	hex::decode(VK_HEX.trim()).expect("the key file is hex")
}

/// The fixture's circuit size in chunks.
pub fn chunks() -> u32 {
	number("chunks") as u32
}

/// The fixture's batch number.
pub fn batch() -> BatchNumber {
	number("batchNumber")
}

/// The fixture batch's sealed header.
pub fn header() -> SealedHeader {
	SealedHeader {
		timestamp: number("timestamp"),
		chunks: chunks(),
		pubdata_hash: bytes32("pubdataHash"),
		onchain_hash: bytes32("onchainHash"),
	}
}

/// The fixture's live chains.
pub fn live_chains() -> LiveChains {
	LiveChains::from_bits(number("liveChains") as u8).expect("the fixture's live chains")
}

/// The state root before the batch (the genesis root in the tests).
pub fn old_root() -> Root {
	bytes32("oldRoot")
}

/// The state root after the batch.
pub fn new_root() -> Root {
	bytes32("newRoot")
}

/// The batch commitment the fixture's proof verifies for.
pub fn commitment() -> [u8; 32] {
	bytes32("commitment")
}

/// The proof, EIP-2537 (512 bytes).
pub fn proof() -> Vec<u8> {
	hex_field("proof")
}

/// The verifying key's hash.
pub fn vk_hash() -> [u8; 32] {
	bytes32("vkHash")
}
