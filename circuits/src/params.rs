//! # Groth16 parameters: insecure dev keys and ceremony files
//!
//! ## Overview
//! A deployment has one set of parameters (proving key and verifying key) per circuit, the same
//! on every machine. Two sources:
//! - **Dev keys** ([`load_or_generate`]): derived deterministically from the public seed
//!   [`DEV_SEED_DOMAIN`], the circuit's name and its shape hash, then cached under
//!   `<cache_dir>/<name>-<hash>.insecure-dev.params`. Every machine derives byte-identical
//!   parameters, so two machines building the `dev` or `local` chain agree on the verifying keys
//!   (`circuits/keys/*.vk.hex` are these keys, checked by `tests/committed_artifacts.rs`). The
//!   seed is public: **anyone can forge proofs under dev keys**; only dev/local chains may use
//!   them.
//! - **Ceremony files** ([`load_ceremony`]): `<dir>/<name>-<hash>.params`, the output of an MPC
//!   ceremony placed there by the operator. Never generated; a missing or unusable file is an
//!   error that names the file.
//!
//! ## Terminology
//! - **Shape**: everything about a circuit that is fixed before witnesses exist: the
//!   constraints (their A, B, C linear combinations: variable indices and coefficients) and
//!   the numbers of inputs and auxiliary variables. [`ShapeHasher`] synthesizes the blank
//!   circuit and SHA-256s all of it; any change to the circuit changes the hash and so the
//!   cache key.
//!
//! ## Assumptions
//! The cache is trusted local storage: a file is accepted when its header and SHA-256 body
//! digest match, and its points are then read without the (slow) subgroup checks. A dev cache
//! file that is unusable is regenerated (the result is the same key, so nothing downstream
//! changes); a ceremony file that is unusable is an error (`docs/keys.md`).

use std::{
	fs,
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

use bellman::{Circuit, ConstraintSystem, Index, LinearCombination, SynthesisError, Variable};
use bls12_381::{Bls12, Scalar as Fr};
use chacha20::ChaCha20Rng;
use ff::PrimeField;
use groth16::Parameters;
use rand_core::SeedableRng;
use sha2::{Digest, Sha256};

use crate::files::{write_atomically, WriteError};

/// Magic bytes at the start of a cached parameters file.
pub const PARAMS_MAGIC: [u8; 8] = *b"PLKGROTH";
/// Version of the cached parameters file format.
pub const PARAMS_VERSION: u32 = 1;
/// Environment variable that overrides the default cache folder.
pub const PARAMS_DIR_ENV: &str = "POLYLINK_PARAMS_DIR";
/// Number of hex digits of the shape hash in a cache file name.
pub const HASH_PREFIX_LEN: usize = 16;
/// The public seed of the insecure dev keys: the RNG of circuit `name` with shape hash `h` is
/// ChaCha20 keyed with `SHA-256(DEV_SEED_DOMAIN ‖ name ‖ 0x00 ‖ h)` ([`dev_seed`]).
pub const DEV_SEED_DOMAIN: &[u8] = b"polylink/insecure-dev-parameters/v1";
/// File name suffix of dev parameters (ceremony files end in plain `.params`).
pub const DEV_SUFFIX: &str = ".insecure-dev.params";
/// Domain separator hashed in front of every shape.
const SHAPE_DOMAIN: &[u8] = b"polylink/circuit-shape/v1";
/// Header length: magic, version, shape hash, body digest, body length.
const HEADER_LEN: usize = 8 + 4 + 32 + 32 + 8;
/// Rough generation speed used for the time estimate, in constraints per second.
const GENERATION_RATE: f64 = 4_000.0;

/// Why parameters could not be loaded or generated.
#[derive(Debug, thiserror::Error)]
pub enum ParamsError {
	/// Synthesizing the circuit failed.
	#[error("circuit synthesis failed: {0}")]
	Synthesis(#[from] SynthesisError),
	/// A cache file or folder could not be read or written.
	#[error("{action} {path}: {source}")]
	Io {
		/// What was being done.
		action: &'static str,
		/// The file or folder.
		path: PathBuf,
		/// The underlying error.
		#[source]
		source: std::io::Error,
	},
	/// A ceremony parameter file is missing.
	#[error(
		"no parameters for {name} at {path}: put the ceremony's output there (docs/keys.md); \
		 insecure dev keys are only derived for the dev and local chains"
	)]
	Missing {
		/// The circuit.
		name: String,
		/// The file that was expected.
		path: PathBuf,
	},
	/// A ceremony parameter file exists but cannot be used.
	#[error("the parameters of {name} at {path} are unusable ({reason}); replace the file with the ceremony's output")]
	Unusable {
		/// The circuit.
		name: String,
		/// The file.
		path: PathBuf,
		/// What is wrong with it.
		reason: CacheFileError,
	},
}

/// Why a cached file was not used (then it is regenerated).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CacheFileError {
	/// The file is shorter than its header says.
	#[error("file is truncated")]
	Truncated,
	/// The file does not start with [`PARAMS_MAGIC`].
	#[error("bad magic bytes")]
	BadMagic,
	/// The file format version is not [`PARAMS_VERSION`].
	#[error("unsupported version {0}")]
	UnsupportedVersion(u32),
	/// The file was made for another circuit shape.
	#[error("shape hash mismatch")]
	ShapeMismatch,
	/// The body's SHA-256 digest does not match the header.
	#[error("body digest mismatch")]
	DigestMismatch,
	/// The body does not parse as parameters of this shape.
	#[error("malformed parameters: {0}")]
	Malformed(String),
}

/// The shape of a circuit: counts and the hash of all constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CircuitShape {
	/// SHA-256 over the domain separator, every constraint, and the counts.
	pub hash: [u8; 32],
	/// Number of constraints (not counting the input constraints Groth16 adds).
	pub num_constraints: usize,
	/// Number of public inputs, including the constant `ONE`.
	pub num_inputs: usize,
	/// Number of auxiliary (private) variables.
	pub num_aux: usize,
}

impl CircuitShape {
	/// The full shape hash in hex.
	pub fn hash_hex(&self) -> String {
		hex::encode(self.hash)
	}

	/// The first [`HASH_PREFIX_LEN`] hex digits of the shape hash (the cache key).
	pub fn hash_prefix(&self) -> String {
		self.hash_hex()[..HASH_PREFIX_LEN].to_owned()
	}
}

/// A constraint system that hashes a circuit's shape instead of solving it.
///
/// It never calls witness closures, so it synthesizes blank circuits (all witnesses `None`).
/// Per constraint it hashes a tag and then A, B, C; per linear combination the number of
/// terms and each term as (kind byte, index u64 BE, coefficient 32 bytes LE).
pub struct ShapeHasher {
	/// Running hash of the constraints.
	hasher: Sha256,
	/// Inputs allocated so far (`ONE` included).
	num_inputs: usize,
	/// Auxiliary variables allocated so far.
	num_aux: usize,
	/// Constraints enforced so far.
	num_constraints: usize,
}

impl Default for ShapeHasher {
	fn default() -> Self {
		Self::new()
	}
}

impl ShapeHasher {
	/// A fresh hasher with the constant `ONE` as input 0.
	pub fn new() -> Self {
		let mut hasher = Sha256::new();
		hasher.update(SHAPE_DOMAIN);
		Self { hasher, num_inputs: 1, num_aux: 0, num_constraints: 0 }
	}

	/// Hashes one linear combination.
	fn absorb(&mut self, lc: &LinearCombination<Fr>) {
		let terms: &[(Variable, Fr)] = lc.as_ref();
		self.hasher.update((terms.len() as u64).to_be_bytes());
		for (var, coeff) in terms {
			let (kind, index) = match var.get_unchecked() {
				Index::Input(i) => (0u8, i),
				Index::Aux(i) => (1u8, i),
			};
			self.hasher.update([kind]);
			self.hasher.update((index as u64).to_be_bytes());
			self.hasher.update(coeff.to_repr());
		}
	}

	/// Finishes with the counts and returns the shape.
	pub fn finish(mut self) -> CircuitShape {
		self.hasher.update(b"counts");
		for n in [self.num_constraints, self.num_inputs, self.num_aux] {
			self.hasher.update((n as u64).to_be_bytes());
		}
		CircuitShape {
			hash: self.hasher.finalize().into(),
			num_constraints: self.num_constraints,
			num_inputs: self.num_inputs,
			num_aux: self.num_aux,
		}
	}
}

impl ConstraintSystem<Fr> for ShapeHasher {
	type Root = Self;

	fn alloc<F, A, AR>(&mut self, _: A, _: F) -> Result<Variable, SynthesisError>
	where
		F: FnOnce() -> Result<Fr, SynthesisError>,
		A: FnOnce() -> AR,
		AR: Into<String>,
	{
		self.num_aux += 1;
		Ok(Variable::new_unchecked(Index::Aux(self.num_aux - 1)))
	}

	fn alloc_input<F, A, AR>(&mut self, _: A, _: F) -> Result<Variable, SynthesisError>
	where
		F: FnOnce() -> Result<Fr, SynthesisError>,
		A: FnOnce() -> AR,
		AR: Into<String>,
	{
		self.num_inputs += 1;
		Ok(Variable::new_unchecked(Index::Input(self.num_inputs - 1)))
	}

	fn enforce<A, AR, LA, LB, LC>(&mut self, _: A, a: LA, b: LB, c: LC)
	where
		A: FnOnce() -> AR,
		AR: Into<String>,
		LA: FnOnce(LinearCombination<Fr>) -> LinearCombination<Fr>,
		LB: FnOnce(LinearCombination<Fr>) -> LinearCombination<Fr>,
		LC: FnOnce(LinearCombination<Fr>) -> LinearCombination<Fr>,
	{
		self.hasher.update(b"constraint");
		self.absorb(&a(LinearCombination::zero()));
		self.absorb(&b(LinearCombination::zero()));
		self.absorb(&c(LinearCombination::zero()));
		self.num_constraints += 1;
	}

	fn push_namespace<NR, N>(&mut self, _: N)
	where
		NR: Into<String>,
		N: FnOnce() -> NR,
	{
	}

	fn pop_namespace(&mut self) {}

	fn get_root(&mut self) -> &mut Self::Root {
		self
	}
}

/// Synthesizes a (blank) circuit into a [`ShapeHasher`] and returns its shape.
pub fn circuit_shape<C: Circuit<Fr>>(circuit: C) -> Result<CircuitShape, SynthesisError> {
	let mut cs = ShapeHasher::new();
	circuit.synthesize(&mut cs)?;
	Ok(cs.finish())
}

/// The default cache folder: `$POLYLINK_PARAMS_DIR`, else `$HOME/.cache/polylink/params`.
pub fn default_cache_dir() -> PathBuf {
	if let Some(dir) = std::env::var_os(PARAMS_DIR_ENV).filter(|d| !d.is_empty()) {
		return PathBuf::from(dir);
	}
	let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
	home.join(".cache").join("polylink").join("params")
}

/// The dev-key cache file of circuit `name` with shape `shape`:
/// `<dir>/<name>-<hash prefix>.insecure-dev.params`.
pub fn cache_path(cache_dir: &Path, name: &str, shape: &CircuitShape) -> PathBuf {
	cache_dir.join(format!("{name}-{}{DEV_SUFFIX}", shape.hash_prefix()))
}

/// The ceremony file of circuit `name` with shape `shape`: `<dir>/<name>-<hash prefix>.params`.
pub fn ceremony_path(dir: &Path, name: &str, shape: &CircuitShape) -> PathBuf {
	dir.join(format!("{name}-{}.params", shape.hash_prefix()))
}

/// Serializes parameters with the cache header.
pub fn encode_params_file(shape: &CircuitShape, params: &Parameters<Bls12>) -> Vec<u8> {
	let mut body = Vec::new();
	params.write(&mut body).expect("writing to a Vec cannot fail");
	let mut out = Vec::with_capacity(HEADER_LEN + body.len());
	out.extend_from_slice(&PARAMS_MAGIC);
	out.extend_from_slice(&PARAMS_VERSION.to_be_bytes());
	out.extend_from_slice(&shape.hash);
	out.extend_from_slice(&Sha256::digest(&body));
	out.extend_from_slice(&(body.len() as u64).to_be_bytes());
	out.extend_from_slice(&body);
	out
}

/// Parses a cache file made by [`encode_params_file`] for `shape`, checking header and digest.
pub fn decode_params_file(
	shape: &CircuitShape,
	bytes: &[u8],
) -> Result<Parameters<Bls12>, CacheFileError> {
	let header = bytes.get(..HEADER_LEN).ok_or(CacheFileError::Truncated)?;
	if header[..8] != PARAMS_MAGIC {
		return Err(CacheFileError::BadMagic);
	}
	let version = u32::from_be_bytes(header[8..12].try_into().expect("4 bytes"));
	if version != PARAMS_VERSION {
		return Err(CacheFileError::UnsupportedVersion(version));
	}
	if header[12..44] != shape.hash {
		return Err(CacheFileError::ShapeMismatch);
	}
	let body_len = u64::from_be_bytes(header[76..84].try_into().expect("8 bytes"));
	let body = &bytes[HEADER_LEN..];
	if body.len() as u64 != body_len {
		return Err(CacheFileError::Truncated);
	}
	if Sha256::digest(body)[..] != header[44..76] {
		return Err(CacheFileError::DigestMismatch);
	}
	let params = Parameters::<Bls12>::read(body, false)
		.map_err(|e| CacheFileError::Malformed(e.to_string()))?;
	if params.vk.ic.len() != shape.num_inputs || params.l.len() != shape.num_aux {
		return Err(CacheFileError::Malformed("counts do not match the shape".into()));
	}
	Ok(params)
}

/// Loads cached dev parameters of `name` if a valid file exists; `Ok(None)` when there is none.
///
/// An unusable file is reported through `progress` and treated as absent (it is regenerated,
/// with the same result: dev keys are deterministic).
pub fn load_cached(
	name: &str,
	shape: &CircuitShape,
	cache_dir: &Path,
	progress: &dyn Fn(&str),
) -> Result<Option<Parameters<Bls12>>, ParamsError> {
	let path = cache_path(cache_dir, name, shape);
	let bytes = match fs::read(&path) {
		Ok(bytes) => bytes,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
		Err(source) => return Err(ParamsError::Io { action: "reading", path, source }),
	};
	match decode_params_file(shape, &bytes) {
		Ok(params) => {
			progress(&format!("loaded cached parameters from {}", path.display()));
			Ok(Some(params))
		}
		Err(e) => {
			progress(&format!("cached file {} is unusable ({e}); regenerating", path.display()));
			Ok(None)
		}
	}
}

/// A rough human estimate of the generation time of `constraints` constraints.
fn estimate(constraints: usize) -> String {
	let secs = constraints as f64 / GENERATION_RATE;
	if secs < 1.0 {
		"~1 s".to_owned()
	} else if secs < 120.0 {
		format!("~{secs:.0} s")
	} else {
		format!("~{:.0} min", secs / 60.0)
	}
}

/// The ChaCha20 key of the dev parameters of circuit `name` with shape `shape`.
pub fn dev_seed(name: &str, shape: &CircuitShape) -> [u8; 32] {
	let mut h = Sha256::new();
	h.update(DEV_SEED_DOMAIN);
	h.update(name.as_bytes());
	h.update([0]);
	h.update(shape.hash);
	h.finalize().into()
}

/// Derives the insecure dev parameters of circuit `name` (shape `shape`) from the public seed.
/// Deterministic: the same bytes on every machine.
pub fn generate_dev<C: Circuit<Fr>>(
	name: &str,
	shape: &CircuitShape,
	blank: C,
) -> Result<Parameters<Bls12>, ParamsError> {
	let mut rng = ChaCha20Rng::from_seed(dev_seed(name, shape));
	Ok(groth16::generate_random_parameters::<Bls12, _, _>(blank, &mut rng)?)
}

/// Loads the ceremony parameters of circuit `name` from `dir` (`<name>-<hash prefix>.params`).
/// Nothing is generated: a missing or unusable file is an error naming the file.
pub fn load_ceremony<C: Circuit<Fr>>(
	name: &str,
	blank: C,
	dir: &Path,
	progress: &dyn Fn(&str),
) -> Result<Parameters<Bls12>, ParamsError> {
	let shape = circuit_shape(blank)?;
	let path = ceremony_path(dir, name, &shape);
	let bytes = match fs::read(&path) {
		Ok(bytes) => bytes,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
			return Err(ParamsError::Missing { name: name.to_owned(), path })
		}
		Err(source) => return Err(ParamsError::Io { action: "reading", path, source }),
	};
	let params = decode_params_file(&shape, &bytes).map_err(|reason| ParamsError::Unusable {
		name: name.to_owned(),
		path: path.clone(),
		reason,
	})?;
	progress(&format!("{name}: loaded ceremony parameters from {}", path.display()));
	Ok(params)
}

/// Loads the cached insecure dev parameters of circuit `name`, or derives and caches them.
///
/// `blank` is the circuit with every witness `None`. The cache key is the hash of its
/// shape ([`ShapeHasher`]); the file is `<cache_dir>/<name>-<hash prefix>.insecure-dev.params`,
/// written atomically. A corrupt or mismatching file is reported through `progress` and
/// replaced by the same parameters, derived again ([`generate_dev`]).
pub fn load_or_generate<C>(
	name: &str,
	blank: C,
	cache_dir: &Path,
	progress: &dyn Fn(&str),
) -> Result<Parameters<Bls12>, ParamsError>
where
	C: Circuit<Fr> + Clone,
{
	progress(&format!("{name}: synthesizing shape"));
	let shape = circuit_shape(blank.clone())?;
	progress(&format!(
		"{name}: {} constraints, {} inputs, {} aux; shape {}",
		shape.num_constraints,
		shape.num_inputs,
		shape.num_aux,
		shape.hash_prefix()
	));
	if let Some(params) = load_cached(name, &shape, cache_dir, progress)? {
		return Ok(params);
	}
	progress(&format!(
		"{name}: deriving the insecure dev parameters for {} constraints (this takes {})",
		shape.num_constraints,
		estimate(shape.num_constraints)
	));
	let start = Instant::now();
	let params = generate_dev(name, &shape, blank)?;
	progress(&format!("{name}: derived in {}", seconds(start.elapsed())));
	fs::create_dir_all(cache_dir).map_err(|source| ParamsError::Io {
		action: "creating",
		path: cache_dir.to_owned(),
		source,
	})?;
	let path = cache_path(cache_dir, name, &shape);
	write_atomically(&path, &encode_params_file(&shape, &params))
		.map_err(|WriteError { action, path, source }| ParamsError::Io { action, path, source })?;
	progress(&format!("{name}: cached at {}", path.display()));
	Ok(params)
}

/// Formats a duration as seconds with two decimals.
pub fn seconds(d: Duration) -> String {
	format!("{:.2} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::toy::ToyCircuit;
	use std::cell::RefCell;

	fn temp_dir(tag: &str) -> PathBuf {
		let dir =
			std::env::temp_dir().join(format!("polylink-params-test-{tag}-{}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		dir
	}

	#[test]
	fn shape_ignores_witnesses() {
		let blank = circuit_shape(ToyCircuit::blank()).expect("blank synthesizes");
		let (full, _) = ToyCircuit::example();
		assert_eq!(circuit_shape(full).expect("example synthesizes"), blank);
		assert_eq!(blank.num_inputs, 2);
	}

	#[test]
	fn shape_changes_with_the_circuit() {
		let a = circuit_shape(ToyCircuit::blank()).expect("synthesizes");
		let b = circuit_shape(ToyCircuit::blank_with_bits(63)).expect("synthesizes");
		assert_ne!(a.hash, b.hash);
	}

	#[test]
	fn load_or_generate_caches_and_recovers_from_corruption() {
		let dir = temp_dir("cache");
		let log = RefCell::new(Vec::<String>::new());
		let progress = |m: &str| log.borrow_mut().push(m.to_owned());
		let first =
			load_or_generate("toy", ToyCircuit::blank(), &dir, &progress).expect("generates");
		assert!(log.borrow().iter().any(|m| m.contains("cached at")));
		let shape = circuit_shape(ToyCircuit::blank()).expect("synthesizes");
		let path = cache_path(&dir, "toy", &shape);
		assert!(path.exists());

		log.borrow_mut().clear();
		let second = load_or_generate("toy", ToyCircuit::blank(), &dir, &progress).expect("loads");
		assert!(first == second);
		assert!(log.borrow().iter().any(|m| m.contains("loaded cached")));

		// 1. A flipped body byte fails the digest; the file is regenerated.
		let mut bytes = fs::read(&path).expect("readable");
		let last = bytes.len() - 1;
		bytes[last] ^= 1;
		assert_eq!(decode_params_file(&shape, &bytes).err(), Some(CacheFileError::DigestMismatch));
		fs::write(&path, &bytes).expect("writable");
		log.borrow_mut().clear();
		let third =
			load_or_generate("toy", ToyCircuit::blank(), &dir, &progress).expect("regenerates");
		assert!(log.borrow().iter().any(|m| m.contains("unusable")));
		assert!(third == second, "dev parameters are derived again, identical");

		// 2. Header checks.
		let good = fs::read(&path).expect("readable");
		let mut bad = good.clone();
		bad[0] = b'X';
		assert_eq!(decode_params_file(&shape, &bad).err(), Some(CacheFileError::BadMagic));
		let mut bad = good.clone();
		bad[11] = 9;
		assert_eq!(
			decode_params_file(&shape, &bad).err(),
			Some(CacheFileError::UnsupportedVersion(9))
		);
		let mut bad = good.clone();
		bad[12] ^= 1;
		assert_eq!(decode_params_file(&shape, &bad).err(), Some(CacheFileError::ShapeMismatch));
		assert_eq!(decode_params_file(&shape, &good[..50]).err(), Some(CacheFileError::Truncated));
		let _ = fs::remove_dir_all(&dir);
	}

	#[test]
	fn dev_parameters_are_the_same_in_every_folder_and_seeded_per_circuit() {
		let (a, b) = (temp_dir("dev-a"), temp_dir("dev-b"));
		let quiet = |_: &str| {};
		load_or_generate("toy", ToyCircuit::blank(), &a, &quiet).expect("derives");
		load_or_generate("toy", ToyCircuit::blank(), &b, &quiet).expect("derives");
		let shape = circuit_shape(ToyCircuit::blank()).expect("synthesizes");
		let (fa, fb) = (cache_path(&a, "toy", &shape), cache_path(&b, "toy", &shape));
		assert!(fa.to_string_lossy().ends_with(".insecure-dev.params"));
		assert_eq!(fs::read(&fa).expect("cached"), fs::read(&fb).expect("cached"));
		// Another name (or shape) gives another seed, so other keys.
		assert_ne!(dev_seed("toy", &shape), dev_seed("toy2", &shape));
		let other = generate_dev("toy2", &shape, ToyCircuit::blank()).expect("derives");
		let toy = load_or_generate("toy", ToyCircuit::blank(), &a, &quiet).expect("loads");
		assert!(other.vk != toy.vk);
		let _ = (fs::remove_dir_all(&a), fs::remove_dir_all(&b));
	}

	#[test]
	fn ceremony_files_are_never_generated_and_must_be_intact() {
		let dir = temp_dir("ceremony");
		let quiet = |_: &str| {};
		let err = load_ceremony("toy", ToyCircuit::blank(), &dir, &quiet)
			.map(|_| ())
			.expect_err("missing");
		assert!(matches!(err, ParamsError::Missing { .. }), "{err}");
		assert!(err.to_string().contains("docs/keys.md"));
		assert!(!dir.exists(), "nothing was generated");
		// A dev cache file is not a ceremony file.
		load_or_generate("toy", ToyCircuit::blank(), &dir, &quiet).expect("derives");
		let err = load_ceremony("toy", ToyCircuit::blank(), &dir, &quiet)
			.map(|_| ())
			.expect_err("dev only");
		assert!(matches!(err, ParamsError::Missing { .. }), "{err}");
		// An intact file under the ceremony name loads; a corrupt one is an error.
		let shape = circuit_shape(ToyCircuit::blank()).expect("synthesizes");
		let mut bytes = fs::read(cache_path(&dir, "toy", &shape)).expect("cached");
		let path = ceremony_path(&dir, "toy", &shape);
		fs::write(&path, &bytes).expect("writable");
		load_ceremony("toy", ToyCircuit::blank(), &dir, &quiet).expect("loads");
		let last = bytes.len() - 1;
		bytes[last] ^= 1;
		fs::write(&path, &bytes).expect("writable");
		let err = load_ceremony("toy", ToyCircuit::blank(), &dir, &quiet)
			.map(|_| ())
			.expect_err("corrupt");
		assert!(
			matches!(err, ParamsError::Unusable { reason: CacheFileError::DigestMismatch, .. }),
			"{err}"
		);
		let _ = fs::remove_dir_all(&dir);
	}
}
