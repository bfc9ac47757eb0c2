// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IVerifier} from "../../src/interfaces/IVerifier.sol";

/// @title MockVerifier
/// @notice Test double: answers what the test set, and records the last input it was asked about
/// only through `expectedInput` (when set, any other input is rejected).
contract MockVerifier is IVerifier {
    /// @notice The answer for every proof.
    bool public answer = true;
    /// @notice When non-zero, only this input verifies.
    uint256 public expectedInput;

    /// @notice Sets the answer.
    function setAnswer(bool a) external {
        answer = a;
    }

    /// @notice Restricts acceptance to one input (0 = any).
    function setExpectedInput(uint256 input) external {
        expectedInput = input;
    }

    /// @inheritdoc IVerifier
    function verifyProof(bytes calldata, uint256 input) external view returns (bool) {
        if (expectedInput != 0 && input != expectedInput) return false;
        return answer;
    }
}
