//! The wallet's transactions carry signatures the protocol accepts: the L2 signature verifies
//! and names the wallet's key, the key change's L1 authorisation recovers to the owner, and a
//! transaction altered after signing no longer verifies.

use polylink_cli::{Wallet, WalletError};
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	eth::{change_pubkey_digest, recover_address, L1Address},
	token::TokenId,
	tx::{ChangePubKeyAuth, L2Tx},
};

/// anvil's second account.
const KEY: &str = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

fn chain() -> ChainInfo {
	ChainInfo { evm_chain_id: 31_337, contract: L1Address([0x9f; 20]) }
}

#[test]
fn the_wallet_is_its_l1_address() {
	let wallet = Wallet::from_hex(KEY).unwrap();
	assert_eq!(
		hex::encode(wallet.address().0),
		"70997970c51812dc3a010c7d01b50e0d17dc79c8",
		"anvil's second account"
	);
	// The L2 key is a function of the L1 key alone.
	assert_eq!(wallet.pubkey_hash(), Wallet::from_hex(KEY).unwrap().pubkey_hash());
	assert_ne!(
		wallet.pubkey_hash(),
		Wallet::from_hex(&KEY.replace('5', "6")).unwrap().pubkey_hash()
	);
}

#[test]
fn bad_keys_are_refused() {
	assert!(matches!(Wallet::from_hex("0x12"), Err(WalletError::NotHex(_))));
	assert!(matches!(Wallet::from_hex("zz"), Err(WalletError::NotHex(_))));
	assert_eq!(Wallet::from_hex(&"00".repeat(32)).err(), Some(WalletError::InvalidKey));
	assert_eq!(Wallet::from_hex(&"ff".repeat(32)).err(), Some(WalletError::InvalidKey));
}

#[test]
fn transactions_are_signed_by_the_wallets_l2_key() {
	let wallet = Wallet::from_hex(KEY).unwrap();
	let txs = [
		wallet.change_pubkey(AccountId(3), ChainId(1), &chain(), TokenId(1), 3_000, 0),
		wallet.transfer(
			AccountId(3),
			L1Address([0x22; 20]),
			TokenId(1),
			1_000,
			TokenId(1),
			2_000,
			1,
		),
		wallet.withdraw(
			AccountId(3),
			ChainId(1),
			L1Address([0x33; 20]),
			TokenId(1),
			500,
			TokenId(1),
			3_000,
			2,
		),
	];
	for tx in txs {
		assert_eq!(tx.signature().verify(tx.message()), Ok(wallet.pubkey_hash()), "{tx:?}");
		// Any change after signing breaks the signature.
		let mut altered = tx.clone();
		match &mut altered {
			L2Tx::ChangePubKey(cpk) => cpk.fee += 1,
			L2Tx::Transfer(transfer) => transfer.amount += 1,
			L2Tx::Withdraw(withdraw) => withdraw.to = L1Address([0x44; 20]),
			L2Tx::ForcedExit(_) => unreachable!(),
		}
		assert!(altered.signature().verify(altered.message()).is_err(), "{altered:?}");
	}
}

#[test]
fn the_key_change_is_authorised_by_the_owner_for_that_chain_and_account() {
	let wallet = Wallet::from_hex(KEY).unwrap();
	let L2Tx::ChangePubKey(cpk) =
		wallet.change_pubkey(AccountId(3), ChainId(1), &chain(), TokenId(1), 3_000, 0)
	else {
		unreachable!()
	};
	let ChangePubKeyAuth::EthSignature(auth) = cpk.auth else { unreachable!() };
	assert_eq!(cpk.new_pubkey_hash, wallet.pubkey_hash());
	let digest = change_pubkey_digest(&chain(), &cpk.new_pubkey_hash.0, 0, 3, 1);
	assert_eq!(recover_address(&digest, &auth), Ok(wallet.address()));
	// Not an authorisation for another account or another chain's contract.
	let other_account = change_pubkey_digest(&chain(), &cpk.new_pubkey_hash.0, 0, 4, 1);
	assert_ne!(recover_address(&other_account, &auth), Ok(wallet.address()));
	let other_chain = ChainInfo { evm_chain_id: 1, ..chain() };
	let elsewhere = change_pubkey_digest(&other_chain, &cpk.new_pubkey_hash.0, 0, 3, 1);
	assert_ne!(recover_address(&elsewhere, &auth), Ok(wallet.address()));
}
