//! The executor's [`Ledger`] over this pallet's storage: the flat L2 state of DESIGN §7.
//!
//! [`StorageLedger`] stores and returns what the executor gives it and nothing else; every
//! rule is `polylink_primitives::executor`'s, so the runtime accepts exactly what the native
//! replica accepts.

use crate::{
	pallet::{
		Accounts, Approvals, Balances, Config, FeePerChunk, NextAccount, NextPriority, Open,
		OpenOps, RegistryOf,
	},
	types::{OpenSummary, SequencedOp},
};
use alloc::collections::BTreeMap;
use core::marker::PhantomData;
use polkadot_sdk::frame_support::traits::Get;
use polylink_primitives::{
	account::{AccountId, AccountInfo, Nonce},
	chain::ChainId,
	eth::L1Address,
	ledger::{Ledger, OpenTotals},
	pubdata::Op,
	signature::{PubKeyHash, TxSignature},
	state::{ExecutorConfig, FeePolicy, OpenBatch},
	token::{Registry, TokenId},
};

/// The flat L2 state in runtime storage, with the registry and fee policy loaded once.
pub struct StorageLedger<T: Config> {
	registry: Registry,
	config: ExecutorConfig,
	_config: PhantomData<T>,
}

impl<T: Config> StorageLedger<T> {
	/// Loads the registry and the fee policy; everything else is read from storage on use.
	pub fn load() -> Self {
		let per_chunk: BTreeMap<TokenId, u128> = FeePerChunk::<T>::iter().collect();
		Self {
			registry: RegistryOf::<T>::get(),
			config: ExecutorConfig {
				fees: FeePolicy { per_chunk },
				batch_chunks: T::BatchCapacity::get() as usize,
			},
			_config: PhantomData,
		}
	}
}

impl<T: Config> Ledger for StorageLedger<T> {
	fn registry(&self) -> &Registry {
		&self.registry
	}

	fn config(&self) -> &ExecutorConfig {
		&self.config
	}

	fn account(&self, id: AccountId) -> Option<AccountInfo> {
		Accounts::<T>::get(id)
	}

	fn account_id_of(&self, address: &L1Address) -> Option<AccountId> {
		crate::pallet::AccountOf::<T>::get(address)
	}

	fn balance(&self, id: AccountId, token: TokenId) -> u128 {
		Balances::<T>::get(id, token)
	}

	fn next_account_id(&self) -> AccountId {
		AccountId(NextAccount::<T>::get())
	}

	fn next_priority_serial(&self, chain: ChainId) -> u64 {
		NextPriority::<T>::get(chain)
	}

	fn onchain_approval(
		&self,
		chain: ChainId,
		owner: L1Address,
		nonce: Nonce,
	) -> Option<PubKeyHash> {
		Approvals::<T>::get((chain, owner, nonce))
	}

	fn open_totals(&self) -> OpenTotals {
		let open = Open::<T>::get();
		OpenTotals { chunks: open.chunks as usize, fees: open.fees.into_iter().collect() }
	}

	fn open_account(&mut self, id: AccountId, address: L1Address) {
		Accounts::<T>::insert(id, AccountInfo::new(address));
		NextAccount::<T>::mutate(|next| *next = (*next).max(id.0 + 1));
		if !crate::pallet::AccountOf::<T>::contains_key(address) {
			crate::pallet::AccountOf::<T>::insert(address, id);
		}
	}

	fn set_account(&mut self, id: AccountId, info: AccountInfo) {
		Accounts::<T>::insert(id, info);
	}

	fn set_balance(&mut self, id: AccountId, token: TokenId, amount: u128) {
		if amount == 0 {
			Balances::<T>::remove(id, token);
		} else {
			Balances::<T>::insert(id, token, amount);
		}
	}

	fn set_next_priority_serial(&mut self, chain: ChainId, serial: u64) {
		NextPriority::<T>::insert(chain, serial);
	}

	fn remove_onchain_approval(&mut self, chain: ChainId, owner: L1Address, nonce: Nonce) {
		Approvals::<T>::remove((chain, owner, nonce));
	}

	fn push_op(&mut self, op: Op, signature: Option<TxSignature>, totals: OpenTotals) {
		OpenOps::<T>::append(SequencedOp { op, signature });
		let fees = totals.fees.into_iter().collect::<alloc::vec::Vec<_>>();
		// The executor never exceeds `MAX_FEE_TOKENS_PER_BATCH` fee tokens (`TooManyFeeTokens`).
		let fees = fees.try_into().expect("the executor bounds the fee tokens per batch");
		Open::<T>::put(OpenSummary { chunks: totals.chunks as u32, fees });
	}

	fn take_open(&mut self) -> OpenBatch {
		let open = Open::<T>::take();
		let (ops, signatures) =
			OpenOps::<T>::take().into_iter().map(|entry| (entry.op, entry.signature)).unzip();
		OpenBatch {
			ops,
			signatures,
			chunks: open.chunks as usize,
			fees: open.fees.into_iter().collect(),
		}
	}
}
