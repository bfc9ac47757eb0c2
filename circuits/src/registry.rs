//! # Circuit registry
//!
//! The circuits the tools know by name. Each [`CircuitEntry`] erases a circuit type behind
//! function pointers: its shape, its cached parameters and a satisfied example for fixtures.
//! Registering a circuit is one line in [`CIRCUITS`]: `CircuitEntry::of::<MyCircuit>()`,
//! once `MyCircuit` implements [`RegisteredCircuit`].

use std::path::Path;

use bellman::{Circuit, SynthesisError};
use bls12_381::{Bls12, Scalar as Fr};
use groth16::{Parameters, Proof};
use rand::rngs::StdRng;

use crate::{
	exit::ExitCircuit,
	params::{self, CircuitShape, ParamsError},
	prover::{self, ProveError},
	toy::ToyCircuit,
};

/// A circuit the tools can select by name.
pub trait RegisteredCircuit: Circuit<Fr> + Clone + 'static {
	/// Registry name (also the cache file prefix).
	const NAME: &'static str;
	/// One line for `--help` and `inspect`.
	const DESCRIPTION: &'static str;
	/// The circuit with every witness `None`.
	fn blank() -> Self;
	/// A satisfied instance and its public input, for fixtures and tests.
	fn example() -> (Self, Fr);
}

impl RegisteredCircuit for ToyCircuit {
	const NAME: &'static str = "toy";
	const DESCRIPTION: &'static str = "test circuit: a non-trivial factorisation z = x·y";

	fn blank() -> Self {
		ToyCircuit::blank()
	}

	fn example() -> (Self, Fr) {
		ToyCircuit::example()
	}
}

impl RegisteredCircuit for ExitCircuit {
	const NAME: &'static str = "exit";
	const DESCRIPTION: &'static str =
		"exit proof: an account's pro-rata share of a token on one chain (protocol §8)";

	fn blank() -> Self {
		ExitCircuit::blank()
	}

	fn example() -> (Self, Fr) {
		ExitCircuit::example()
	}
}

/// Loads or generates a circuit's parameters: `(cache_dir, progress)`.
pub type LoadOrGenerateFn = fn(&Path, &dyn Fn(&str)) -> Result<Parameters<Bls12>, ParamsError>;

/// Proves a circuit's example instance; returns the proof and its public input.
pub type ProveExampleFn =
	fn(&Parameters<Bls12>, &mut StdRng) -> Result<(Proof<Bls12>, Fr), ProveError>;

/// A registered circuit with its type erased.
#[derive(Clone, Copy)]
pub struct CircuitEntry {
	/// Registry name.
	pub name: &'static str,
	/// One-line description.
	pub description: &'static str,
	/// Synthesizes the blank circuit into a [`params::ShapeHasher`].
	pub shape: fn() -> Result<CircuitShape, SynthesisError>,
	/// [`params::load_or_generate`] for the blank circuit.
	pub load_or_generate: LoadOrGenerateFn,
	/// Proves the example instance; returns the proof and its public input.
	pub prove_example: ProveExampleFn,
}

impl core::fmt::Debug for CircuitEntry {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("CircuitEntry").field("name", &self.name).finish_non_exhaustive()
	}
}

impl CircuitEntry {
	/// The entry of circuit type `C`.
	pub const fn of<C: RegisteredCircuit>() -> Self {
		Self {
			name: C::NAME,
			description: C::DESCRIPTION,
			shape: || params::circuit_shape(C::blank()),
			load_or_generate: |dir, progress| {
				params::load_or_generate(C::NAME, C::blank(), dir, progress)
			},
			prove_example: |params, rng| {
				let (circuit, input) = C::example();
				Ok((prover::prove(params, circuit, rng)?, input))
			},
		}
	}
}

/// Every registered circuit.
pub const CIRCUITS: &[CircuitEntry] = &[
	CircuitEntry::of::<ToyCircuit>(),
	CircuitEntry::of::<ExitCircuit>(),
	CircuitEntry::of::<crate::block::sizes::Block1>(),
	CircuitEntry::of::<crate::block::sizes::Block8>(),
];

/// The registered circuit called `name`.
pub fn lookup(name: &str) -> Option<&'static CircuitEntry> {
	CIRCUITS.iter().find(|c| c.name == name)
}

/// The registered names, comma-separated (for error messages).
pub fn names() -> String {
	CIRCUITS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn lookup_works() {
		let toy = lookup("toy").expect("registered");
		let shape = (toy.shape)().expect("synthesizes");
		assert_eq!(shape.num_constraints, crate::toy::TOY_CONSTRAINTS);
		assert!(lookup("nope").is_none());
		assert_eq!(names(), "toy, exit, block-1, block-8");
		let exit = lookup("exit").expect("registered");
		let shape = (exit.shape)().expect("synthesizes");
		assert_eq!(shape.num_constraints, crate::exit::EXIT_CONSTRAINTS);
	}

	#[test]
	fn names_are_unique() {
		let mut names: Vec<_> = CIRCUITS.iter().map(|c| c.name).collect();
		names.sort_unstable();
		names.dedup();
		assert_eq!(names.len(), CIRCUITS.len());
	}
}
