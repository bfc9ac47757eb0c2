// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Rollup} from "../src/Rollup.sol";
import {Vm} from "../test/utils/Vm.sol";
import {DevToken} from "./DevToken.sol";

/// @title DeployToken
/// @notice Deploys a `DevToken` on one chain of a devnet, mints it to test holders and registers
/// it with the chain's rollup contract (the deployer must be the rollup's owner). The appchain
/// learns the registration from the oracles (a `TokenRegistered` fact), so a token can be added
/// to a running deployment. Configured from the environment; broadcast with the deployer's key:
///
///     POLYLINK_DEPLOYER_KEY=0x… POLYLINK_ROLLUP=0x… POLYLINK_TOKEN_ID=2 \
///     POLYLINK_TOKEN_SYMBOL=USDC POLYLINK_TOKEN_DECIMALS=6 POLYLINK_TOKEN_HOLDERS=0xA,0xB \
///     forge script script/DeployToken.s.sol --rpc-url $URL --broadcast --use "$POLYLINK_SOLC" --offline
///
/// Optional: POLYLINK_TOKEN_SUPPLY (what each holder gets, in whole tokens; 1000000),
/// POLYLINK_TOKEN_MIN_DEPOSIT (in the token's smallest unit; 10 whole tokens, the documented
/// default of docs/l1-contracts.md).
contract DeployToken {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Deploys, mints and registers the token.
    /// @return token The token's address.
    function run() external returns (address token) {
        uint256 key = VM.envUint("POLYLINK_DEPLOYER_KEY");
        Rollup rollup = Rollup(payable(VM.envAddress("POLYLINK_ROLLUP")));
        uint8 decimals = uint8(VM.envUint("POLYLINK_TOKEN_DECIMALS"));
        uint256 unit = 10 ** decimals;
        VM.startBroadcast(key);
        token = address(
            new DevToken(
                VM.envString("POLYLINK_TOKEN_SYMBOL"),
                decimals,
                VM.envAddress("POLYLINK_TOKEN_HOLDERS", ","),
                VM.envOr("POLYLINK_TOKEN_SUPPLY", uint256(1_000_000)) * unit
            )
        );
        rollup.registerToken(
            uint16(VM.envUint("POLYLINK_TOKEN_ID")),
            token,
            decimals,
            uint128(VM.envOr("POLYLINK_TOKEN_MIN_DEPOSIT", 10 * unit))
        );
        VM.stopBroadcast();
    }
}
