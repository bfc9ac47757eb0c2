//! State recovery from pubdata: anyone can rebuild the L2 state from the DA chain's calldata
//! alone (DESIGN §5), with no signature, no registry and no operator.
//!
//! [`State::replay_op`] applies an executed operation as its pubdata states it; sealing the
//! replayed operations yields the same batch (roots, pubdata, commitment) as the original, which
//! the tests assert. Replay accepts what the block circuit accepts — including new accounts at
//! any empty user id, which this executor never produces — so recovery follows every proven
//! batch; it refuses pubdata no proof could back (overdrafts, opening an existing or a system
//! account, an on-chain operation for a chain outside the live set the replica was given)
//! instead of producing a wrong state. The replica's registry must hold the deployment's live
//! chains (every contract's `liveChains`), since the commitment binds them.

use crate::{
	error::TxError,
	executor,
	ledger::Ledger,
	pubdata::{decode_pubdata, Op, PubdataError},
	state::State,
};

/// Why pubdata could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
	/// The pubdata does not decode.
	Pubdata(PubdataError),
	/// Operation `index` contradicts the state built so far.
	Inconsistent {
		/// Position of the operation in the batch.
		index: usize,
		/// What contradicted.
		error: TxError,
	},
}

impl State {
	/// Applies an executed operation as its pubdata says, recording it in the open batch.
	/// On error nothing changes.
	pub fn replay_op(&mut self, op: &Op) -> Result<(), TxError> {
		if *op == Op::Noop {
			// Padding: sealing adds it again.
			return Ok(());
		}
		let chain = match op {
			Op::Deposit { chain, .. } | Op::FullExit { chain, .. } => Some(*chain),
			_ => None,
		};
		executor::check_live(self, op)?;
		let totals = executor::with_op(self.open_totals(), op)?;
		let plan = op.plan();
		executor::check_plan(self, &plan, false)?;
		executor::write_plan(self, &plan);
		if let Some(chain) = chain {
			self.next_serial[chain.slot()] += 1;
		}
		executor::record(self, op.clone(), None, None, totals);
		Ok(())
	}

	/// Replays a whole batch's pubdata (padding included) into the open batch. On error the
	/// operations before the failing one stay applied: discard the replica.
	pub fn replay_pubdata(&mut self, pubdata: &[u8]) -> Result<(), ReplayError> {
		let ops = decode_pubdata(pubdata).map_err(ReplayError::Pubdata)?;
		for (index, op) in ops.iter().enumerate() {
			self.replay_op(op).map_err(|error| ReplayError::Inconsistent { index, error })?;
		}
		Ok(())
	}
}
