//! # Rollup Pallet
//!
//! The appchain's sequencer (DESIGN §2 steps 1–2, §7): takes users' L2 transactions and the L1
//! priority operations the oracle quorum attested, applies them with the protocol's one
//! executor over flat runtime storage, and appends every accepted operation to the sequencing
//! log and the open batch, which the batching pallet seals.
//!
//! ## Overview
//!
//! - **L2 transactions** ([`Pallet::submit`]) are unsigned extrinsics: their validity is the
//!   L2 signature, checked by [`ValidateUnsigned`] together with everything else the executor
//!   checks (nonce, balance, fee, reserve). The pool tags each by `(account, nonce)`: a
//!   transaction `provides` its own and `requires` the previous one, so the pool orders an
//!   account's nonces, and a transaction with a used nonce is stale — no replay. Its priority
//!   grows with its fee, as a multiple of the minimum fee of its size.
//! - **Priority operations** (deposits, full exits) reach [`Pallet::on_priority_op`] from the
//!   root-consensus pallet's `FactHandler`, in serial order per chain; on-chain `ChangePubKey`
//!   pre-approvals reach [`Pallet::on_pubkey_approved`].
//! - **One semantics.** Both go through `polylink_primitives::executor::apply` over
//!   [`StorageLedger`], the executor's [`Ledger`](polylink_primitives::ledger::Ledger) over this
//!   pallet's storage: accounts (owner, key, nonce), balances, priority serials, approvals and
//!   the open batch. The runtime keeps no Merkle tree; the roots come with the proofs
//!   (proof-registry).
//! - **The sequencing log**: every accepted operation gets the next index and extends a running
//!   hash ([`LogHead`]); [`Event::OpSequenced`] carries both.
//! - **The open batch**: when an operation does not fit (`BatchFull`), the pallet asks the
//!   [`Config::Sealer`] to seal the open batch and applies the operation to the next one. The
//!   batching pallet closes the open batch through [`BatchSource`], implemented here with
//!   `executor::close_batch` (fees credited, pubdata padded and hashed).
//!
//! ## Assumptions
//!
//! - The registry (chains and tokens) is set at genesis and follows every L1 contract's token
//!   registrations through oracle facts ([`Pallet::on_token_registered`]); its chains are the
//!   deployment's live chains, the set root-consensus and proof-registry hold.
//! - A priority operation the executor refuses changes nothing and is reported with
//!   [`Event::PriorityOpRefused`]; root consensus keeps it, and its chain's later operations
//!   (none is skipped, none is lost), and offers it again whenever that chain's contract
//!   registers a token. So a deposit of a token registered on L1 after genesis waits for the
//!   registration's fact and is then credited. A refusal no registration cures (a balance past
//!   `u128`, a full account tree) keeps its chain waiting until the L1 contract's priority
//!   deadline (exit mode, where the deposit is refunded).
//! - While governance's revocation of a batch stands ([`Config::Revoked`], root consensus's
//!   emergency brake) the rollup is halted: `check`, `submit` and priority operations are refused
//!   with [`TxError::Halted`] (priority operations wait in root consensus's backlog) and the open
//!   batch is not offered for sealing. The L2 state holds the revoked batches' effects; lifting
//!   the halt is a governance repair that restores the state first.
//! - Unsigned transactions pay no appchain fee: what keeps them from filling blocks is that
//!   only a transaction the executor accepts is valid, and it pays its L2 fee.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod ledger;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use ledger::StorageLedger;
pub use pallet::*;
pub use types::{GenesisChain, GenesisChainToken, GenesisToken, LogHead, OpenSummary, SequencedOp};
pub use weights::WeightInfo;

use pallet_polylink_batching::{BatchSource, SealedContent, Sealer};

/// The tag prefix of this pallet's unsigned transactions.
pub const TAG_PREFIX: &str = "PolylinkRollup";

/// How long (in blocks) a valid L2 transaction stays in the pool.
pub const TX_LONGEVITY: u64 = 64;

/// How many nonces past an account's next one the pool queues its transactions (geth's
/// `txpool.accountqueue` default).
pub const MAX_NONCE_AHEAD: polylink_primitives::account::Nonce = 64;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use polkadot_sdk::{
		frame_support::{
			pallet_prelude::*,
			storage::{with_transaction_unchecked, TransactionOutcome},
		},
		frame_system::pallet_prelude::*,
	};
	use polylink_primitives::{
		account::{AccountId, AccountInfo, Nonce},
		chain::{ChainId, ChainInfo},
		error::TxError,
		eth::L1Address,
		executor::{self, Effects},
		ledger::Ledger,
		params::FIRST_USER_ACCOUNT_ID,
		pubdata::Op,
		signature::PubKeyHash,
		token::{ChainToken, Registry, RegistryError, TokenId},
		tx::{ChangePubKeyAuth, L2Tx, PriorityOp, Tx},
	};

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Seals the open batch when an operation does not fit it (the batching pallet).
		type Sealer: Sealer;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// The open batch's capacity in chunks: the largest block circuit (the batching
		/// pallet's budget).
		#[pallet::constant]
		type BatchCapacity: Get<u32>;
		/// The pool priority of an L2 transaction paying the minimum fee; more fee, more.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;
		/// The first batch governance revoked, if any (root consensus). While one stands the
		/// rollup is halted: it takes no L2 transaction or priority operation ([`TxError::Halted`];
		/// priority operations wait in root consensus's backlog) and offers nothing to seal.
		type Revoked: Get<Option<u64>>;
	}

	/// The deployment's chains and tokens (set at genesis).
	#[pallet::storage]
	#[pallet::unbounded]
	pub type RegistryOf<T> = StorageValue<_, Registry, ValueQuery>;

	/// The confirmation depth the oracles wait on each chain before voting on its events.
	#[pallet::storage]
	pub type Confirmations<T> = StorageMap<_, Twox64Concat, ChainId, u32, OptionQuery>;

	/// The minimum fee per pubdata chunk of each token accepted for fees.
	#[pallet::storage]
	pub type FeePerChunk<T> = StorageMap<_, Twox64Concat, TokenId, u128, OptionQuery>;

	/// The accounts (owner, key, nonce) by id; fee and reserve accounts once touched.
	#[pallet::storage]
	pub type Accounts<T> = StorageMap<_, Twox64Concat, AccountId, AccountInfo, OptionQuery>;

	/// The account each L1 address owns (the first opened for it).
	#[pallet::storage]
	pub type AccountOf<T> = StorageMap<_, Blake2_128Concat, L1Address, AccountId, OptionQuery>;

	/// The non-zero balances, by account and token.
	#[pallet::storage]
	pub type Balances<T> =
		StorageDoubleMap<_, Twox64Concat, AccountId, Twox64Concat, TokenId, u128, ValueQuery>;

	/// The id the next new account gets.
	#[pallet::storage]
	pub type NextAccount<T> = StorageValue<_, u32, ValueQuery>;

	/// The next priority serial id the executor expects from each chain.
	#[pallet::storage]
	pub type NextPriority<T> = StorageMap<_, Twox64Concat, ChainId, u64, ValueQuery>;

	/// The owners' on-chain `ChangePubKey` pre-approvals, by (chain, owner, nonce).
	#[pallet::storage]
	pub type Approvals<T> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, ChainId>,
			NMapKey<Blake2_128Concat, L1Address>,
			NMapKey<Twox64Concat, Nonce>,
		),
		PubKeyHash,
		OptionQuery,
	>;

	/// The open batch's chunk and fee totals.
	#[pallet::storage]
	pub type Open<T> = StorageValue<_, OpenSummary, ValueQuery>;

	/// The L1 authorisation of each sequenced `ChangePubKey`, by sequencing-log index: the chain
	/// whose contract checks it and the owner's 65-byte EIP-712 signature (empty for an
	/// on-chain approval). Relayers hand them to `commitBatches` (one per own `ChangePubKey` of
	/// the chain, in batch order); removed once every L1 executed the batch.
	#[pallet::storage]
	pub type Witnesses<T> =
		StorageMap<_, Twox64Concat, u64, (ChainId, BoundedVec<u8, ConstU32<65>>), OptionQuery>;

	/// The open batch's operations, in order (appended, taken when the batch is sealed).
	#[pallet::storage]
	#[pallet::unbounded]
	pub type OpenOps<T> = StorageValue<_, Vec<SequencedOp>, ValueQuery>;

	/// The sequencing log's head.
	#[pallet::storage]
	pub type Log<T> = StorageValue<_, LogHead, ValueQuery>;

	/// The genesis configuration: the deployment's chains, tokens and fee policy.
	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The chains: `(index, EVM chain id, rollup contract, confirmation depth)`.
		pub chains: Vec<GenesisChain>,
		/// The tokens: `(id, symbol, [(chain index, address, decimals)], fee per chunk)`.
		pub tokens: Vec<GenesisToken>,
		/// Marker.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut registry = Registry::default();
			for &(index, evm_chain_id, contract, confirmations) in &self.chains {
				let chain = ChainId::new(index).expect("chain indices are 1..=MAX_CHAINS");
				let info = ChainInfo { evm_chain_id, contract: L1Address(contract) };
				registry.register_chain(chain, info).expect("chains are registered once");
				Confirmations::<T>::insert(chain, confirmations);
			}
			for (id, symbol, deployments, fee) in &self.tokens {
				let token = TokenId(*id);
				registry.register_token(token, symbol).expect("tokens are registered once");
				for &(index, address, decimals) in deployments {
					let chain = ChainId::new(index).expect("chain indices are 1..=MAX_CHAINS");
					let on_chain = ChainToken { address: L1Address(address), decimals };
					registry.add_token_to_chain(token, chain, on_chain).expect("valid deployment");
				}
				if let Some(fee) = fee {
					FeePerChunk::<T>::insert(token, fee);
				}
			}
			RegistryOf::<T>::put(registry);
			NextAccount::<T>::put(FIRST_USER_ACCOUNT_ID);
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operation was accepted and appended to the sequencing log and the open batch.
		OpSequenced {
			/// Its index in the sequencing log.
			index: u64,
			/// The operation (its pubdata).
			op: Op,
			/// The log's running hash after it.
			log_hash: [u8; 32],
		},
		/// The executor refused a priority operation: it waits, with its chain's later ones, for
		/// a registry change (root consensus offers it again).
		PriorityOpRefused {
			/// The chain.
			chain: ChainId,
			/// Its serial id.
			serial_id: u64,
			/// Why (the pallet error the executor's refusal maps to).
			error: DispatchError,
		},
		/// An owner's on-chain `ChangePubKey` pre-approval was recorded.
		PubKeyApproved {
			/// The chain it was made on.
			chain: ChainId,
			/// The owner.
			owner: L1Address,
			/// The nonce it is for.
			nonce: Nonce,
			/// The approved key hash.
			pubkey_hash: PubKeyHash,
		},
		/// An on-chain pre-approval no `ChangePubKey` can use was not recorded.
		ApprovalIgnored {
			/// The chain it was made on.
			chain: ChainId,
			/// The owner.
			owner: L1Address,
			/// The nonce it is for.
			nonce: Nonce,
			/// The owner's account's next nonce (0 without an account).
			next: Nonce,
		},
		/// A token an L1 contract registered was added to the registry.
		TokenRegistered {
			/// The chain whose contract registered it.
			chain: ChainId,
			/// The token.
			token: TokenId,
			/// Its contract there.
			address: L1Address,
			/// Its decimals there.
			decimals: u8,
		},
		/// A token registration an L1 contract reported contradicts the registry: ignored.
		TokenRegistrationRefused {
			/// The chain whose contract registered it.
			chain: ChainId,
			/// The token.
			token: TokenId,
			/// Its contract there.
			address: L1Address,
			/// Its decimals there.
			decimals: u8,
			/// What it contradicts.
			error: RegistryError,
		},
		/// A token's minimum fee per chunk was set (`None`: no longer accepted for fees).
		FeeSet {
			/// The token.
			token: TokenId,
			/// The minimum fee per chunk.
			per_chunk: Option<u128>,
		},
	}

	/// Why a transaction was refused: one error per `polylink_primitives::error::TxError`
	/// variant (the executor's reasons), plus the pallet's own.
	#[pallet::error]
	#[derive(PartialEq)]
	pub enum Error<T> {
		/// The L2 signature is malformed or does not verify.
		BadSignature,
		/// The signature verifies, but under a key other than the account's (or the new key's).
		SignerMismatch,
		/// The account has no L2 key yet (it must `ChangePubKey` first).
		NoSigningKey,
		/// The L1 (ECDSA) authorisation of a `ChangePubKey` is malformed or not by the owner.
		BadEthSignature,
		/// A `ChangePubKey` with on-chain authorisation has no matching pre-approval on that chain.
		NotPreApproved,
		/// The new public-key hash is zero (that value means "no key").
		ZeroPubKeyHash,
		/// The nonce is not the account's next nonce.
		NonceMismatch,
		/// The account's nonce is exhausted.
		NonceOverflow,
		/// The account lacks the balance for amount plus fee.
		InsufficientBalance,
		/// The target chain's contract does not hold enough of the token (DESIGN §3).
		InsufficientReserve,
		/// The amount has digits the token's decimals on the target chain cannot hold.
		AmountNotRepresentable,
		/// The token is not registered.
		UnknownToken,
		/// The chain is not live: not registered in this deployment (no contract checks it).
		UnknownChain,
		/// The token is not registered on the target chain.
		TokenNotOnChain,
		/// No such account.
		UnknownAccount,
		/// No account is owned by this L1 address.
		UnknownAddress,
		/// A balance or sum would exceed `u128`.
		Overflow,
		/// The fee is below the minimum for this operation.
		FeeTooLow,
		/// A transfer's fee must be paid in the transferred token.
		FeeTokenMismatch,
		/// The batch already collects fees in `MAX_FEE_TOKENS_PER_BATCH` other tokens (the
		/// executor's refusal; `submit` seals the open batch instead, so only an operation alone
		/// in a batch could meet it, which no configuration allows).
		TooManyFeeTokens,
		/// Fees are not accepted in this token.
		FeeTokenNotAccepted,
		/// The amount cannot be packed into pubdata exactly.
		AmountNotPackable,
		/// The fee cannot be packed into pubdata exactly.
		FeeNotPackable,
		/// A transfer to the sender's own account.
		TransferToSelf,
		/// The recipient is the zero address.
		InvalidRecipient,
		/// The forced-exit target has an L2 key (its owner can withdraw).
		TargetHasSigningKey,
		/// The forced-exit target holds none of the token.
		NothingToExit,
		/// Fee and reserve accounts cannot send.
		SystemAccount,
		/// Every account id is taken.
		AccountTreeFull,
		/// A priority operation arrived out of its L1 queue order.
		PriorityOutOfOrder,
		/// Any other registry refusal (only registry changes produce these, never a call).
		Registry,
		/// The open batch has no room for this operation (the executor's refusal; `submit`
		/// seals the open batch instead, and every operation fits an empty batch).
		BatchFull,
		/// The rollup is halted: governance revoked a batch ([`Config::Revoked`]).
		Halted,
		/// The open batch could not be sealed to make room (the sealer failed: a pubdata or
		/// operation bound of the batching pallet below the batch capacity).
		SealFailed,
		/// The token is not registered.
		TokenNotRegistered,
	}

	impl<T> From<&TxError> for Error<T> {
		fn from(error: &TxError) -> Self {
			match error {
				TxError::BadSignature(_) => Error::BadSignature,
				TxError::SignerMismatch => Error::SignerMismatch,
				TxError::NoSigningKey(_) => Error::NoSigningKey,
				TxError::BadEthSignature(_) => Error::BadEthSignature,
				TxError::NotPreApproved => Error::NotPreApproved,
				TxError::ZeroPubKeyHash => Error::ZeroPubKeyHash,
				TxError::NonceMismatch { .. } => Error::NonceMismatch,
				TxError::NonceOverflow => Error::NonceOverflow,
				TxError::InsufficientBalance { .. } => Error::InsufficientBalance,
				TxError::InsufficientReserve { .. } => Error::InsufficientReserve,
				TxError::AmountNotRepresentable { .. } => Error::AmountNotRepresentable,
				TxError::UnknownToken(_) => Error::UnknownToken,
				TxError::UnknownChain(_) => Error::UnknownChain,
				TxError::TokenNotOnChain { .. } => Error::TokenNotOnChain,
				TxError::UnknownAccount(_) => Error::UnknownAccount,
				TxError::UnknownAddress(_) => Error::UnknownAddress,
				TxError::Overflow => Error::Overflow,
				TxError::FeeTooLow { .. } => Error::FeeTooLow,
				TxError::FeeTokenMismatch { .. } => Error::FeeTokenMismatch,
				TxError::TooManyFeeTokens(_) => Error::TooManyFeeTokens,
				TxError::FeeTokenNotAccepted(_) => Error::FeeTokenNotAccepted,
				TxError::AmountNotPackable(_) => Error::AmountNotPackable,
				TxError::FeeNotPackable(_) => Error::FeeNotPackable,
				TxError::TransferToSelf => Error::TransferToSelf,
				TxError::InvalidRecipient => Error::InvalidRecipient,
				TxError::TargetHasSigningKey => Error::TargetHasSigningKey,
				TxError::NothingToExit => Error::NothingToExit,
				TxError::SystemAccount(_) => Error::SystemAccount,
				TxError::AccountTreeFull => Error::AccountTreeFull,
				TxError::PriorityOutOfOrder { .. } => Error::PriorityOutOfOrder,
				TxError::Registry(_) => Error::Registry,
				TxError::BatchFull { .. } => Error::BatchFull,
				TxError::Halted { .. } => Error::Halted,
			}
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies an L2 transaction (unsigned: its L2 signature is its authority).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit().saturating_add(T::Sealer::max_seal_weight()))]
		pub fn submit(origin: OriginFor<T>, tx: Box<L2Tx>) -> DispatchResult {
			ensure_none(origin)?;
			Self::sequence(&Tx::L2(*tx))?;
			Ok(())
		}

		/// Sets a token's minimum fee per chunk (`None`: fees in it are no longer accepted).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_fee())]
		pub fn set_fee(
			origin: OriginFor<T>,
			token: TokenId,
			per_chunk: Option<u128>,
		) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(RegistryOf::<T>::get().token(token).is_ok(), Error::<T>::TokenNotRegistered);
			FeePerChunk::<T>::set(token, per_chunk);
			Self::deposit_event(Event::FeeSet { token, per_chunk });
			Ok(())
		}
	}

	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Checks an L2 transaction as the executor would apply it now. The next nonce of the
		/// account is checked completely (a dry run of `apply`, rolled back). A later nonce, at
		/// most [`MAX_NONCE_AHEAD`] ahead, must be signed by the account's current key and pay a
		/// fee the account holds now in an accepted token; it `requires` the previous nonce's tag,
		/// so it is checked again completely when its turn comes (block building re-validates
		/// every extrinsic). So nobody but the key holder can take an account's `(account,
		/// nonce)` tag, and a transaction's priority is a fee its account can pay. A key change
		/// is signed by the new key, so it (and what its key signs) waits for its turn.
		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let Call::submit { tx } = call else {
				return InvalidTransaction::Call.into();
			};
			Self::check(tx).map_err(|e| match e {
				TxError::NonceMismatch { expected, got } if got < expected => {
					InvalidTransaction::Stale.into()
				}
				TxError::NonceMismatch { .. } => InvalidTransaction::Future.into(),
				e => Self::invalid(&e),
			})?;
			let (id, nonce) = (tx.signer(), tx.nonce());
			let (token, _) = tx.fee();
			// The dry run or `check_queued` refused a token without a fee, so this is set.
			let min = FeePerChunk::<T>::get(token)
				.ok_or_else(|| Self::invalid(&TxError::FeeTokenNotAccepted(token)))?;
			let mut valid = ValidTransaction::with_tag_prefix(TAG_PREFIX)
				.priority(Self::priority(tx, min))
				.and_provides((id, nonce))
				.longevity(TX_LONGEVITY)
				.propagate(true);
			if nonce > Self::nonce(id) {
				valid = valid.and_requires((id, nonce - 1));
			}
			valid.build()
		}
	}

	impl<T: Config> Pallet<T> {
		/// Applies `tx` to the open batch (sealing it first when `tx` does not fit: no room, or
		/// its fee token would be one too many) and appends it to the sequencing log. On error
		/// nothing changes.
		pub fn sequence(tx: &Tx) -> Result<Effects, DispatchError> {
			if T::Revoked::get().is_some() {
				return Err(Error::<T>::Halted.into());
			}
			let mut ledger = StorageLedger::<T>::load();
			let effects = match executor::apply(&mut ledger, tx) {
				Err(e) if Self::needs_next_batch(&e) && Open::<T>::get().chunks > 0 => {
					T::Sealer::seal_open().map_err(|_| Error::<T>::SealFailed)?;
					executor::apply(&mut ledger, tx)
				}
				result => result,
			}
			.map_err(|e| Error::<T>::from(&e))?;
			let head = Log::<T>::get();
			let next = head.append(&effects.op);
			Log::<T>::put(next);
			if let Tx::L2(L2Tx::ChangePubKey(change)) = tx {
				let witness = match &change.auth {
					ChangePubKeyAuth::EthSignature(signature) => signature.to_vec(),
					ChangePubKeyAuth::Onchain => Vec::new(),
				};
				// At most 65 bytes: the bound holds.
				let witness = BoundedVec::truncate_from(witness);
				Witnesses::<T>::insert(head.length, (change.chain, witness));
			}
			Self::deposit_event(Event::OpSequenced {
				index: head.length,
				op: effects.op.clone(),
				log_hash: next.hash,
			});
			Ok(effects)
		}

		/// Applies a priority operation the oracle quorum attested (called in serial order per
		/// chain); returns whether it was applied. A refused one changes nothing and is reported
		/// ([`Event::PriorityOpRefused`]); root consensus keeps it, and its chain's later ones,
		/// until a registry change lets it apply (see the assumptions).
		pub fn on_priority_op(chain: ChainId, op: PriorityOp) -> bool {
			let serial_id = op.serial_id();
			match Self::sequence(&Tx::Priority(op)) {
				Ok(_) => true,
				Err(error) => {
					Self::deposit_event(Event::PriorityOpRefused { chain, serial_id, error });
					false
				}
			}
		}

		/// Learns a token an L1 contract registered (an oracle fact): a new token id is added to
		/// the registry (without a symbol, not accepted for fees until governance sets a fee),
		/// a known one gains the chain. A registration the registry already holds changes
		/// nothing; one that contradicts it (another address or decimals for the token on that
		/// chain, an address another token uses there) is refused and reported
		/// ([`Event::TokenRegistrationRefused`]): the registry never changes what a chain's
		/// deposits were credited as.
		pub fn on_token_registered(
			chain: ChainId,
			token: TokenId,
			address: L1Address,
			decimals: u8,
		) {
			let on_chain = ChainToken { address, decimals };
			let mut registry = RegistryOf::<T>::get();
			if registry.token_on_chain(token, chain) == Ok(&on_chain) {
				return;
			}
			let added = match registry.token(token) {
				Ok(_) => registry.add_token_to_chain(token, chain, on_chain),
				Err(_) => registry
					.register_token(token, &[])
					.and_then(|()| registry.add_token_to_chain(token, chain, on_chain)),
			};
			match added {
				Ok(()) => {
					RegistryOf::<T>::put(registry);
					Self::deposit_event(Event::TokenRegistered { chain, token, address, decimals });
				}
				Err(error) => Self::deposit_event(Event::TokenRegistrationRefused {
					chain,
					token,
					address,
					decimals,
					error,
				}),
			}
		}

		/// Records an owner's on-chain `ChangePubKey` pre-approval the oracle quorum attested,
		/// if a `ChangePubKey` can still use it: its nonce is the owner's account's next nonce
		/// or at most [`MAX_NONCE_AHEAD`] beyond (an owner without an account counts from 0).
		/// Any other is ignored ([`Event::ApprovalIgnored`]): approvals cost nothing but L1 gas,
		/// and no owner keeps more than `MAX_NONCE_AHEAD + 1` of them here (a used one is
		/// removed when the key change applies).
		pub fn on_pubkey_approved(
			chain: ChainId,
			owner: L1Address,
			nonce: Nonce,
			pubkey_hash: PubKeyHash,
		) -> Weight {
			let next = AccountOf::<T>::get(owner).map_or(0, Self::nonce);
			if nonce < next || nonce - next > MAX_NONCE_AHEAD {
				Self::deposit_event(Event::ApprovalIgnored { chain, owner, nonce, next });
				return T::DbWeight::get().reads(2);
			}
			Approvals::<T>::insert((chain, owner, nonce), pubkey_hash);
			Self::deposit_event(Event::PubKeyApproved { chain, owner, nonce, pubkey_hash });
			T::DbWeight::get().reads_writes(2, 1)
		}

		/// The `commitBatches` witnesses of `chain`'s own `ChangePubKey` operations among the
		/// `ops` operations sequenced from log index `first` (a batch), in order.
		pub fn change_pubkey_witnesses(first: u64, ops: u32, chain: ChainId) -> Vec<Vec<u8>> {
			(first..first.saturating_add(ops.into()))
				.filter_map(Witnesses::<T>::get)
				.filter(|(of, _)| *of == chain)
				.map(|(_, witness)| witness.into_inner())
				.collect()
		}

		/// Forgets the witnesses of the `ops` operations sequenced from log index `first` (a
		/// batch every L1 executed).
		pub fn prune_witnesses(first: u64, ops: u32) -> Weight {
			for index in first..first.saturating_add(ops.into()) {
				Witnesses::<T>::remove(index);
			}
			T::DbWeight::get().writes(ops.into())
		}

		/// Whether `error` refuses the operation only for the open batch's sake (no room, or fees
		/// in too many tokens already): the operation goes into the next batch, the open one is
		/// sealed first.
		fn needs_next_batch(error: &TxError) -> bool {
			matches!(error, TxError::BatchFull { .. } | TxError::TooManyFeeTokens(_))
		}

		/// Runs `apply` for `tx` and rolls everything back (sealing too, if it had to).
		pub fn dry_run(tx: &Tx) -> Result<Effects, TxError> {
			with_transaction_unchecked(|| {
				let mut ledger = StorageLedger::<T>::load();
				let mut result = executor::apply(&mut ledger, tx);
				if result.as_ref().is_err_and(Self::needs_next_batch)
					&& Open::<T>::get().chunks > 0
					&& T::Sealer::seal_open().is_ok()
				{
					result = executor::apply(&mut ledger, tx);
				}
				TransactionOutcome::Rollback(result)
			})
		}

		/// The pool priority of `tx`: the base priority plus its fee as a multiple (in
		/// hundredths) of the minimum fee for its size.
		fn priority(tx: &L2Tx, min_per_chunk: u128) -> TransactionPriority {
			let (_, fee) = tx.fee();
			let multiple = fee.saturating_mul(100) / min_per_chunk.max(1);
			T::UnsignedPriority::get()
				.saturating_add(u64::try_from(multiple).unwrap_or(u64::MAX) / 100)
		}

		/// Whether the pool takes `tx` now, and if not why (what `validate_unsigned` checks and
		/// the `check_tx` runtime API answers): the account's next nonce is checked completely
		/// (a dry run of `apply`); a later one, at most [`MAX_NONCE_AHEAD`] ahead, by
		/// `check_queued`. A used nonce, or one too far ahead, is a `NonceMismatch`.
		pub fn check(tx: &L2Tx) -> Result<(), TxError> {
			if let Some(revoked_from) = T::Revoked::get() {
				return Err(TxError::Halted { revoked_from });
			}
			let id = tx.signer();
			let account = Accounts::<T>::get(id)
				.filter(|_| !id.is_system())
				.ok_or(TxError::UnknownAccount(id))?;
			let nonce = tx.nonce();
			if nonce < account.nonce || nonce - account.nonce > MAX_NONCE_AHEAD {
				return Err(TxError::NonceMismatch { expected: account.nonce, got: nonce });
			}
			if nonce == account.nonce {
				Self::dry_run(&Tx::L2(tx.clone())).map(|_| ())
			} else {
				Self::check_queued(tx, &account)
			}
		}

		/// The pool's checks of a transaction queued behind the account's next nonce (see
		/// `validate_unsigned`).
		fn check_queued(tx: &L2Tx, account: &AccountInfo) -> Result<(), TxError> {
			let id = tx.signer();
			if account.pubkey_hash == PubKeyHash::ZERO {
				return Err(TxError::NoSigningKey(id));
			}
			let signer = StorageLedger::<T>::load()
				.verify_signature(tx.signature(), tx.message())
				.map_err(TxError::BadSignature)?;
			if signer != account.pubkey_hash {
				return Err(TxError::SignerMismatch);
			}
			let (token, fee) = tx.fee();
			if FeePerChunk::<T>::get(token).is_none() {
				return Err(TxError::FeeTokenNotAccepted(token));
			}
			let available = Balances::<T>::get(id, token);
			if available < fee {
				return Err(TxError::InsufficientBalance { token, needed: fee, available });
			}
			Ok(())
		}

		/// The pool error for a refusal: the pallet error's index as a custom code.
		fn invalid(error: &TxError) -> TransactionValidityError {
			// A pallet error encodes as its variant index: one byte, never empty.
			let code = Error::<T>::from(error).encode()[0];
			InvalidTransaction::Custom(code).into()
		}

		/// The account `id` (owner, key, nonce), if it exists.
		pub fn account(id: AccountId) -> Option<AccountInfo> {
			Accounts::<T>::get(id)
		}

		/// The account `address` owns.
		pub fn account_id_of(address: &L1Address) -> Option<AccountId> {
			AccountOf::<T>::get(address)
		}

		/// The non-zero balances of account `id`, by token ascending.
		pub fn balances(id: AccountId) -> Vec<(TokenId, u128)> {
			let mut balances: Vec<_> = Balances::<T>::iter_prefix(id).collect();
			balances.sort_unstable_by_key(|(token, _)| *token);
			balances
		}

		/// The next nonce of account `id` (0 for an account that does not exist).
		pub fn nonce(id: AccountId) -> Nonce {
			Accounts::<T>::get(id).map_or(0, |a| a.nonce)
		}

		/// The deployment's chains and tokens.
		pub fn registry() -> Registry {
			RegistryOf::<T>::get()
		}

		/// The sequencing log's head.
		pub fn log_head() -> LogHead {
			Log::<T>::get()
		}
	}

	/// The batching pallet closes the open batch through this.
	impl<T: Config> BatchSource for Pallet<T> {
		/// Nothing is offered while the rollup is halted.
		fn open_chunks() -> u32 {
			if T::Revoked::get().is_some() {
				return 0;
			}
			Open::<T>::get().chunks
		}

		fn close(capacity: u32) -> Result<SealedContent, DispatchError> {
			let mut ledger = StorageLedger::<T>::load();
			let closed = executor::close_batch(&mut ledger, capacity as usize)
				.map_err(|_| Error::<T>::SealFailed)?;
			let ops = closed.ops.len() as u64;
			Ok(SealedContent {
				chunks: capacity,
				pubdata: closed.pubdata,
				pubdata_hash: closed.pubdata_hash,
				onchain_hash: closed.onchain_hash,
				signatures: closed.signatures,
				ops: ops as u32,
				first_log_index: Log::<T>::get().length - ops,
			})
		}
	}
}
