// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title DevToken
/// @notice A plain ERC-20 for devnets and tests: name, symbol and decimals of the deployer's
/// choice, its whole supply minted at construction to the given holders. Never deployed by a
/// production script.
contract DevToken is ERC20 {
    uint8 private immutable _decimals;

    /// @param symbol_ The symbol (also the name).
    /// @param decimals_ The decimals.
    /// @param holders Who receives `amount` each.
    /// @param amount What each holder receives, in the token's smallest unit.
    constructor(string memory symbol_, uint8 decimals_, address[] memory holders, uint256 amount)
        ERC20(symbol_, symbol_)
    {
        _decimals = decimals_;
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amount);
        }
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
