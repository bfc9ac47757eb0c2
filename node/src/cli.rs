//! The command line: `sc-cli`'s run command plus the node's options and subcommands.

use polkadot_sdk::sc_cli;

/// How a development node seals blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sealing {
	/// Aura slots and GRANDPA finality (the default).
	Aura,
	/// A block as soon as a transaction enters the pool, finalized at once.
	Instant,
	/// A block when `engine_createBlock` is called over RPC.
	Manual,
}

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; the node runs without one.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// The standard node options (`--dev`, `--chain`, `--base-path`, `--validator`, ...).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Block sealing: `aura` (slots and GRANDPA), or for development nodes `instant` (a block
	/// per transaction) or `manual` (a block per `engine_createBlock` RPC call); the last two
	/// carry Aura slot digests, one slot per block, and need no 6-second wait.
	#[arg(long, value_enum, default_value_t = Sealing::Aura)]
	pub sealing: Sealing,

	/// Run the prover: a native replica of the L2 state follows the sealed batches, proves the
	/// unproven ones on every core and the off-chain worker submits the proofs, signed by the
	/// keystore's `prvr` sr25519 key (on `--dev` chains `//Alice` is inserted when there is
	/// none). Needs off-chain workers (on by default for validators).
	#[arg(long)]
	pub prover: bool,

	/// The Groth16 parameters folder: the prover's parameters, and the `dev`/`local` chain
	/// specs' verifying keys, come from there (generated there when missing, which takes
	/// minutes). Defaults to `$POLYLINK_PARAMS_DIR`, else `$HOME/.cache/polylink/params`.
	#[arg(long, value_name = "DIR", default_value_os_t = polylink_circuits::params::default_cache_dir())]
	pub params_dir: std::path::PathBuf,
}

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys into the keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain spec (deprecated upstream in favour of `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain spec (`--chain dev|local|<file>`, `--raw` for the raw storage).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks (`benchmark pallet`); built with the `runtime-benchmarks` feature.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(polkadot_sdk::frame_benchmarking_cli::BenchmarkCmd),

	/// The database's meta columns.
	ChainInfo(sc_cli::ChainInfoCmd),
}
