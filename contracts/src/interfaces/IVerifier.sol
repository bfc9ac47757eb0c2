// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title IVerifier
/// @notice A Groth16 (BLS12-381, EIP-2537) verifier with exactly one public input. The generated
/// verifiers in `src/verifiers/` implement it; the rollup only ever talks to this interface.
interface IVerifier {
    /// @notice Verifies a proof against one public input.
    /// @param proof 512 bytes: A (G1, 128 B) ‖ B (G2, 256 B) ‖ C (G1, 128 B), EIP-2537 encodings.
    /// @param input The public input; must be below the BLS12-381 scalar modulus r.
    /// @return True when the proof verifies.
    function verifyProof(bytes calldata proof, uint256 input) external view returns (bool);
}
