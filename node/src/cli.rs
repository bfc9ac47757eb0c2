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

	/// Run the L1 oracle for a chain of the deployment: `--l1 <chain index>=<rpc url>` (repeat
	/// for each chain, e.g. `--l1 1=http://127.0.0.1:8545`). The oracle reads the chain's rollup
	/// contract events after the registered confirmation depth, votes on them and signs commit
	/// and sync certificates with the keystore's `orcl` ECDSA key (on `--dev` chains `//Alice`'s
	/// is inserted when there is none).
	#[arg(long = "l1", value_name = "INDEX=URL", value_parser = crate::oracle::parse_endpoint)]
	pub l1: Vec<(u8, url::Url)>,

	/// How often the oracle polls its L1 endpoints and the appchain, in milliseconds.
	#[arg(long, value_name = "MS", default_value_t = 1000)]
	pub l1_poll_ms: u64,

	/// The prover's Groth16 parameters folder. On development and local chains the prover uses
	/// the insecure dev parameters, derived from a public seed and cached here (the first
	/// derivation takes minutes); on any other chain it reads the ceremony's files
	/// `block-<chunks>-<shape>.params` from here and refuses dev keys (docs/keys.md). Defaults to
	/// `$POLYLINK_PARAMS_DIR`, else `$HOME/.cache/polylink/params`.
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

	/// Print what the L1 deployment needs from a chain spec (deployment id, genesis root,
	/// oracle set, live chains), as shell assignments for `contracts/script/DeployChain.s.sol`.
	Deployment(crate::deployment::DeploymentCmd),
}
