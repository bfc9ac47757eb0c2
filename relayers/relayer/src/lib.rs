//! The Polylink relayer: for every configured L1 chain it drives the rollup contract through
//! commit → prove → sync → execute (DESIGN §2 steps 4–6) from the difference between what the
//! appchain has certified and what the contract holds.
//!
//! - [`config`]: the TOML configuration and its defaults.
//! - [`appchain`]: the node's `polylink_*` JSON-RPC (certificates, proofs, pubdata).
//! - [`l1`]: one chain's contract: counters, committed records, simulated and signed sends.
//! - [`pipeline`]: which step each stage takes next, and one pass over a chain.
//! - [`metrics`]: Prometheus metrics (last batch per stage, lag, steps, errors).
//! - [`run`]: the loop over every chain, with backoff after failures.
//!
//! The relayer keeps no state of its own: a restart at any point continues from the chains'
//! counters. Several relayers may run at once: every transaction is simulated first, so a step
//! another relayer took is not sent, and one that loses a race reverts, costing only its gas.

pub mod appchain;
pub mod config;
pub mod l1;
pub mod metrics;
pub mod pipeline;
pub mod run;
