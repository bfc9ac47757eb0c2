// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Rollup} from "../../src/Rollup.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {RollupBase} from "../utils/RollupBase.sol";

/// @notice registerToken, depositETH, depositERC20, requestFullExit, setAuthPubkeyHash, constructor.
contract Deposit_Test is RollupBase {
    // ---------------------------------------------------------------- constructor
    function test_RevertWhen_ChainIndexZero() external {
        Rollup.Config memory cfg = _config(0, true);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidChainIndex.selector, 0));
        new Rollup(cfg);
    }

    function test_RevertWhen_ChainIndexAboveMax() external {
        Rollup.Config memory cfg = _config(5, true);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidChainIndex.selector, 5));
        new Rollup(cfg);
    }

    function test_RevertWhen_OracleSetUnsorted() external {
        Rollup.Config memory cfg = _config(1, true);
        (cfg.oracles[0], cfg.oracles[1]) = (cfg.oracles[1], cfg.oracles[0]);
        vm.expectRevert(Errors.PolylinkRollup_InvalidOracleSet.selector);
        new Rollup(cfg);
    }

    function test_RevertWhen_OracleSetEmpty() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.oracles = new address[](0);
        vm.expectRevert(Errors.PolylinkRollup_InvalidOracleSet.selector);
        new Rollup(cfg);
    }

    function test_RevertWhen_VerifierArraysMismatch() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.verifierChunks = new uint256[](1);
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        new Rollup(cfg);
    }

    function test_RevertWhen_ZeroExpiry() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityExpiryBlocks = 0;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "priorityExpiryBlocks"));
        new Rollup(cfg);
    }

    function test_Constructor() external view {
        assertEq(da.chainIndex(), 1);
        assertTrue(da.isDAChain());
        assertFalse(c2.isDAChain());
        assertEq(da.lastCommittedRoot(), GENESIS);
        assertEq(da.lastSyncedRoot(), GENESIS);
        assertEq(da.oracles().length, 3);
        assertEq(da.owner(), gov);
    }

    // ---------------------------------------------------------------- registerToken
    function test_RevertWhen_RegisterTokenNotOwner() external {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        da.registerToken(9, address(0x99), 18);
    }

    function test_RevertWhen_RegisterTokenIdTaken() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenIdTaken.selector, USDC));
        da.registerToken(USDC, address(0x99), 18);
    }

    function test_RevertWhen_RegisterTokenIdTooLarge() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenIdTaken.selector, 1024));
        da.registerToken(1024, address(0x99), 18);
    }

    function test_RevertWhen_RegisterTokenAddressTaken() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenAddressTaken.selector, address(usdc)));
        da.registerToken(9, address(usdc), 6);
    }

    function test_RevertWhen_RegisterTokenTooManyDecimals() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TooManyDecimals.selector, 19));
        da.registerToken(9, address(0x99), 19);
    }

    function test_RevertWhen_RegisterEthNot18Decimals() external {
        Rollup r = new Rollup(_config(3, false));
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TooManyDecimals.selector, 6));
        r.registerToken(1, address(0), 6);
    }

    function test_RegisterToken() external {
        vm.expectEmit();
        emit IRollup.TokenRegistered(9, address(0x99), 8);
        vm.prank(gov);
        da.registerToken(9, address(0x99), 8);
        assertEq(da.tokenIdOf(address(0x99)), 9);
        (address a, uint8 d, bool reg) = da.tokens(9);
        assertEq(a, address(0x99));
        assertEq(d, 8);
        assertTrue(reg);
    }

    // ---------------------------------------------------------------- depositETH
    function test_DepositETH() external {
        vm.expectEmit();
        emit IRollup.Deposit(0, bob, ETH, 1 ether, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        da.depositETH{value: 1 ether}(bob);
        assertEq(da.nextPriorityId(), 1);
        (bytes24 h, uint64 exp) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(1, 0, bob, ETH, 1 ether)));
        assertEq(exp, block.number + EXPIRY);
        assertEq(address(da).balance, 1 ether);
    }

    function test_RevertWhen_DepositETHZeroRecipient() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroRecipient.selector);
        da.depositETH{value: 1}(address(0));
    }

    function test_RevertWhen_DepositETHZeroAmount() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.depositETH(bob);
    }

    function test_RevertGiven_EthNotRegistered() external {
        Rollup r = new Rollup(_config(3, false));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotRegistered.selector, address(0)));
        r.depositETH{value: 1}(bob);
    }

    function test_RevertGiven_ExitModeDepositETH() external {
        _enterExitMode();
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.depositETH{value: 1}(bob);
    }

    // ---------------------------------------------------------------- depositERC20
    function test_DepositERC20_Normalizes() external {
        vm.expectEmit();
        emit IRollup.Deposit(0, bob, USDC, 5e18, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        da.depositERC20(IERC20(address(usdc)), 5e6, bob);
        assertEq(usdc.balanceOf(address(da)), 5e6);
    }

    function test_DepositERC20_FeeOnTransferCreditsWhatArrived() external {
        vm.prank(alice);
        da.depositERC20(IERC20(address(fot)), 1000, bob);
        (bytes24 h,) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(1, 0, bob, FOT, 990)), "credits 990 of 1000");
    }

    function test_RevertWhen_DepositERC20FeeEatsEverything() external {
        MockERC20 burnAll = new MockERC20(18, 10_000); // 100% transfer fee
        vm.prank(gov);
        da.registerToken(9, address(burnAll), 18);
        burnAll.mint(alice, 10);
        vm.prank(alice);
        burnAll.approve(address(da), 10);
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.depositERC20(IERC20(address(burnAll)), 10, bob);
    }

    function test_RevertWhen_DepositERC20Unregistered() external {
        MockERC20 t = new MockERC20(18, 0);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotRegistered.selector, address(t)));
        da.depositERC20(IERC20(address(t)), 1, bob);
    }

    function test_RevertWhen_DepositERC20ZeroToken() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotRegistered.selector, address(0)));
        da.depositERC20(IERC20(address(0)), 1, bob);
    }

    function test_RevertWhen_DepositERC20ZeroRecipient() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroRecipient.selector);
        da.depositERC20(IERC20(address(usdc)), 1, address(0));
    }

    function test_RevertWhen_DepositERC20ZeroAmount() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.depositERC20(IERC20(address(usdc)), 0, bob);
    }

    function test_RevertWhen_DepositERC20ExceedsCap() external {
        uint256 cap = da.MAX_HOLDINGS_L2() / 1e12; // USDC: 6 decimals
        usdc.mint(address(da), cap);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.PolylinkRollup_HoldingsCapExceeded.selector, USDC, (cap + 1) * 1e12)
        );
        da.depositERC20(IERC20(address(usdc)), 1, bob);
    }

    function test_RevertGiven_ExitModeDepositERC20() external {
        _enterExitMode();
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.depositERC20(IERC20(address(usdc)), 1, bob);
    }

    /// @dev Given enough runs: every decimals value 0..18 and amounts across the uint104 range;
    /// the queued L2 amount is amount·10^(18−d), and the cap rejects exactly what would overflow.
    function testFuzz_DepositERC20_Normalization(uint8 decimals, uint104 amount) external {
        decimals = uint8(bound(decimals, 0, 18));
        amount = uint104(bound(amount, 1, type(uint104).max));
        MockERC20 t = new MockERC20(decimals, 0);
        vm.prank(gov);
        da.registerToken(500, address(t), decimals);
        t.mint(alice, amount);
        vm.prank(alice);
        t.approve(address(da), amount);
        uint256 l2 = uint256(amount) * 10 ** (18 - decimals);
        bool overCap = l2 > da.MAX_HOLDINGS_L2();
        vm.prank(alice);
        if (overCap) {
            vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_HoldingsCapExceeded.selector, 500, l2));
            da.depositERC20(IERC20(address(t)), amount, bob);
            return;
        }
        da.depositERC20(IERC20(address(t)), amount, bob);
        (bytes24 h,) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(1, 0, bob, 500, uint128(l2))), "normalized amount");
    }

    // ---------------------------------------------------------------- requestFullExit
    function test_RequestFullExit() external {
        vm.expectEmit();
        emit IRollup.FullExitRequest(0, 7, alice, USDC, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        da.requestFullExit(7, USDC);
        (bytes24 h,) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(5, 7, alice, USDC, 0)));
    }

    function test_RevertWhen_FullExitReservedAccount() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidAccountId.selector, 4));
        da.requestFullExit(4, USDC);
    }

    function test_RevertWhen_FullExitAccountTooLarge() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidAccountId.selector, 2 ** 24));
        da.requestFullExit(2 ** 24, USDC);
    }

    function test_RevertWhen_FullExitUnknownToken() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnknownTokenId.selector, 77));
        da.requestFullExit(7, 77);
    }

    function test_RevertGiven_ExitModeFullExit() external {
        _enterExitMode();
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.requestFullExit(7, USDC);
    }

    // ---------------------------------------------------------------- setAuthPubkeyHash
    function test_SetAuthPubkeyHash() external {
        vm.expectEmit();
        emit IRollup.AuthPubkeyHashSet(alice, 3, bytes20(uint160(0xbeef)));
        vm.prank(alice);
        da.setAuthPubkeyHash(bytes20(uint160(0xbeef)), 3);
        assertEq(bytes32(da.authPubkeyHash(alice, 3)), bytes32(bytes20(uint160(0xbeef))));
    }

    function _enterExitMode() internal {
        vm.prank(alice);
        da.depositETH{value: 1}(alice);
        vm.roll(block.number + EXPIRY);
        da.activateExitMode();
    }
}
