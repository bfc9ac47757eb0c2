//! # The insecure dev verifying keys, committed
//!
//! `circuits/keys/<name>.vk.hex` hold the verifying keys of the dev parameters
//! ([`crate::params::load_or_generate`]: derived from the public seed, the same on every
//! machine). The `dev` and `local` chain specs register these block keys at genesis, the committed
//! Solidity verifiers are generated from them, and `tests/dev_keys.rs` fails when a key
//! here is not the one the seed derives. Because the seed is public, a node refuses them for any
//! chain that is not a development or local chain ([`is_dev_key`]).

use crate::encoding::{vk_from_bytes, vk_hash};

/// The committed dev verifying keys, SCALE-encoded in hex: `(circuit name, key)`.
const DEV_KEYS_HEX: [(&str, &str); 4] = [
	("toy", include_str!("../keys/toy.vk.hex")),
	("exit", include_str!("../keys/exit.vk.hex")),
	("block-1", include_str!("../keys/block-1.vk.hex")),
	("block-8", include_str!("../keys/block-8.vk.hex")),
];

/// The committed dev verifying key of circuit `name` (SCALE bytes), if there is one.
pub fn dev_key(name: &str) -> Option<Vec<u8>> {
	DEV_KEYS_HEX
		.iter()
		.find(|(n, _)| *n == name)
		.map(|(_, key)| hex::decode(key.trim()).expect("the committed dev keys are hex (tested)"))
}

/// The committed dev verifying key of the block circuit of `chunks` chunks (SCALE bytes).
pub fn dev_block_key(chunks: usize) -> Option<Vec<u8>> {
	dev_key(&format!("block-{chunks}"))
}

/// Whether `key` (SCALE bytes, canonical: compressed points) is one of the committed dev
/// keys, whose toxic waste is public.
pub fn is_dev_key(key: &[u8]) -> bool {
	DEV_KEYS_HEX.iter().any(|(name, _)| dev_key(name).as_deref() == Some(key))
}

/// Whether `hash` (the key hash the appchain registers keys by, [`vk_hash`]) names one of the
/// committed dev keys.
pub fn is_dev_key_hash(hash: &[u8; 32]) -> bool {
	DEV_KEYS_HEX
		.iter()
		.filter_map(|(name, _)| dev_key(name))
		.any(|key| vk_from_bytes(&key).is_ok_and(|vk| vk_hash(&vk) == *hash))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::block::sizes::SIZES;

	#[test]
	fn every_block_size_and_the_exit_circuit_have_a_committed_dev_key() {
		for chunks in SIZES {
			let key = dev_block_key(chunks).expect("committed");
			assert!(is_dev_key(&key), "block-{chunks}");
			let vk = vk_from_bytes(&key).expect("a valid key");
			assert!(is_dev_key_hash(&vk_hash(&vk)), "block-{chunks}");
		}
		assert!(dev_key("exit").is_some());
		assert!(dev_block_key(3).is_none());
		assert!(!is_dev_key(b"not a key"));
		let mut other = dev_block_key(8).expect("committed");
		let last = other.len() - 1;
		other[last] ^= 1;
		assert!(!is_dev_key(&other), "a changed key is not a dev key");
		assert!(!is_dev_key_hash(&[0; 32]));
	}
}
