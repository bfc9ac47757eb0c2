//! The `polylink` binary's commands that need no node: `keys` derives the same L2 key from an
//! L1 key as from that key's wallet signature of the key message, and refuses what derives
//! none; the node-facing commands fail in words, sending nothing, when the node is absent; the
//! exit commands say what is missing (a recovered state, a readable proof, the account and
//! token id of a full exit requested while the node is down).

use polylink_primitives::{
	eth::{personal_message_hash, sign_prehash},
	signature::L2_KEY_MESSAGE,
};
use std::process::Command;

/// anvil's second account.
const KEY: &str = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/// Runs `polylink args…`: (success, stdout, stderr).
fn polylink(args: &[&str]) -> (bool, String, String) {
	let output = Command::new(env!("CARGO_BIN_EXE_polylink"))
		.args(args)
		.env_remove("POLYLINK_L1_KEY")
		.output()
		.expect("it runs");
	let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim().to_string();
	(output.status.success(), text(&output.stdout), text(&output.stderr))
}

fn json(text: &str) -> serde_json::Value {
	serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn keys_derives_one_l2_key_from_the_l1_key_or_its_signature() {
	let (ok, out, err) = polylink(&["keys", "--l1-key", KEY]);
	assert!(ok, "{err}");
	let from_key = json(&out);
	assert_eq!(from_key["l1Address"], "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
	assert_eq!(from_key["message"], L2_KEY_MESSAGE);
	let wallet = polylink_cli::Wallet::from_hex(KEY).expect("a key");
	assert_eq!(from_key["pubkeyHash"], format!("0x{}", hex::encode(wallet.pubkey_hash().0)));

	// A browser wallet's personal_sign of the message derives the same key.
	let l1 = k256::ecdsa::SigningKey::from_slice(&hex::decode(KEY).expect("hex")).expect("a key");
	let signature = sign_prehash(&l1, &personal_message_hash(L2_KEY_MESSAGE.as_bytes()));
	let (ok, out, err) = polylink(&["keys", "--signature", &hex::encode(signature)]);
	assert!(ok, "{err}");
	let from_signature = json(&out);
	assert_eq!(from_signature["pubkeyHash"], from_key["pubkeyHash"]);
	assert_eq!(from_signature["l2PublicKey"], from_key["l2PublicKey"]);
	assert_eq!(from_signature["l1Address"], serde_json::Value::Null);

	// Another signature, another key; what is not a signature derives none.
	let mut other = signature;
	other[10] ^= 1;
	let (ok, out, _) = polylink(&["keys", "--signature", &hex::encode(other)]);
	assert!(ok);
	assert_ne!(json(&out)["pubkeyHash"], from_key["pubkeyHash"]);
	let (ok, _, err) = polylink(&["keys", "--signature", "0x1234"]);
	assert!(!ok && err.contains("the signature is 65 bytes"), "{err}");
	let (ok, _, err) = polylink(&["keys", "--l1-key", KEY, "--signature", "0x12"]);
	assert!(!ok && err.contains("cannot be used with"), "{err}");
}

#[test]
fn node_commands_say_when_the_node_is_not_there() {
	// Port 9 (discard) refuses connections on a test machine.
	let node = "http://127.0.0.1:9";
	for args in [
		vec!["transfer", "0.1", "--to", "0x1111111111111111111111111111111111111111"],
		vec!["withdraw", "0.1", "--to-chain", "2"],
		vec!["set-key"],
	] {
		let mut all = args.clone();
		all.extend(["--l1-key", KEY, "--node", node]);
		let (ok, _, err) = polylink(&all);
		assert!(!ok, "{args:?} succeeded without a node");
		assert!(err.contains("did not answer") && err.contains("--node"), "{args:?}: {err}");
	}
	let (ok, _, err) = polylink(&["account", "5", "--node", node]);
	assert!(!ok && err.contains("did not answer"), "{err}");
}

#[test]
fn exit_commands_say_what_is_missing() {
	let dir = std::env::temp_dir().join(format!("polylink-cli-exit-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("a folder");
	let state = dir.join("state.scale");
	let state_arg = state.to_str().expect("a path");
	let (ok, _, err) =
		polylink(&["exit-proof", "--chain", "1", "--account", "5", "--state", state_arg]);
	assert!(!ok && err.contains("no recovered state at"), "{err}");
	std::fs::write(&state, b"not a snapshot").expect("written");
	let (ok, _, err) =
		polylink(&["exit-proof", "--chain", "1", "--account", "5", "--state", state_arg]);
	assert!(!ok && err.contains("delete it to start over"), "{err}");
	// Whose share, on which chain: --account or the key's own; --chain, or --all (not both).
	let (ok, _, err) = polylink(&["exit-proof", "--chain", "1", "--state", state_arg]);
	assert!(!ok && err.contains("which account?"), "{err}");
	let (ok, _, err) = polylink(&["exit-proof", "--account", "5", "--state", state_arg]);
	assert!(!ok && err.contains("--chain"), "{err}");
	let (ok, _, err) = polylink(&["exit-proof", "--all", "--chain", "1", "--account", "5"]);
	assert!(!ok && err.contains("cannot be used with"), "{err}");
	let (ok, _, err) = polylink(&["exit-proof", "--all", "--l1-key", KEY, "--state", state_arg]);
	assert!(!ok && err.contains("delete it to start over"), "{err}");

	let proof = dir.join("proof.json");
	let proof_arg = proof.to_str().expect("a path");
	std::fs::write(&proof, r#"{"batch": 1}"#).expect("written");
	let (ok, _, err) = polylink(&["exodus", "--proof", proof_arg, "--l1-key", KEY]);
	assert!(!ok && err.contains("root is missing or malformed"), "{err}");
	let (ok, _, err) = polylink(&["exodus", "--proof", "/nonexistent.json", "--l1-key", KEY]);
	assert!(!ok && err.contains("polylink exit-proof writes it"), "{err}");

	// Full exit with the node down needs the account; the token comes from the contract.
	let down = ["--l1-key", KEY, "--node", "http://127.0.0.1:9", "--l1-rpc", "http://127.0.0.1:9"];
	let mut args = vec!["full-exit"];
	args.extend(down);
	let (ok, _, err) = polylink(&args);
	assert!(!ok && err.contains("pass --account"), "{err}");
	let mut args = vec!["full-exit", "--account", "5", "--token", "ETH"];
	args.extend(down);
	let (ok, _, err) = polylink(&args);
	// The symbol is looked up in the contract's registrations: the L1 endpoint is down too.
	assert!(!ok && err.contains("is --l1-rpc right?"), "{err}");
	let _ = std::fs::remove_dir_all(&dir);
}
