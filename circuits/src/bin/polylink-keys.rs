//! # polylink-keys
//!
//! Parameters, verifying keys, L1 verifiers and proof fixtures of the registered circuits
//! (`polylink_circuits::registry`).
//!
//! ```text
//! polylink-keys generate --circuit toy
//! polylink-keys inspect --circuit toy
//! polylink-keys export-solidity --circuit toy --out contracts/src/verifiers/ToyVerifier.sol
//! polylink-keys export-vk --circuit toy --format scale --hex --out circuits/keys/toy.vk.hex
//! polylink-keys prove-fixture --circuit toy --out contracts/test/fixtures/toy_proof.json
//! ```
//!
//! Parameters are cached in `--cache-dir`, default `$POLYLINK_PARAMS_DIR` or
//! `$HOME/.cache/polylink/params` (`docs/keys.md`).

use std::{
	fs,
	path::{Path, PathBuf},
	time::Instant,
};

use anyhow::{anyhow, bail, Context, Result};
use bls12_381::Bls12;
use clap::{Parser, Subcommand, ValueEnum};
use groth16::{Parameters, VerifyingKey};
use polylink_circuits::{
	encoding::{self, proof_to_compressed, proof_to_eip2537, scalar_to_be_bytes, vk_hash},
	params::{self, seconds},
	prover,
	registry::{self, CircuitEntry},
	solidity,
};
use rand::{rngs::StdRng, SeedableRng};

/// Command-line arguments.
#[derive(Parser)]
#[command(name = "polylink-keys", version, about = "Polylink Groth16 keys, verifiers and fixtures")]
struct Cli {
	/// Parameters cache folder [default: $POLYLINK_PARAMS_DIR or ~/.cache/polylink/params].
	#[arg(long, global = true)]
	cache_dir: Option<PathBuf>,
	/// What to do.
	#[command(subcommand)]
	command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
enum Command {
	/// Generate (or load) the cached parameters of a circuit.
	Generate {
		/// Registered circuit name.
		#[arg(long)]
		circuit: String,
	},
	/// Print a circuit's size, shape hash, cached file and verifying-key hash.
	Inspect {
		/// Registered circuit name.
		#[arg(long)]
		circuit: String,
	},
	/// Write the Solidity verifier of a circuit.
	ExportSolidity {
		/// Registered circuit name.
		#[arg(long)]
		circuit: String,
		/// Output `.sol` file.
		#[arg(long)]
		out: PathBuf,
		/// Contract name [default: the circuit name in PascalCase + "Verifier"].
		#[arg(long)]
		contract_name: Option<String>,
		/// Take the verifying key from this file (SCALE bytes, raw or hex) instead of the
		/// parameters.
		#[arg(long)]
		vk: Option<PathBuf>,
	},
	/// Write a circuit's verifying key.
	ExportVk {
		/// Registered circuit name.
		#[arg(long)]
		circuit: String,
		/// Encoding.
		#[arg(long, value_enum)]
		format: VkFormat,
		/// Output file.
		#[arg(long)]
		out: PathBuf,
		/// Write hex text (with a trailing newline) instead of raw bytes.
		#[arg(long)]
		hex: bool,
	},
	/// Prove the circuit's example instance and write a JSON fixture (and a Solidity one).
	ProveFixture {
		/// Registered circuit name.
		#[arg(long, default_value = "toy")]
		circuit: String,
		/// Output JSON file.
		#[arg(long)]
		out: PathBuf,
		/// Also write the fixture as a Solidity library of constants.
		#[arg(long)]
		solidity_out: Option<PathBuf>,
		/// Seed of the proof randomness (fixtures need no zero knowledge; seeded = reproducible).
		#[arg(long, default_value_t = 1)]
		seed: u64,
	},
}

/// Verifying-key encodings.
#[derive(Clone, Copy, ValueEnum)]
enum VkFormat {
	/// alpha ‖ beta ‖ gamma ‖ delta ‖ IC, EIP-2537 points.
	Eip2537,
	/// The same, compressed points.
	Compressed,
	/// The appchain's versioned SCALE encoding.
	Scale,
}

fn main() -> Result<()> {
	let cli = Cli::parse();
	let cache_dir = cli.cache_dir.clone().unwrap_or_else(params::default_cache_dir);
	match cli.command {
		Command::Generate { circuit } => {
			let entry = entry(&circuit)?;
			let params = load(entry, &cache_dir)?;
			println!("vk hash: 0x{}", hex::encode(vk_hash(&params.vk)));
		}
		Command::Inspect { circuit } => inspect(entry(&circuit)?, &cache_dir)?,
		Command::ExportSolidity { circuit, out, contract_name, vk } => {
			let entry = entry(&circuit)?;
			let vk = match vk {
				Some(path) => read_vk(&path)?,
				None => load(entry, &cache_dir)?.vk,
			};
			let name = contract_name.unwrap_or_else(|| format!("{}Verifier", pascal(entry.name)));
			let text = solidity::verifier_contract_generated_by(
				&name,
				&vk,
				&solidity::export_command(entry.name, &name),
			);
			write(&out, text.as_bytes())?;
			println!("wrote {} ({name})", out.display());
		}
		Command::ExportVk { circuit, format, out, hex } => {
			let vk = load(entry(&circuit)?, &cache_dir)?.vk;
			let bytes = match format {
				VkFormat::Eip2537 => encoding::vk_to_eip2537(&vk),
				VkFormat::Compressed => encoding::vk_to_compressed(&vk),
				VkFormat::Scale => encoding::vk_to_bytes(&vk),
			};
			let bytes = if hex { format!("{}\n", hex::encode(&bytes)).into_bytes() } else { bytes };
			write(&out, &bytes)?;
			println!("wrote {} ({} bytes)", out.display(), bytes.len());
		}
		Command::ProveFixture { circuit, out, solidity_out, seed } => {
			prove_fixture(entry(&circuit)?, &cache_dir, &out, solidity_out.as_deref(), seed)?;
		}
	}
	Ok(())
}

/// The registry entry called `name`.
fn entry(name: &str) -> Result<&'static CircuitEntry> {
	registry::lookup(name)
		.ok_or_else(|| anyhow!("unknown circuit {name:?}; registered: {}", registry::names()))
}

/// Loads or generates the parameters, printing progress.
fn load(entry: &CircuitEntry, cache_dir: &Path) -> Result<Parameters<Bls12>> {
	let start = Instant::now();
	let progress = |m: &str| eprintln!("[{:>7}] {m}", seconds(start.elapsed()));
	(entry.load_or_generate)(cache_dir, &progress)
		.with_context(|| format!("parameters of {}", entry.name))
}

/// `inspect`: sizes and hashes, without generating anything.
fn inspect(entry: &CircuitEntry, cache_dir: &Path) -> Result<()> {
	let shape = (entry.shape)().context("synthesizing the shape")?;
	let path = params::cache_path(cache_dir, entry.name, &shape);
	println!("circuit:      {} ({})", entry.name, entry.description);
	println!("constraints:  {}", shape.num_constraints);
	println!("inputs:       {} (public, plus ONE)", shape.num_inputs - 1);
	println!("aux:          {}", shape.num_aux);
	println!("shape hash:   {}", shape.hash_hex());
	println!("params file:  {}", path.display());
	match fs::metadata(&path) {
		Ok(meta) => {
			println!("params size:  {} bytes", meta.len());
			let quiet = |_: &str| {};
			match params::load_cached(entry.name, &shape, cache_dir, &quiet)? {
				Some(p) => println!("vk hash:      0x{}", hex::encode(vk_hash(&p.vk))),
				None => println!("vk hash:      (cached file unusable; run generate)"),
			}
		}
		Err(_) => println!("params size:  (not generated; run generate)"),
	}
	Ok(())
}

/// Reads a SCALE verifying key, raw or as hex text.
fn read_vk(path: &Path) -> Result<VerifyingKey<Bls12>> {
	let raw = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
	let bytes = match std::str::from_utf8(&raw) {
		Ok(text) if hex::decode(text.trim()).is_ok() => hex::decode(text.trim())?,
		_ => raw,
	};
	encoding::vk_from_bytes(&bytes).with_context(|| format!("decoding {}", path.display()))
}

/// `prove-fixture`: proves the example, checks it, writes JSON (and Solidity).
fn prove_fixture(
	entry: &CircuitEntry,
	cache_dir: &Path,
	out: &Path,
	solidity_out: Option<&Path>,
	seed: u64,
) -> Result<()> {
	let params = load(entry, cache_dir)?;
	let shape = (entry.shape)()?;
	let mut rng = StdRng::seed_from_u64(seed);
	let start = Instant::now();
	let (proof, input) = (entry.prove_example)(&params, &mut rng)?;
	eprintln!("proved in {}", seconds(start.elapsed()));
	let (verified, took) = prover::verify_timed(&params.vk, &proof, input);
	verified.context("the fresh proof does not verify")?;
	eprintln!("verified in {}", seconds(took));

	let proof_hex = hex::encode(proof_to_eip2537(&proof));
	let input_hex = hex::encode(scalar_to_be_bytes(&input));
	let vk_hash_hex = hex::encode(vk_hash(&params.vk));
	let json = format!(
		"{{\n  \"circuit\": \"{}\",\n  \"shape_hash\": \"0x{}\",\n  \"vk_hash\": \"0x{vk_hash_hex}\",\n  \"public_input\": \"0x{input_hex}\",\n  \"proof\": \"0x{proof_hex}\",\n  \"proof_compressed\": \"0x{}\"\n}}\n",
		entry.name,
		shape.hash_hex(),
		hex::encode(proof_to_compressed(&proof)),
	);
	write(out, json.as_bytes())?;
	println!("wrote {}", out.display());
	if let Some(sol) = solidity_out {
		let library = format!("{}Fixture", pascal(entry.name));
		if sol.file_stem().and_then(|s| s.to_str()) != Some(library.as_str()) {
			bail!("--solidity-out must be named {library}.sol");
		}
		let text = format!(
			"// SPDX-License-Identifier: Apache-2.0
// Generated by `polylink-keys prove-fixture --circuit {name} --seed {seed}`. Do not edit.
pragma solidity ^0.8.30;

/// @title {library}
/// @notice A real proof of the `{name}` circuit's example instance, for verifier tests.
library {library} {{
	/// @notice The proof: A, B, C in EIP-2537 encoding (512 bytes).
	bytes internal constant PROOF = hex\"{proof_hex}\";
	/// @notice The public input.
	uint256 internal constant INPUT = 0x{input_hex};
	/// @notice SHA-256 of the SCALE-encoded verifying key the proof was made for.
	bytes32 internal constant VK_HASH = 0x{vk_hash_hex};
}}
",
			name = entry.name,
		);
		write(sol, text.as_bytes())?;
		println!("wrote {}", sol.display());
	}
	Ok(())
}

/// `toy` → `Toy`, `block_exit` → `BlockExit`.
fn pascal(name: &str) -> String {
	name.split(['_', '-'])
		.map(|w| {
			let mut c = w.chars();
			c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
		})
		.collect()
}

/// Writes a file, creating its folder.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
	if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
		fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
	}
	fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
