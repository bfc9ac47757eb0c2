//! `polylink-relayer`: drives every configured L1 rollup contract through commit → prove →
//! sync → execute from what the appchain certified.

use clap::Parser;
use polylink_relayer::{config::Config, run};
use std::{io::Write, path::PathBuf};

/// Drives the Polylink rollup contracts of the configured L1 chains through commit, prove, sync
/// and execute, from the batches the appchain certified and what each contract holds.
///
/// The relayer keeps no state: stop and restart it at any time. Several may run at once (each
/// transaction is simulated first; a losing duplicate costs only its gas). The configuration
/// file is TOML; see the `polylink_relayer::config` docs or relayers/README.md for every field
/// and its default.
#[derive(Parser, Debug)]
#[command(name = "polylink-relayer", version)]
struct Cli {
	/// The configuration file (TOML).
	#[arg(long, short, env = "POLYLINK_RELAYER_CONFIG")]
	config: PathBuf,
	/// Overrides the configuration's appchain endpoint.
	#[arg(long)]
	appchain: Option<String>,
	/// Log level: error, warn, info, debug, trace.
	#[arg(long, default_value = "info", env = "POLYLINK_RELAYER_LOG", value_parser = level)]
	log: log::LevelFilter,
}

/// Parses a log level.
fn level(text: &str) -> Result<log::LevelFilter, String> {
	text.parse().map_err(|_| format!("`{text}` is not one of error, warn, info, debug, trace"))
}

/// Logs one line per record: seconds since the epoch, level, target and `key=value` fields.
/// The relayer's own records at the chosen level; its libraries' (alloy's transport logs every
/// request at info) at warn and above.
struct Logger {
	/// The chosen level.
	level: log::LevelFilter,
}

impl log::Log for Logger {
	fn enabled(&self, metadata: &log::Metadata) -> bool {
		let own = metadata.target().starts_with("polylink");
		metadata.level() <= if own { self.level } else { self.level.min(log::LevelFilter::Warn) }
	}

	fn log(&self, record: &log::Record) {
		if !self.enabled(record.metadata()) {
			return;
		}
		let now =
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
		let _ = writeln!(
			std::io::stderr(),
			"{}.{:03} {} {}: {}",
			now.as_secs(),
			now.subsec_millis(),
			record.level(),
			record.target(),
			record.args()
		);
	}

	fn flush(&self) {}
}

fn main() {
	let cli = Cli::parse();
	log::set_max_level(cli.log);
	// The only logger of this process: setting it cannot fail.
	let _ = log::set_logger(Box::leak(Box::new(Logger { level: cli.log })));
	let mut config = match Config::load(&cli.config) {
		Ok(config) => config,
		Err(e) => {
			eprintln!("error: {e}");
			std::process::exit(1);
		}
	};
	if let Some(appchain) = cli.appchain {
		config.appchain = appchain;
	}
	let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
		Ok(runtime) => runtime,
		Err(e) => {
			eprintln!("error: no async runtime: {e}");
			std::process::exit(1);
		}
	};
	log::info!(
		target: run::LOG,
		"appchain={} chains={} poll_ms={} starting",
		config.appchain,
		config.chains.len(),
		config.poll_ms
	);
	runtime.block_on(run::run(config));
}
