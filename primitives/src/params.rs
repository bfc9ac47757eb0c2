//! Protocol constants: the one source of truth for every number the circuits, the runtime and
//! the L1 contracts must agree on.

/// Depth of the account tree (2^24, about 16.7M accounts).
pub const ACCOUNT_TREE_DEPTH: usize = 24;
/// Depth of each account's balance tree (2^10 = 1024 tokens).
pub const BALANCE_TREE_DEPTH: usize = 10;
/// Number of L1 chains the protocol supports; chain indices run `1..=MAX_CHAINS`.
pub const MAX_CHAINS: u8 = 4;
/// The account that collects fees.
pub const FEE_ACCOUNT_ID: u32 = 0;
/// The first account id available to users: ids `1..=MAX_CHAINS` are the per-chain reserves.
pub const FIRST_USER_ACCOUNT_ID: u32 = MAX_CHAINS as u32 + 1;
/// Largest valid account id (the account tree has `2^ACCOUNT_TREE_DEPTH` leaves).
pub const MAX_ACCOUNT_ID: u32 = (1u32 << ACCOUNT_TREE_DEPTH) - 1;
/// Largest valid token id (the balance tree has `2^BALANCE_TREE_DEPTH` leaves).
pub const MAX_TOKEN_ID: u16 = (1u16 << BALANCE_TREE_DEPTH) - 1;
/// Decimals of every token on L2; L1 amounts are scaled up to this.
pub const L2_DECIMALS: u8 = 18;
/// Bytes in one pubdata chunk; every operation occupies a whole number of chunks. The block
/// circuit processes one chunk per step: up to two leaf updates and one signature check.
pub const CHUNK_BYTES: usize = 18;
/// Leaf updates (account leaf plus one of its balances) the block circuit performs per chunk.
pub const UPDATES_PER_CHUNK: usize = 2;
/// Distinct fee tokens one batch may collect (the block circuit credits each once, at the end).
pub const MAX_FEE_TOKENS_PER_BATCH: usize = 4;
/// Bytes of an account id in pubdata (24 bits).
pub const ACCOUNT_ID_BYTES: usize = 3;
/// Bytes of a token id in pubdata.
pub const TOKEN_ID_BYTES: usize = 2;
/// Bytes of a chain index in pubdata.
pub const CHAIN_ID_BYTES: usize = 1;
/// Bytes of a full (unpacked) amount in pubdata.
pub const AMOUNT_BYTES: usize = 16;
/// Bytes of an L1 address.
pub const ADDRESS_BYTES: usize = 20;
/// Bytes of an L2 public-key hash.
pub const PUBKEY_HASH_BYTES: usize = 20;
/// Bytes of a nonce in pubdata.
pub const NONCE_BYTES: usize = 4;
/// Bits of the exponent of a packed amount or fee (base 10).
pub const FLOAT_EXPONENT_BITS: u32 = 5;
/// Bits of the mantissa of a packed transfer amount.
pub const AMOUNT_MANTISSA_BITS: u32 = 35;
/// Bits of the mantissa of a packed fee.
pub const FEE_MANTISSA_BITS: u32 = 11;
/// Bytes of a packed amount (`AMOUNT_MANTISSA_BITS + FLOAT_EXPONENT_BITS`).
pub const PACKED_AMOUNT_BYTES: usize = 5;
/// Bytes of a packed fee (`FEE_MANTISSA_BITS + FLOAT_EXPONENT_BITS`).
pub const PACKED_FEE_BYTES: usize = 2;
/// Bits of the commitment that survive the mask (it must fit the scalar field).
pub const COMMITMENT_BITS: u32 = 253;
