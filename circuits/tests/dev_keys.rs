//! The committed dev verifying keys (`circuits/keys/*.vk.hex`, which the dev and local chain specs
//! register and the committed L1 verifiers are generated from) are exactly the keys the public
//! dev seed derives on this machine. Uses the shared parameters cache (`$POLYLINK_PARAMS_DIR` or
//! `~/.cache/polylink/params`), which the other real-proof tests and the node fill as well; a cold
//! machine derives the four circuits' parameters here once (minutes, with progress on stderr).

use polylink_circuits::{dev_keys::dev_key, encoding::vk_to_bytes, params, registry::CIRCUITS};

#[test]
fn the_committed_dev_keys_are_the_ones_the_seed_derives() {
	let dir = params::default_cache_dir();
	for circuit in CIRCUITS {
		let derived = (circuit.load_or_generate)(&dir, &|m| eprintln!("[{}] {m}", circuit.name))
			.unwrap_or_else(|e| panic!("{}: {e}", circuit.name));
		let committed = dev_key(circuit.name)
			.unwrap_or_else(|| panic!("no circuits/keys/{}.vk.hex committed", circuit.name));
		assert!(
			vk_to_bytes(&derived.vk) == committed,
			"circuits/keys/{}.vk.hex is not the dev key the seed derives: run ./scripts/keys and \
			 commit what it regenerates",
			circuit.name
		);
	}
}
