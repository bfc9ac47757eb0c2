//! The relayer's configuration: a TOML file (`--config`), every field but the chains with a
//! documented default.
//!
//! ```toml
//! appchain = "http://127.0.0.1:9944"   # the node's JSON-RPC (default)
//! poll_ms = 1000                       # how often each chain is looked at (default)
//! max_backoff_s = 60                   # the longest wait after repeated failures (default)
//! metrics = "127.0.0.1:9616"           # Prometheus endpoint (default; "" turns it off)
//!
//! [[chains]]
//! index = 1                            # the chain's index in the deployment (1..=4)
//! rpc = "http://127.0.0.1:8545"        # its JSON-RPC endpoint
//! contract = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"
//! key_env = "POLYLINK_RELAYER_KEY_1"   # the environment variable holding the sender's key
//! ```
//!
//! A chain's sending key (a 32-byte hex secp256k1 key, `0x` optional) comes from the environment
//! variable `key_env` names, or from the file `key_file` names (its first line), or, on a
//! devnet only, inline as `key`: exactly one of them. An inline key is refused for a chain whose
//! EVM chain id is not a devnet's ([`DEVNET_CHAIN_IDS`], checked when the relayer connects).
//! A key is never printed: `Debug` shows it redacted, and a TOML error names its line and
//! column without quoting the file.

use alloy_primitives::Address;
use alloy_signer_local::PrivateKeySigner;
use polylink_primitives::{chain::ChainId, params::MAX_CHAINS};
use serde::Deserialize;
use std::{ops::RangeInclusive, path::Path, time::Duration};

/// The EVM chain ids of devnets, where a key may sit inline in the configuration: anvil's 31337
/// and the two-chain devnet's next ones (the range `contracts/script/DeployChain.s.sol` deploys
/// dev-key verifiers on).
pub const DEVNET_CHAIN_IDS: RangeInclusive<u64> = 31_337..=31_340;

/// Why a configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
	/// The file cannot be read.
	#[error("cannot read the configuration {path}: {error}")]
	Read {
		/// The file.
		path: String,
		/// What went wrong.
		error: std::io::Error,
	},
	/// The file is not a valid configuration.
	#[error("the configuration {path} is invalid: {error}")]
	Parse {
		/// The file.
		path: String,
		/// What is wrong, with its line.
		error: String,
	},
	/// A value is out of range or inconsistent.
	#[error("the configuration is invalid: {0}")]
	Invalid(String),
}

/// The relayer's configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
	/// The appchain node's HTTP JSON-RPC endpoint.
	#[serde(default = "default_appchain")]
	pub appchain: String,
	/// How often each chain is looked at, in milliseconds.
	#[serde(default = "default_poll_ms")]
	pub poll_ms: u64,
	/// The longest wait after repeated failures, in seconds.
	#[serde(default = "default_max_backoff_s")]
	pub max_backoff_s: u64,
	/// Where the Prometheus metrics are served (`host:port`); empty turns them off.
	#[serde(default = "default_metrics")]
	pub metrics: String,
	/// The L1 chains to drive.
	pub chains: Vec<ChainConfig>,
}

/// One L1 chain the relayer drives.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainConfig {
	/// The chain's index in the deployment (`1..=MAX_CHAINS`).
	pub index: u8,
	/// Its JSON-RPC endpoint (http or https).
	pub rpc: String,
	/// The deployment's rollup contract on it.
	pub contract: Address,
	/// The name of the environment variable holding the sending key.
	#[serde(default)]
	pub key_env: Option<String>,
	/// A file whose first line is the sending key.
	#[serde(default)]
	pub key_file: Option<String>,
	/// The sending key itself (devnets only).
	#[serde(default)]
	pub key: Option<String>,
}

impl std::fmt::Debug for ChainConfig {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.debug_struct("ChainConfig")
			.field("index", &self.index)
			.field("rpc", &self.rpc)
			.field("contract", &self.contract)
			.field("key_env", &self.key_env)
			.field("key_file", &self.key_file)
			.field("key", &self.key.as_ref().map(|_| "<redacted>"))
			.finish()
	}
}

/// The default appchain endpoint: a local node.
fn default_appchain() -> String {
	"http://127.0.0.1:9944".into()
}

/// The default poll interval: a second.
fn default_poll_ms() -> u64 {
	1_000
}

/// The default metrics endpoint: next to the node's 9615.
fn default_metrics() -> String {
	"127.0.0.1:9616".into()
}

/// The default backoff cap: a minute.
fn default_max_backoff_s() -> u64 {
	60
}

impl Config {
	/// Reads and checks the configuration at `path`.
	pub fn load(path: &Path) -> Result<Self, ConfigError> {
		let shown = path.display().to_string();
		let text = std::fs::read_to_string(path)
			.map_err(|error| ConfigError::Read { path: shown.clone(), error })?;
		Self::parse(&text).map_err(|error| match error {
			ConfigError::Parse { error, .. } => ConfigError::Parse { path: shown, error },
			other => other,
		})
	}

	/// Parses and checks a configuration.
	pub fn parse(text: &str) -> Result<Self, ConfigError> {
		let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
			path: "(text)".into(),
			error: parse_error(text, &e),
		})?;
		config.check()?;
		Ok(config)
	}

	/// Checks what the types cannot: endpoints, indices, keys.
	fn check(&self) -> Result<(), ConfigError> {
		endpoint(&self.appchain, "appchain")?;
		if !self.metrics.is_empty() && self.metrics.parse::<std::net::SocketAddr>().is_err() {
			return Err(ConfigError::Invalid(format!(
				"metrics `{}` is not host:port (an IP address and a port), nor empty",
				self.metrics
			)));
		}
		if self.poll_ms == 0 || self.max_backoff_s == 0 {
			return Err(ConfigError::Invalid("poll_ms and max_backoff_s must be positive".into()));
		}
		if self.chains.is_empty() {
			return Err(ConfigError::Invalid("no [[chains]]: name at least one L1 chain".into()));
		}
		let mut seen = Vec::new();
		for chain in &self.chains {
			chain.chain_id()?;
			if seen.contains(&chain.index) {
				return Err(ConfigError::Invalid(format!("chain {} is listed twice", chain.index)));
			}
			seen.push(chain.index);
			endpoint(&chain.rpc, &format!("chain {}'s rpc", chain.index))?;
			let sources = [chain.key.is_some(), chain.key_env.is_some(), chain.key_file.is_some()];
			match sources.iter().filter(|given| **given).count() {
				0 => {
					return Err(ConfigError::Invalid(format!(
						"chain {}: no sending key: set key_env to the name of an environment \
						 variable holding it, or key_file to a file holding it",
						chain.index
					)))
				}
				1 => {}
				_ => {
					return Err(ConfigError::Invalid(format!(
						"chain {}: give one of key_env, key_file and key, not several",
						chain.index
					)))
				}
			}
		}
		Ok(())
	}

	/// The poll interval.
	pub fn poll(&self) -> Duration {
		Duration::from_millis(self.poll_ms)
	}

	/// The backoff cap.
	pub fn max_backoff(&self) -> Duration {
		Duration::from_secs(self.max_backoff_s)
	}
}

impl ChainConfig {
	/// The chain's index as a [`ChainId`].
	pub fn chain_id(&self) -> Result<ChainId, ConfigError> {
		ChainId::new(self.index).ok_or_else(|| {
			ConfigError::Invalid(format!("chain index {} is not in 1..={MAX_CHAINS}", self.index))
		})
	}

	/// Whether the key sits inline in the configuration (allowed on devnets only).
	pub fn key_is_inline(&self) -> bool {
		self.key.is_some()
	}

	/// The sending key, from the environment, a file or inline.
	pub fn signer(&self) -> Result<PrivateKeySigner, ConfigError> {
		let (hex, source) = match (&self.key, &self.key_env, &self.key_file) {
			(Some(key), _, _) => (key.clone(), "key".to_string()),
			(None, Some(var), _) => {
				let value = std::env::var(var).map_err(|_| {
					ConfigError::Invalid(format!(
						"chain {}: the environment variable {var} (key_env) is not set",
						self.index
					))
				})?;
				(value, var.clone())
			}
			(None, None, Some(file)) => {
				let text = std::fs::read_to_string(file).map_err(|e| {
					ConfigError::Invalid(format!(
						"chain {}: cannot read the key file {file} (key_file): {e}",
						self.index
					))
				})?;
				(
					text.lines().next().unwrap_or_default().to_string(),
					format!("the key file {file}"),
				)
			}
			(None, None, None) => {
				return Err(ConfigError::Invalid(format!("chain {}: no key", self.index)))
			}
		};
		hex.trim().trim_start_matches("0x").parse::<PrivateKeySigner>().map_err(|_| {
			ConfigError::Invalid(format!(
				"chain {}: {source} is not a 32-byte hex secp256k1 key",
				self.index
			))
		})
	}
}

/// A TOML error as its message and position only: the parser's own text quotes the offending
/// line, which may be a key's.
fn parse_error(text: &str, error: &toml::de::Error) -> String {
	match error.span() {
		Some(span) => {
			let before = &text[..span.start.min(text.len())];
			let line = before.matches('\n').count() + 1;
			let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
			format!("line {line}, column {column}: {}", error.message())
		}
		None => error.message().to_string(),
	}
}

/// Checks that `url` is an http(s) URL.
fn endpoint(url: &str, what: &str) -> Result<url::Url, ConfigError> {
	let parsed = url::Url::parse(url)
		.map_err(|e| ConfigError::Invalid(format!("{what} `{url}` is not a URL: {e}")))?;
	if !matches!(parsed.scheme(), "http" | "https") {
		return Err(ConfigError::Invalid(format!("{what} `{url}`: only http(s) is supported")));
	}
	Ok(parsed)
}

#[cfg(test)]
mod tests {
	use super::*;

	const ANVIL_KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

	fn one_chain(extra: &str) -> String {
		format!(
			"[[chains]]\nindex = 1\nrpc = \"http://127.0.0.1:8545\"\n\
			 contract = \"0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9\"\n{extra}"
		)
	}

	#[test]
	fn defaults_fill_everything_but_the_chains() {
		let config = Config::parse(&one_chain(&format!("key = \"{ANVIL_KEY}\""))).unwrap();
		assert_eq!(config.appchain, "http://127.0.0.1:9944");
		assert_eq!(config.poll(), Duration::from_secs(1));
		assert_eq!(config.max_backoff(), Duration::from_secs(60));
		assert_eq!(config.metrics, "127.0.0.1:9616");
		let chain = &config.chains[0];
		assert_eq!(chain.chain_id().unwrap(), ChainId(1));
		assert_eq!(
			chain.signer().unwrap().address(),
			"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".parse::<Address>().unwrap()
		);
	}

	#[test]
	fn the_key_comes_from_the_named_environment_variable() {
		std::env::set_var("POLYLINK_RELAYER_TEST_KEY", ANVIL_KEY);
		let config = Config::parse(&one_chain("key_env = \"POLYLINK_RELAYER_TEST_KEY\"")).unwrap();
		assert!(config.chains[0].signer().is_ok());
		let unset = Config::parse(&one_chain("key_env = \"POLYLINK_RELAYER_UNSET\"")).unwrap();
		let error = unset.chains[0].signer().unwrap_err().to_string();
		assert!(error.contains("POLYLINK_RELAYER_UNSET (key_env) is not set"), "{error}");
	}

	#[test]
	fn bad_configurations_are_refused_with_what_to_fix() {
		let refusals = [
			("", "missing field `chains`"),
			("chains = []", "no [[chains]]"),
			(&one_chain(""), "no sending key"),
			(&one_chain(&format!("key = \"{ANVIL_KEY}\"\nkey_env = \"X\"")), "not several"),
			(&one_chain("key_file = \"k\"\nkey_env = \"X\""), "not several"),
			(&one_chain("key = \"x\"\ncolour = 1"), "unknown field `colour`"),
			(&one_chain("key = \"x\"").replace("index = 1", "index = 5"), "not in 1..=4"),
			(&one_chain("key = \"x\"").replace("http://127.0.0.1:8545", "ws://x"), "only http"),
			(&format!("poll_ms = 0\n{}", one_chain("key = \"x\"")), "must be positive"),
			(&format!("metrics = \"localhost\"\n{}", one_chain("key = \"x\"")), "not host:port"),
			(&format!("{}\n{}", one_chain("key = \"x\""), one_chain("key = \"x\"")), "twice"),
		];
		for (text, expected) in refusals {
			let error = Config::parse(text).unwrap_err().to_string();
			assert!(error.contains(expected), "`{text}` gave `{error}`, not `{expected}`");
		}
		let missing =
			Config::parse(&one_chain("key_file = \"/nonexistent/polylink-key\"")).unwrap();
		let error = missing.chains[0].signer().unwrap_err().to_string();
		assert!(error.contains("cannot read the key file /nonexistent/polylink-key"), "{error}");
		let bad_key = Config::parse(&one_chain("key = \"0x1234\"")).unwrap();
		let error = bad_key.chains[0].signer().unwrap_err().to_string();
		assert!(error.contains("not a 32-byte hex secp256k1 key"), "{error}");
	}

	#[test]
	fn the_key_comes_from_a_file_and_is_never_printed() {
		let file =
			std::env::temp_dir().join(format!("polylink-relayer-key-{}", std::process::id()));
		std::fs::write(&file, format!("{ANVIL_KEY}\n")).unwrap();
		let text = one_chain(&format!("key_file = \"{}\"", file.display()));
		let config = Config::parse(&text).unwrap();
		assert!(config.chains[0].signer().is_ok());
		assert!(!config.chains[0].key_is_inline());
		let _ = std::fs::remove_file(&file);
		let inline = Config::parse(&one_chain(&format!("key = \"{ANVIL_KEY}\""))).unwrap();
		assert!(inline.chains[0].key_is_inline());
		let shown = format!("{inline:?}");
		assert!(!shown.contains(&ANVIL_KEY[2..]), "Debug shows the key: {shown}");
		assert!(shown.contains("<redacted>"), "{shown}");
	}

	#[test]
	fn a_toml_error_names_its_line_without_quoting_it() {
		// An unterminated string on the key line: the parser's own message quotes the line.
		let text = one_chain(&format!("key = \"{}", &ANVIL_KEY[2..]));
		let error = Config::parse(&text).unwrap_err().to_string();
		assert!(!error.contains(&ANVIL_KEY[2..10]), "the error quotes the key: {error}");
		assert!(error.contains("line 5"), "{error}");
	}
}
