// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockERC20
/// @notice Mintable ERC-20 with configurable decimals; with `feeBps` > 0 it burns that share of
/// every transfer (a fee-on-transfer token).
contract MockERC20 is ERC20 {
    uint8 private immutable _decimals;
    /// @notice Transfer fee in basis points.
    uint256 public feeBps;

    constructor(uint8 d, uint256 fee) ERC20("Mock", "MCK") {
        _decimals = d;
        feeBps = fee;
    }

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (feeBps != 0 && from != address(0) && to != address(0)) {
            uint256 fee = (value * feeBps) / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
