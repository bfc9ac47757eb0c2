//! The pipeline of one chain: from its contract's counters and what the appchain certified,
//! the next commit, prove, sync and execute, each taken when the appchain has what it needs.
//!
//! The relayer keeps nothing it could not rebuild: every pass reads the contract's counters, so
//! a restarted relayer continues where the chain stands, never sends a step the chain already
//! took (the simulation refuses it) and never skips one (each stage takes the batch after its
//! counter).
//!
//! Revocations come first in every pass: a revoked batch must never be proven, so the
//! revocation certificates are delivered, and a revoked tail the chain committed (a front-runner
//! may even have proven it) is dropped, before any other step is looked at.

use crate::{
	appchain::{Appchain, AppchainError},
	l1::{L1Error, Totals, L1},
};
use alloy_primitives::{Bytes, TxHash};
use polylink_l1_bindings::{calldata, Rollup};

/// A step of the pipeline, for one batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
	/// `commitBatches`, once the appchain certified the batch's commit.
	Commit(u64),
	/// `proveBatches`, with the proof the appchain accepted.
	Prove(u64),
	/// `syncBatches`, once the appchain gathered the sync certificate (every live chain proved
	/// the batch).
	Sync(u64),
	/// `executeBatches`, with the chain's own operations of the batch.
	Execute(u64),
	/// `revokeCommitment`, with the revocation certificate of a batch governance revoked.
	Revoke(u64),
	/// `revertRevokedBatches`, dropping the committed tail down to this revoked batch.
	Revert(u64),
}

impl Step {
	/// The step's name in logs.
	pub fn name(self) -> &'static str {
		match self {
			Step::Commit(_) => "commit",
			Step::Prove(_) => "prove",
			Step::Sync(_) => "sync",
			Step::Execute(_) => "execute",
			Step::Revoke(_) => "revoke",
			Step::Revert(_) => "revert",
		}
	}

	/// The batch.
	pub fn batch(self) -> u64 {
		match self {
			Step::Commit(n)
			| Step::Prove(n)
			| Step::Sync(n)
			| Step::Execute(n)
			| Step::Revoke(n)
			| Step::Revert(n) => n,
		}
	}
}

/// The steps a contract with `totals` takes next, one per stage, in pipeline order: each stage
/// takes the batch after its counter, once the stage before holds it. In exit mode nothing is
/// committed or proven; syncs (in the grace period) and executions still are.
pub fn due(totals: &Totals) -> Vec<Step> {
	let mut steps = Vec::with_capacity(4);
	if !totals.exit_mode {
		steps.push(Step::Commit(totals.committed + 1));
		if totals.proven < totals.committed {
			steps.push(Step::Prove(totals.proven + 1));
		}
	}
	if totals.synced < totals.proven {
		steps.push(Step::Sync(totals.synced + 1));
	}
	if totals.executed < totals.synced {
		steps.push(Step::Execute(totals.executed + 1));
	}
	steps
}

/// Why a pass stopped.
#[derive(Debug, thiserror::Error)]
pub enum PassError {
	/// The appchain could not be read.
	#[error(transparent)]
	Appchain(#[from] AppchainError),
	/// The L1 could not be read or refused a step.
	#[error(transparent)]
	L1(#[from] L1Error),
	/// The appchain's data for a step cannot be turned into calldata.
	#[error("batch {batch}: {detail}")]
	Data {
		/// The batch.
		batch: u64,
		/// What is wrong.
		detail: String,
	},
}

/// A step taken: which, and its transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
	/// The step.
	pub step: Step,
	/// Its L1 transaction.
	pub tx: TxHash,
}

/// What one pass did.
#[derive(Debug)]
pub struct Pass {
	/// The contract's counters the steps started from.
	pub totals: Totals,
	/// The steps taken.
	pub taken: Vec<Taken>,
	/// The stages that failed, each with why (the others went on).
	pub failed: Vec<(&'static str, PassError)>,
}

/// One pass over a chain: delivers the revocations first (certificates, then the revert of a
/// revoked tail the chain committed), then reads its counters and takes every due step whose
/// data the appchain has. The stages are independent: one that fails (a refusal, an endpoint
/// error, missing data) is reported in [`Pass::failed`] and the others are still taken. After
/// a refusal the cached stored records are dropped (the contract may store other ones now).
/// `Err` only when the counters cannot be read.
pub async fn pass(l1: &mut L1, appchain: &Appchain) -> Result<Pass, PassError> {
	let mut taken = Vec::new();
	let mut failed = Vec::new();
	match revoke(l1, appchain).await {
		Ok(revoked) => taken.extend(revoked),
		Err(e) => failed.push(("revoke", forget_on_refusal(l1, e))),
	}
	let totals = l1.totals().await?;
	l1.forget_above(totals.committed);
	for step in due(&totals) {
		match take(l1, appchain, step).await {
			Ok(Some(tx)) => taken.push(Taken { step, tx }),
			Ok(None) => {}
			Err(e) => failed.push((step.name(), forget_on_refusal(l1, e))),
		}
	}
	Ok(Pass { totals, taken, failed })
}

/// Drops the cached stored records when `error` is the contract's refusal; returns `error`.
fn forget_on_refusal(l1: &mut L1, error: PassError) -> PassError {
	if matches!(error, PassError::L1(L1Error::Refused { .. } | L1Error::Reverted { .. })) {
		l1.forget_stored();
	}
	error
}

/// The most revoked batches looked at in one pass (the appchain halts at a revocation, so the
/// revoked tail is short).
pub const MAX_REVOKED_PER_PASS: u64 = 64;

/// Delivers the revocation certificate of every revoked batch whose commitment the chain does
/// not refuse yet: a revert holds on every chain, so no public commit certificate of a revoked
/// batch can be committed or proven anywhere. Then drops the revoked tail the chain committed
/// before the certificates arrived ([`revert_revoked`]).
async fn revoke(l1: &mut L1, appchain: &Appchain) -> Result<Vec<Taken>, PassError> {
	let Some(from) = appchain.revoked_from().await? else { return Ok(Vec::new()) };
	let mut taken = Vec::new();
	for n in from..from.saturating_add(MAX_REVOKED_PER_PASS) {
		if !appchain.sealed(n).await? {
			break;
		}
		let Some((commitment, signatures)) = appchain.revocation(n).await? else { continue };
		if l1.revoked(commitment).await? {
			continue;
		}
		let call = Rollup::revokeCommitmentCall { batchNumber: n, commitment, signatures };
		let tx = l1.send(&format!("revokeCommitment({n})"), call).await?;
		taken.push(Taken { step: Step::Revoke(n), tx });
	}
	taken.extend(revert_revoked(l1, from).await?);
	Ok(taken)
}

/// Drops, with `revertRevokedBatches`, the committed tail down to the lowest unsynced batch at
/// or above `from` (the first revoked one) whose commitment the chain refuses: a front-runner
/// may have committed, even proven, a revoked batch with its public certificate and proof
/// before the revocation certificate arrived, and until it is dropped no replacement can take
/// its slot.
async fn revert_revoked(l1: &mut L1, from: u64) -> Result<Option<Taken>, PassError> {
	let totals = l1.totals().await?;
	l1.forget_above(totals.committed);
	if totals.exit_mode {
		return Ok(None);
	}
	let lowest = from.max(totals.synced + 1);
	let mut revoked = None;
	for n in lowest..=totals.committed {
		let stored = l1.stored(n).await?;
		if l1.revoked(l1.commitment_of(&stored).await?).await? {
			revoked = Some(n);
			break;
		}
	}
	let Some(down_to) = revoked else { return Ok(None) };
	let mut batches = Vec::new();
	for n in (down_to..=totals.committed).rev() {
		batches.push(l1.stored(n).await?);
	}
	let what = format!("revertRevokedBatches({}..={down_to})", totals.committed);
	let tx = l1.send(&what, Rollup::revertRevokedBatchesCall { batches }).await?;
	l1.forget_above(down_to - 1);
	Ok(Some(Taken { step: Step::Revert(down_to), tx }))
}

/// Takes `step` if the appchain has its data; `None` while it does not.
async fn take(l1: &mut L1, appchain: &Appchain, step: Step) -> Result<Option<TxHash>, PassError> {
	let chain = l1.chain();
	let what = format!("{}Batches({})", step.name(), step.batch());
	let tx = match step {
		// Never due: `revoke` delivers revocations and reverts.
		Step::Revoke(_) | Step::Revert(_) => return Ok(None),
		Step::Commit(n) => {
			let Some(info) = appchain.commit_data(n, chain, l1.is_da()).await? else {
				return Ok(None);
			};
			l1.send(&what, Rollup::commitBatchesCall { batches: vec![info] }).await?
		}
		Step::Prove(n) => {
			let Some(proof) = appchain.proof(n).await? else { return Ok(None) };
			let stored = l1.stored(n).await?;
			let call = Rollup::proveBatchesCall { batches: vec![stored], proofs: vec![proof] };
			l1.send(&what, call).await?
		}
		Step::Sync(n) => {
			let Some(signatures) = appchain.sync_signatures(n).await? else { return Ok(None) };
			let batch = l1.stored(n).await?;
			l1.send(&what, Rollup::syncBatchesCall { batch, signatures }).await?
		}
		Step::Execute(n) => {
			let Some(pubdata) = appchain.pubdata(n).await? else {
				return Err(PassError::Data {
					batch: n,
					detail: "the appchain no longer serves its pubdata, which it keeps until \
					         every chain executed the batch: is the node's state pruned?"
						.into(),
				});
			};
			let own = calldata::own_ops(&pubdata, chain)
				.map_err(|e| PassError::Data { batch: n, detail: e.to_string() })?;
			let stored = l1.stored(n).await?;
			let call = Rollup::executeBatchesCall {
				batches: vec![stored],
				ownOps: vec![Bytes::from(own)],
			};
			l1.send(&what, call).await?
		}
	};
	Ok(Some(tx))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn totals(committed: u64, proven: u64, synced: u64, executed: u64) -> Totals {
		Totals { committed, proven, synced, executed, exit_mode: false }
	}

	#[test]
	fn each_stage_takes_the_batch_after_its_counter_once_the_stage_before_holds_it() {
		assert_eq!(due(&totals(0, 0, 0, 0)), vec![Step::Commit(1)]);
		assert_eq!(due(&totals(1, 0, 0, 0)), vec![Step::Commit(2), Step::Prove(1)]);
		assert_eq!(due(&totals(1, 1, 0, 0)), vec![Step::Commit(2), Step::Sync(1)]);
		assert_eq!(due(&totals(1, 1, 1, 0)), vec![Step::Commit(2), Step::Execute(1)]);
		assert_eq!(
			due(&totals(9, 7, 4, 2)),
			vec![Step::Commit(10), Step::Prove(8), Step::Sync(5), Step::Execute(3)]
		);
		assert_eq!(due(&totals(3, 3, 3, 3)), vec![Step::Commit(4)]);
	}

	#[test]
	fn exit_mode_only_syncs_and_executes() {
		let mut t = totals(5, 4, 2, 1);
		t.exit_mode = true;
		assert_eq!(due(&t), vec![Step::Sync(3), Step::Execute(2)]);
		t.synced = 4;
		t.executed = 4;
		assert_eq!(due(&t), Vec::<Step>::new());
	}
}
