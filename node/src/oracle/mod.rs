//! The L1 oracle (`--l1 <index>=<rpc-url>`): this validator's share of the light oracle network
//! that `pallet-polylink-root-consensus` tallies.
//!
//! For every chain given with `--l1`, a task reads the chain's rollup contract events with alloy
//! once they have the chain's confirmation depth (the runtime's registry says which contract and
//! how deep), turns them into facts (deposits and full-exit requests, `BatchProven`,
//! `BatchExecuted`, on-chain key approvals) and votes on each with the keystore's ECDSA oracle
//! key (`orcl`) as an unsigned `vote` in the node's own pool. Another task signs, for every batch
//! proven on the appchain, the commit digest of its header, and once every live chain proved a
//! batch with the same sync hash, its sync digest, and for every batch governance revoked that
//! had a commit certificate, its revoke digest: the digests the L1 contracts check.
//!
//! What is left to do comes from the chain itself (the runtime's `OracleApi` duties), so a vote
//! or a signature the pool dropped is sent again and nothing is done twice after a restart. Each
//! chain's scan position is kept in `<base-path>/chains/<id>/oracle/chain-<index>.next`; a
//! restarted oracle scans again from the oldest event whose fact was not yet decided.
//!
//! Logs go to target `polylink::oracle`, metrics to Prometheus (`polylink_oracle_*`).

pub mod l1;

use crate::service::FullClient;
use l1::{L1Chain, L1Error, Observed, MAX_LOG_RANGE};
use pallet_polylink_root_consensus::{Duty, Fact, FactKey, OracleSignature};
use parity_scale_codec::Encode;
use polkadot_sdk::{
	sc_transaction_pool_api::{
		error::{Error as PoolError, IntoPoolError},
		TransactionPool, TransactionSource,
	},
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_core::{crypto::KeyTypeId, ecdsa},
	sp_keystore::{Keystore, KeystorePtr},
	sp_runtime::{transaction_validity::InvalidTransaction, OpaqueExtrinsic},
	substrate_prometheus_endpoint::{
		register, Counter, GaugeVec, Opts, PrometheusError, Registry, U64,
	},
};
use polylink_primitives::eth::L1Address;
use polylink_runtime::{opaque::Block, Hash, RuntimeCall, UncheckedExtrinsic};
use polylink_runtime_api::{OracleApi, PolylinkApi};
use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
	sync::Arc,
	time::Duration,
};

/// The log target of the oracle.
pub const LOG: &str = "polylink::oracle";

/// The oracle key's type in the keystore (the validators' `orcl` session key).
pub const KEY_TYPE: KeyTypeId = pallet_polylink_validator_set::ORACLE_KEY_TYPE;

/// After how many appchain blocks a vote or signature still open is sent again (the pool may
/// have dropped it).
const RESEND_AFTER_BLOCKS: u32 = 5;

/// What the operator asked for.
#[derive(Clone, Debug)]
pub struct OracleOptions {
	/// `(chain index, RPC URL)` for each chain given with `--l1`.
	pub endpoints: Vec<(u8, url::Url)>,
	/// How often each L1 endpoint and the appchain are looked at.
	pub poll: Duration,
	/// Where the scan positions are kept.
	pub state_dir: PathBuf,
}

/// The oracle's Prometheus metrics.
#[derive(Clone)]
struct Metrics {
	votes: Counter<U64>,
	signatures: Counter<U64>,
	scanned: GaugeVec<U64>,
}

impl Metrics {
	fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			votes: register(
				Counter::new("polylink_oracle_votes_total", "Fact votes this oracle sent")?,
				registry,
			)?,
			signatures: register(
				Counter::new(
					"polylink_oracle_signatures_total",
					"Commit and sync certificate signatures this oracle sent",
				)?,
				registry,
			)?,
			scanned: register(
				GaugeVec::new(
					Opts::new(
						"polylink_oracle_l1_scanned_block",
						"The last L1 block whose confirmed events were read, per chain index",
					),
					&["l1"],
				)?,
				registry,
			)?,
		})
	}
}

/// The oracle key and what it needs to sign and submit.
struct Signer<P> {
	client: Arc<FullClient>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	public: ecdsa::Public,
	address: L1Address,
	metrics: Option<Metrics>,
}

impl<P> Signer<P>
where
	P: TransactionPool<Block = Block> + 'static,
{
	/// The best block's hash and number.
	fn best(&self) -> (Hash, u32) {
		let info = self.client.info();
		(info.best_hash, info.best_number)
	}

	/// The oracle key's raw signature `r ‖ s ‖ v` (`v` 27 or 28, low `s`) over `digest`, as the
	/// pallet and the contracts' `ecrecover` take it.
	fn sign(&self, digest: &[u8; 32]) -> Result<OracleSignature, String> {
		let signature = self
			.keystore
			.ecdsa_sign_prehashed(KEY_TYPE, &self.public, digest)
			.map_err(|e| format!("the keystore refused to sign: {e}"))?
			.ok_or("the oracle key left the keystore")?;
		let bytes: &[u8] = signature.as_ref();
		let mut raw: OracleSignature =
			bytes.try_into().map_err(|_| "an ECDSA signature is 65 bytes")?;
		raw[64] += 27;
		Ok(raw)
	}

	/// Puts `call` into the pool as an unsigned extrinsic. `Ok(false)` when the pool already
	/// has it or the chain no longer needs it.
	async fn submit(&self, call: RuntimeCall) -> Result<bool, String> {
		let extrinsic = UncheckedExtrinsic::new_bare(call).encode();
		let opaque = OpaqueExtrinsic::try_from_encoded_extrinsic(&extrinsic)
			.map_err(|e| format!("encoding the extrinsic: {e}"))?;
		match self.pool.submit_one(self.best().0, TransactionSource::Local, opaque).await {
			Ok(_) => Ok(true),
			Err(e) => match e.into_pool_error() {
				Ok(
					PoolError::AlreadyImported(_)
					| PoolError::TemporarilyBanned
					| PoolError::InvalidTransaction(InvalidTransaction::Stale),
				) => Ok(false),
				Ok(e) => Err(e.to_string()),
				Err(e) => Err(e.to_string()),
			},
		}
	}
}

/// A fact seen on L1 whose vote is not done.
struct Pending {
	/// The L1 block holding its event.
	block: u64,
	fact: Fact,
	/// The appchain block at which the vote was last sent.
	sent_at: Option<u32>,
}

/// Starts the oracle: one task per `--l1` chain and the certificate signer.
pub fn start<P>(
	client: Arc<FullClient>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	options: OracleOptions,
	dev_chain: bool,
	prometheus: Option<&Registry>,
	spawn: impl Fn(&'static str, futures::future::BoxFuture<'static, ()>),
) -> Result<(), String>
where
	P: TransactionPool<Block = Block> + 'static,
{
	use futures::FutureExt;

	let best = client.info().best_hash;
	let chains = client
		.runtime_api()
		.oracle_chains(best)
		.map_err(|e| format!("reading the deployment's chains: {e}"))?;
	let oracles = client.runtime_api().oracles(best).map_err(|e| format!("the oracle set: {e}"))?;
	let public = oracle_key(&keystore, &oracles, dev_chain)?;
	let address = address_from(&public)?;
	if oracles.contains(&address) {
		log::info!(target: LOG, "oracle {address:?} (in the current set of {})", oracles.len());
	} else {
		log::warn!(
			target: LOG,
			"the oracle key {address:?} is not in the current oracle set: nothing is voted or \
			 signed until governance adds this validator"
		);
	}
	let metrics = prometheus.map(Metrics::register).transpose().map_err(|e| e.to_string())?;
	std::fs::create_dir_all(&options.state_dir)
		.map_err(|e| format!("creating {}: {e}", options.state_dir.display()))?;
	let verifiers: Vec<(u32, [u8; 32])> = crate::service::registered_keys(&client, best)
		.map_err(|e| e.to_string())?
		.into_iter()
		.map(|(chunks, hash)| (u32::try_from(chunks).expect("circuit sizes fit u32"), hash))
		.collect();
	let exit_key = crate::service::registered_exit_key(&client, best).map_err(|e| e.to_string())?;
	let signer = Arc::new(Signer { client, pool, keystore, public, address, metrics });

	for (index, url) in &options.endpoints {
		let chain = chains.iter().find(|c| c.chain.0 == *index).cloned().ok_or_else(|| {
			let known: Vec<u8> = chains.iter().map(|c| c.chain.0).collect();
			format!("--l1 {index}=…: the deployment has no live chain {index} (live: {known:?})")
		})?;
		log::info!(
			target: LOG,
			"watching chain {index} (EVM chain {}, rollup {:?}, {} confirmations) at {url}",
			chain.info.evm_chain_id,
			chain.info.contract,
			chain.confirmations
		);
		let cursor = options.state_dir.join(format!("chain-{index}.next"));
		let l1 = L1Chain::new(chain, url.clone(), verifiers.clone(), exit_key);
		let task = watch(signer.clone(), l1, cursor, options.poll);
		spawn("polylink-oracle-l1", task.boxed());
	}
	spawn("polylink-oracle-certificates", certify(signer, options.poll).boxed());
	Ok(())
}

/// The keystore's oracle key: the one in the current set if several are, on development chains
/// `//Alice`'s when there is none.
fn oracle_key(
	keystore: &KeystorePtr,
	oracles: &[L1Address],
	dev_chain: bool,
) -> Result<ecdsa::Public, String> {
	let mut keys = keystore.ecdsa_public_keys(KEY_TYPE);
	if keys.is_empty() && dev_chain {
		let key = keystore
			.ecdsa_generate_new(KEY_TYPE, Some("//Alice"))
			.map_err(|e| format!("inserting the dev oracle key: {e}"))?;
		log::info!(target: LOG, "development chain: voting as //Alice");
		keys.push(key);
	}
	keys.sort_by_key(|key| {
		!address_from(key).map(|address| oracles.contains(&address)).unwrap_or(false)
	});
	keys.into_iter().next().ok_or_else(|| {
		"--l1 needs the validator's oracle key in the keystore: `polylink-node key insert \
		 --key-type orcl --scheme ecdsa --suri <seed>` (or rotate session keys)"
			.to_string()
	})
}

/// The L1 address of an oracle key (the validator set's definition).
fn address_from(public: &ecdsa::Public) -> Result<L1Address, String> {
	let id = pallet_polylink_validator_set::OracleId::from(*public);
	pallet_polylink_validator_set::oracle_address(&id)
		.ok_or_else(|| "the oracle key is not a secp256k1 point".to_string())
}

/// Reads the next L1 block to scan from `path`: 0 when there is no file (a fresh node scans the
/// chain from its first block); a file that cannot be read or parsed is an error, never a silent
/// rescan.
fn read_cursor(path: &Path) -> Result<u64, String> {
	let text = match std::fs::read_to_string(path) {
		Ok(text) => text,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
		Err(e) => return Err(format!("cannot read the oracle cursor {}: {e}", path.display())),
	};
	text.trim().parse().map_err(|e| {
		format!(
			"the oracle cursor {} is corrupt ({e}: {:?}); write the next L1 block to scan into it, \
			 or delete it to rescan the chain from block 0 (safe: decided facts are not voted \
			 again, but slow on a long chain)",
			path.display(),
			text.trim()
		)
	})
}

/// Writes the next L1 block to scan to `path` (replacing it whole).
fn write_cursor(path: &Path, next: u64) -> Result<(), polylink_circuits::files::WriteError> {
	polylink_circuits::files::write_atomically(path, format!("{next}\n").as_bytes())
}

/// One chain's watcher: checks the endpoint, then scans confirmed blocks and votes until the
/// node stops. A wrong endpoint stops the watcher (with an error saying why); an endpoint that
/// is down is retried.
async fn watch<P>(signer: Arc<Signer<P>>, chain: L1Chain, cursor: PathBuf, poll: Duration)
where
	P: TransactionPool<Block = Block> + 'static,
{
	let index = chain.index();
	loop {
		match chain.check().await {
			Ok(()) => break,
			Err(e) if e.is_transient() => {
				log::warn!(target: LOG, "{e}; retrying");
				futures_timer::Delay::new(poll.max(Duration::from_secs(2))).await;
			}
			Err(e) => {
				log::error!(target: LOG, "{e}; chain {index} is not watched");
				return;
			}
		}
	}
	let mut next = match read_cursor(&cursor) {
		Ok(next) => next,
		Err(e) => {
			log::error!(target: LOG, "{e}; chain {index} is not watched");
			return;
		}
	};
	log::info!(target: LOG, "chain {index}: scanning from L1 block {next}");
	let mut pending: BTreeMap<FactKey, Pending> = BTreeMap::new();
	loop {
		match scan(&chain, next, &mut pending).await {
			Ok(scanned) => {
				next = scanned;
				if let Some(metrics) = &signer.metrics {
					metrics
						.scanned
						.with_label_values(&[index.to_string().as_str()])
						.set(next.saturating_sub(1));
				}
			}
			Err(e) if e.is_transient() => log::warn!(target: LOG, "{e}; retrying"),
			Err(e) => log::error!(target: LOG, "{e}; retrying"),
		}
		vote(&signer, &mut pending).await;
		let resume = pending.values().map(|p| p.block).min().unwrap_or(next).min(next);
		if let Err(e) = write_cursor(&cursor, resume) {
			log::warn!(target: LOG, "chain {index}: writing {}: {e}", cursor.display());
		}
		futures_timer::Delay::new(poll).await;
	}
}

/// Reads the facts of confirmed blocks `next..` (up to [`MAX_LOG_RANGE`] at a time) into
/// `pending`; returns the next block to scan.
async fn scan(
	chain: &L1Chain,
	mut next: u64,
	pending: &mut BTreeMap<FactKey, Pending>,
) -> Result<u64, L1Error> {
	let Some(confirmed) = chain.confirmed_head().await? else { return Ok(next) };
	while next <= confirmed {
		let to = confirmed.min(next + MAX_LOG_RANGE - 1);
		for Observed { block, fact } in chain.facts(next, to).await? {
			log::debug!(target: LOG, "chain {}: block {block}: {fact:?}", chain.index());
			pending.entry(fact.key()).or_insert(Pending { block, fact, sent_at: None });
		}
		next = to + 1;
	}
	Ok(next)
}

/// Votes for every pending fact the chain still needs this oracle's vote on; forgets the
/// decided ones.
async fn vote<P>(signer: &Signer<P>, pending: &mut BTreeMap<FactKey, Pending>)
where
	P: TransactionPool<Block = Block> + 'static,
{
	let (best, number) = signer.best();
	let mut votes = Vec::new();
	{
		// Runtime calls first: the API handle must not live across the pool's await.
		let api = signer.client.runtime_api();
		let mut done = Vec::new();
		for (key, entry) in pending.iter() {
			let duty = match api.vote_status(best, *key, signer.address) {
				Ok(duty) => duty,
				Err(e) => {
					log::warn!(target: LOG, "reading the duty for {key:?}: {e}");
					return;
				}
			};
			match duty {
				Duty::Done => done.push(*key),
				Duty::Waiting => {}
				Duty::Open if entry.sent_at.is_some_and(|at| number < at + RESEND_AFTER_BLOCKS) => {
				}
				Duty::Open => {
					let signed = api
						.vote_digest(best, entry.fact.clone())
						.map_err(|e| e.to_string())
						.and_then(|digest| signer.sign(&digest));
					match signed {
						Ok(signature) => votes.push((*key, signature)),
						Err(e) => log::warn!(target: LOG, "signing the vote for {key:?}: {e}"),
					}
				}
			}
		}
		for key in done {
			pending.remove(&key);
		}
	}
	for (key, signature) in votes {
		let Some(entry) = pending.get_mut(&key) else { continue };
		let call = RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::vote {
			fact: entry.fact.clone(),
			oracle: signer.address.0,
			signature,
		});
		match signer.submit(call).await {
			Ok(sent) => {
				entry.sent_at = Some(number);
				if sent {
					log::info!(target: LOG, "voted {key:?} (L1 block {})", entry.block);
					if let Some(metrics) = &signer.metrics {
						metrics.votes.inc();
					}
				}
			}
			Err(e) => log::warn!(target: LOG, "the pool refused the vote for {key:?}: {e}"),
		}
	}
}

/// The certificates oracles sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
	/// A proven batch's commit certificate.
	Commit,
	/// A batch's sync certificate, once every live chain proved it with one sync hash.
	Sync,
	/// A revoked, commit-certified batch's revocation certificate.
	Revoke,
}

impl Kind {
	/// The certificate's name in logs.
	fn name(self) -> &'static str {
		match self {
			Kind::Commit => "commit",
			Kind::Sync => "sync",
			Kind::Revoke => "revocation",
		}
	}
}

/// A certificate: its kind and batch.
type Which = (Kind, u64);

/// Where the certificate signer stands.
#[derive(Default)]
struct Certifying {
	/// The first batch whose commit certificate may still need this oracle.
	commit_from: u64,
	/// The first batch whose sync certificate may still need this oracle.
	sync_from: u64,
	/// When each open signature was last sent: `(kind, batch) → appchain block`.
	sent: BTreeMap<Which, u32>,
}

/// Signs, at every poll, the commit digest of every proven batch, the sync digest of every
/// batch proven on every live chain with one sync hash and the revoke digest of every revoked,
/// commit-certified batch, where the chain still needs this oracle's signature.
async fn certify<P>(signer: Arc<Signer<P>>, poll: Duration)
where
	P: TransactionPool<Block = Block> + 'static,
{
	let mut state = Certifying { commit_from: 1, sync_from: 1, ..Default::default() };
	loop {
		if let Err(e) = certify_once(&signer, &mut state).await {
			log::warn!(target: LOG, "certificates: {e}");
		}
		futures_timer::Delay::new(poll).await;
	}
}

/// One pass of [`certify`].
async fn certify_once<P>(signer: &Signer<P>, state: &mut Certifying) -> Result<(), String>
where
	P: TransactionPool<Block = Block> + 'static,
{
	let (best, number) = signer.best();
	let calls = certificates_due(signer, state, best, number)?;
	for (which, call) in calls {
		send_signature(signer, state, which, number, call).await;
	}
	Ok(())
}

/// The certificate signatures this oracle owes at `best` and has not sent in the last
/// [`RESEND_AFTER_BLOCKS`] blocks, signed: `((sync?, batch), call)`. Advances the cursors past
/// the batches whose certificates are complete.
fn certificates_due<P>(
	signer: &Signer<P>,
	state: &mut Certifying,
	best: Hash,
	number: u32,
) -> Result<Vec<(Which, RuntimeCall)>, String>
where
	P: TransactionPool<Block = Block> + 'static,
{
	let api = signer.client.runtime_api();
	let runtime = |e: polkadot_sdk::sp_api::ApiError| e.to_string();
	let (last_proven, _) = api.last_proven(best).map_err(runtime)?;
	let me = signer.address;
	let recently_sent = |state: &Certifying, which: Which| {
		state.sent.get(&which).is_some_and(|at| number < at + RESEND_AFTER_BLOCKS)
	};
	let mut calls = Vec::new();

	let mut contiguous = true;
	for batch in state.commit_from..=last_proven {
		match api.commit_status(best, batch, me).map_err(runtime)? {
			Duty::Done if contiguous => state.commit_from = batch + 1,
			Duty::Done | Duty::Waiting => contiguous = false,
			Duty::Open => {
				contiguous = false;
				if recently_sent(state, (Kind::Commit, batch)) {
					continue;
				}
				let (digest, _) = api.commit_signatures(best, batch).map_err(runtime)?;
				let Some(digest) = digest else { continue };
				let signature = signer.sign(&digest)?;
				let call = RuntimeCall::RootConsensus(
					pallet_polylink_root_consensus::Call::submit_commit_signature {
						batch,
						oracle: me.0,
						signature,
					},
				);
				calls.push(((Kind::Commit, batch), call));
			}
		}
	}

	let mut contiguous = true;
	for batch in state.sync_from..=last_proven {
		let status = api.batch_status(best, batch).map_err(runtime)?;
		let hashes: Vec<_> = status.chains.iter().map(|chain| chain.proven).collect();
		let Some(Some(sync_hash)) = hashes.first().copied() else {
			contiguous = false;
			continue;
		};
		if hashes.iter().any(|hash| *hash != Some(sync_hash)) {
			contiguous = false;
			continue;
		}
		match api.sync_status(best, batch, me).map_err(runtime)? {
			Duty::Done if contiguous => state.sync_from = batch + 1,
			Duty::Done | Duty::Waiting => contiguous = false,
			Duty::Open => {
				contiguous = false;
				if recently_sent(state, (Kind::Sync, batch)) {
					continue;
				}
				let digest = api.sync_digest(best, batch, sync_hash).map_err(runtime)?;
				let signature = signer.sign(&digest)?;
				let call = RuntimeCall::RootConsensus(
					pallet_polylink_root_consensus::Call::submit_sync_signature {
						batch,
						sync_hash,
						oracle: me.0,
						signature,
					},
				);
				calls.push(((Kind::Sync, batch), call));
			}
		}
	}

	// The revoked tail is the batches no L1 proved: short, and a revocation may be widened to
	// an earlier batch, so it is scanned whole at every poll.
	let revoked_from = api.revoked_from(best).map_err(runtime)?;
	for batch in revoked_from.unwrap_or(u64::MAX)..=last_proven {
		if api.revoke_status(best, batch, me).map_err(runtime)? != Duty::Open
			|| recently_sent(state, (Kind::Revoke, batch))
		{
			continue;
		}
		let Some(digest) = api.revoke_digest(best, batch).map_err(runtime)? else { continue };
		let signature = signer.sign(&digest)?;
		let call = RuntimeCall::RootConsensus(
			pallet_polylink_root_consensus::Call::submit_revoke_signature {
				batch,
				oracle: me.0,
				signature,
			},
		);
		calls.push(((Kind::Revoke, batch), call));
	}
	let (commit_from, sync_from) = (state.commit_from, state.sync_from);
	state.sent.retain(|(kind, batch), _| match kind {
		Kind::Commit => *batch >= commit_from,
		Kind::Sync => *batch >= sync_from,
		Kind::Revoke => revoked_from.is_some_and(|from| *batch >= from),
	});
	Ok(calls)
}

/// Sends a certificate signature and remembers when.
async fn send_signature<P>(
	signer: &Signer<P>,
	state: &mut Certifying,
	which: Which,
	number: u32,
	call: RuntimeCall,
) where
	P: TransactionPool<Block = Block> + 'static,
{
	let kind = which.0.name();
	match signer.submit(call).await {
		Ok(sent) => {
			state.sent.insert(which, number);
			if sent {
				log::info!(target: LOG, "signed the {kind} certificate of batch {}", which.1);
				if let Some(metrics) = &signer.metrics {
					metrics.signatures.inc();
				}
			}
		}
		Err(e) => log::warn!(
			target: LOG,
			"the pool refused the {kind} signature of batch {}: {e}",
			which.1
		),
	}
}

/// Parses one `--l1` value: `<index>=<url>`.
pub fn parse_endpoint(value: &str) -> Result<(u8, url::Url), String> {
	let (index, url) = value.split_once('=').ok_or_else(|| {
		format!("`{value}`: expected <chain index>=<rpc url>, e.g. 1=http://127.0.0.1:8545")
	})?;
	let index: u8 = index
		.trim()
		.parse()
		.ok()
		.filter(|i| (1..=polylink_primitives::params::MAX_CHAINS).contains(i))
		.ok_or_else(|| {
			format!(
				"`{value}`: the chain index must be 1..={}",
				polylink_primitives::params::MAX_CHAINS
			)
		})?;
	let url = url::Url::parse(url.trim()).map_err(|e| format!("`{value}`: the URL: {e}"))?;
	if !matches!(url.scheme(), "http" | "https") {
		return Err(format!("`{value}`: only http(s) endpoints are supported"));
	}
	Ok((index, url))
}

/// The chains of `endpoints`, checked for duplicates.
pub fn check_endpoints(endpoints: &[(u8, url::Url)]) -> Result<(), String> {
	let mut seen = std::collections::BTreeSet::new();
	for (index, _) in endpoints {
		if !seen.insert(index) {
			return Err(format!("--l1 {index} is given twice"));
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn endpoints_parse() {
		let (index, url) = parse_endpoint("2=http://127.0.0.1:8546").unwrap();
		assert_eq!(index, 2);
		assert_eq!(url.as_str(), "http://127.0.0.1:8546/");
		for bad in ["http://x", "0=http://x", "5=http://x", "1=ws://x", "1=not a url", "x=http://a"]
		{
			assert!(parse_endpoint(bad).is_err(), "{bad}");
		}
		let one = parse_endpoint("1=http://a").unwrap();
		assert!(check_endpoints(&[one.clone(), parse_endpoint("2=http://b").unwrap()]).is_ok());
		assert!(check_endpoints(&[one.clone(), one]).is_err());
	}

	#[test]
	fn the_cursor_survives_a_restart() {
		let dir =
			std::env::temp_dir().join(format!("polylink-oracle-cursor-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("chain-1.next");
		assert_eq!(read_cursor(&path), Ok(0), "no file: from the first block");
		write_cursor(&path, 42).unwrap();
		assert_eq!(read_cursor(&path), Ok(42));
		std::fs::write(&path, "4x2\n").unwrap();
		let corrupt = read_cursor(&path).expect_err("a corrupt cursor is an error");
		assert!(corrupt.contains("is corrupt") && corrupt.contains("chain-1.next"), "{corrupt}");
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
