//! The block-circuit sizes the protocol ships keys for, registered by name
//! (`polylink-keys generate --circuit block-8`). A sequencer seals each batch at the smallest
//! size that fits it.

use super::{example, witness, BlockCircuit};
use crate::registry::RegisteredCircuit;
use bellman::{Circuit, ConstraintSystem, SynthesisError};
use polylink_primitives::{commitment, field::Fr};

/// The sizes, in chunks, in ascending order.
pub const SIZES: [usize; 2] = [Block1::CHUNKS, Block8::CHUNKS];

macro_rules! block_size {
	($name:ident, $chunks:expr, $label:expr, $doc:expr) => {
		#[doc = $doc]
		#[derive(Clone, Debug)]
		pub struct $name(pub BlockCircuit);

		impl $name {
			/// Chunks of this size.
			pub const CHUNKS: usize = $chunks;
		}

		impl Circuit<Fr> for $name {
			fn synthesize<CS: ConstraintSystem<Fr>>(
				self,
				cs: &mut CS,
			) -> Result<(), SynthesisError> {
				self.0.synthesize(cs)
			}
		}

		impl RegisteredCircuit for $name {
			const NAME: &'static str = $label;
			const DESCRIPTION: &'static str = $doc;

			fn blank() -> Self {
				Self(BlockCircuit::blank(Self::CHUNKS))
			}

			fn example() -> (Self, Fr) {
				let (before, batch) = example::example_batch(Self::CHUNKS);
				let witness = witness::build(&before, &batch, Self::CHUNKS)
					.expect("the example batch fits its circuit");
				let input = commitment::commitment_to_field(&batch.commitment);
				(Self(BlockCircuit { chunks: Self::CHUNKS, witness: Some(witness) }), input)
			}
		}
	};
}

block_size!(Block1, 1, "block-1", "block circuit, 1 chunk (one transfer; tests)");
block_size!(Block8, 8, "block-8", "block circuit, 8 chunks (devnet)");
