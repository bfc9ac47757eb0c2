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
