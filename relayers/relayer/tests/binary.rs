//! The `polylink-relayer` binary: its help, and a configuration it cannot use is refused at
//! start with what to fix (exit status 1) before anything is sent. (Cargo builds the binary for
//! these tests, which is also how `cargo test --no-run` leaves it in the target folder for the
//! node's end-to-end tests and the devnet.)

use std::process::Command;

/// Runs the relayer with `args`: its exit status and stderr.
fn relayer(args: &[&str]) -> (Option<i32>, String) {
	let output = Command::new(env!("CARGO_BIN_EXE_polylink-relayer"))
		.args(args)
		.output()
		.expect("the relayer runs");
	(output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn help_explains_the_configuration() {
	let output = Command::new(env!("CARGO_BIN_EXE_polylink-relayer"))
		.arg("--help")
		.output()
		.expect("the relayer runs");
	let help = String::from_utf8_lossy(&output.stdout);
	assert!(output.status.success());
	assert!(help.contains("--config"), "{help}");
	assert!(help.contains("restart it at any time"), "{help}");
}

#[test]
fn an_unusable_configuration_is_refused_with_what_to_fix() {
	let dir = std::env::temp_dir().join(format!("polylink-relayer-binary-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("a scratch folder");
	let missing = dir.join("missing.toml");
	let (status, stderr) = relayer(&["--config", missing.to_str().expect("utf-8")]);
	assert_eq!(status, Some(1));
	assert!(stderr.contains("error: cannot read the configuration"), "{stderr}");

	let bad = dir.join("bad.toml");
	std::fs::write(&bad, "[[chains]]\nindex = 9\nrpc = \"http://127.0.0.1:1\"\ncontract = \"0x0000000000000000000000000000000000000001\"\nkey_env = \"X\"\n")
		.expect("a configuration");
	let (status, stderr) = relayer(&["--config", bad.to_str().expect("utf-8")]);
	assert_eq!(status, Some(1));
	assert!(
		stderr.contains("error: the configuration is invalid: chain index 9 is not in 1..=4"),
		"{stderr}"
	);

	let (status, stderr) = relayer(&["--config", bad.to_str().expect("utf-8"), "--log", "loud"]);
	assert_eq!(status, Some(2), "clap refuses a bad flag: {stderr}");
	assert!(stderr.contains("`loud` is not one of error, warn, info, debug, trace"), "{stderr}");
	let _ = std::fs::remove_dir_all(&dir);
}
