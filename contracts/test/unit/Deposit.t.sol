// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Rollup} from "../../src/Rollup.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockNoDecimals} from "../mocks/MockNoDecimals.sol";
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

    function test_RevertWhen_LiveChainsOmitOwnChain() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.liveChains = 0x02; // only chain 2
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "liveChains"));
        new Rollup(cfg);
    }

    function test_RevertWhen_LiveChainsAboveMax() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.liveChains = 0x13; // chains 1, 2 and a fifth
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "liveChains"));
        new Rollup(cfg);
    }

    function test_RevertWhen_DeploymentIdZero() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.deploymentId = 0;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "deploymentId"));
        new Rollup(cfg);
    }

    function test_RevertWhen_ExpiryAboveMax() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityExpiryBlocks = 3_000_000 + 1;
        cfg.exodusGraceBlocks = 6_000_000;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "priorityExpiryBlocks"));
        new Rollup(cfg);
    }

    function test_RevertWhen_GraceAboveMax() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.exodusGraceBlocks = 6_000_000 + 1;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "exodusGraceBlocks"));
        new Rollup(cfg);
    }

    function test_Constructor_LongestBounds() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityExpiryBlocks = 3_000_000;
        cfg.exodusGraceBlocks = 6_000_000;
        cfg.priorityRequestFee = 1e12;
        Rollup r = new Rollup(cfg);
        assertEq(r.priorityExpiryBlocks(), 3_000_000);
        assertEq(r.exodusGraceBlocks(), 6_000_000);
        assertEq(r.priorityRequestFee(), 1e12);
    }

    function test_RevertWhen_ZeroGrace() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.exodusGraceBlocks = 0;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "exodusGraceBlocks"));
        new Rollup(cfg);
    }

    function test_RevertWhen_GraceBelowExpiry() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.exodusGraceBlocks = EXPIRY - 1;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "exodusGraceBlocks"));
        new Rollup(cfg);
    }

    function test_Constructor_GraceEqualToExpiry() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.exodusGraceBlocks = EXPIRY;
        assertEq(new Rollup(cfg).exodusGraceBlocks(), EXPIRY);
    }

    function test_Constructor() external view {
        assertEq(da.liveChains(), LIVE_1_2);
        assertEq(c2.liveChains(), LIVE_1_2);
        assertEq(da.deploymentId(), DEPLOYMENT_ID);
        assertEq(da.priorityRequestFee(), PRIORITY_FEE);
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
        da.registerToken(9, address(0x99), 18, 1);
    }

    function test_RevertWhen_RegisterTokenIdTaken() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenIdTaken.selector, USDC));
        da.registerToken(USDC, address(0x99), 18, 1);
    }

    function test_RevertWhen_RegisterTokenIdTooLarge() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenIdTaken.selector, 1024));
        da.registerToken(1024, address(0x99), 18, 1);
    }

    function test_RevertWhen_RegisterTokenAddressTaken() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenAddressTaken.selector, address(usdc)));
        da.registerToken(9, address(usdc), 6, 1);
    }

    function test_RevertWhen_RegisterTokenTooManyDecimals() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TooManyDecimals.selector, 19));
        da.registerToken(9, address(0x99), 19, 1);
    }

    function test_RevertWhen_RegisterEthNot18Decimals() external {
        Rollup r = new Rollup(_config(1, true));
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TooManyDecimals.selector, 6));
        r.registerToken(1, address(0), 6, 1);
    }

    function test_RegisterToken() external {
        MockERC20 t = new MockERC20(8, 0);
        vm.expectEmit();
        emit IRollup.TokenRegistered(9, address(t), 8, 1e4);
        vm.prank(gov);
        da.registerToken(9, address(t), 8, 1e4);
        assertEq(da.tokenIdOf(address(t)), 9);
        (address a, uint8 d, bool reg, uint128 minDeposit) = da.tokens(9);
        assertEq(a, address(t));
        assertEq(d, 8);
        assertTrue(reg);
        assertEq(minDeposit, 1e4);
    }

    function test_RevertWhen_RegisterTokenDecimalsTooLow() external {
        // a 6-decimal token registered as 18: every deposit would be credited 10^12 times over
        MockERC20 t6 = new MockERC20(6, 0);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_DecimalsMismatch.selector, address(t6), 18, 6));
        da.registerToken(9, address(t6), 18, 1);
    }

    function test_RevertWhen_RegisterTokenDecimalsTooHigh() external {
        MockERC20 t18 = new MockERC20(18, 0);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_DecimalsMismatch.selector, address(t18), 6, 18));
        da.registerToken(9, address(t18), 6, 1);
    }

    function test_RevertWhen_RegisterTokenHugeDecimals() external {
        MockNoDecimals t = new MockNoDecimals(1000);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_DecimalsMismatch.selector, address(t), 18, 255));
        da.registerToken(9, address(t), 18, 1);
    }

    function test_RevertWhen_RegisterTokenNotContract() external {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotContract.selector, address(0x99)));
        da.registerToken(9, address(0x99), 8, 1);
    }

    function test_RegisterToken_WithoutDecimals() external {
        // no decimals() (optional in ERC-20): registered with the decimals given
        MockNoDecimals t = new MockNoDecimals(type(uint256).max);
        vm.prank(gov);
        da.registerToken(9, address(t), 8, 1);
        (, uint8 d, bool reg,) = da.tokens(9);
        assertEq(d, 8);
        assertTrue(reg);
    }

    // ---------------------------------------------------------------- depositETH
    function test_DepositETH() external {
        vm.expectEmit();
        emit IRollup.Deposit(0, bob, ETH, 1 ether, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        da.depositETH{value: 1 ether + PRIORITY_FEE}(bob);
        assertEq(da.nextPriorityId(), 1);
        (bytes24 h, uint64 exp) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(1, 0, bob, ETH, 1 ether)));
        assertEq(exp, block.number + EXPIRY);
        assertEq(address(da).balance, 1 ether + PRIORITY_FEE);
        assertEq(da.priorityFeesCollected(), PRIORITY_FEE, "the fee is booked apart from the deposit");
    }

    function test_RevertWhen_DepositETHZeroRecipient() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroRecipient.selector);
        da.depositETH{value: 1 + PRIORITY_FEE}(address(0));
    }

    function test_RevertWhen_DepositETHZeroAmount() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.depositETH{value: PRIORITY_FEE}(bob);
    }

    function test_RevertGiven_EthNotRegistered() external {
        Rollup r = new Rollup(_config(1, true));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotRegistered.selector, address(0)));
        r.depositETH{value: 1 + PRIORITY_FEE}(bob);
    }

    function test_RevertGiven_ExitModeDepositETH() external {
        _enterExitMode();
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.depositETH{value: 1 + PRIORITY_FEE}(bob);
    }

    // ---------------------------------------------------------------- depositERC20
    function test_DepositERC20_Normalizes() external {
        vm.expectEmit();
        emit IRollup.Deposit(0, bob, USDC, 5e18, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 5e6, bob);
        assertEq(usdc.balanceOf(address(da)), 5e6);
    }

    function test_DepositERC20_FeeOnTransferCreditsWhatArrived() external {
        vm.prank(alice);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(fot)), 1000, bob);
        (bytes24 h,) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(1, 0, bob, FOT, 990)), "credits 990 of 1000");
    }

    function test_RevertWhen_DepositERC20FeeEatsEverything() external {
        MockERC20 burnAll = new MockERC20(18, 10_000); // 100% transfer fee
        vm.prank(gov);
        da.registerToken(9, address(burnAll), 18, 1);
        burnAll.mint(alice, 10);
        vm.prank(alice);
        burnAll.approve(address(da), 10);
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(burnAll)), 10, bob);
    }

    function test_RevertWhen_DepositERC20Unregistered() external {
        MockERC20 t = new MockERC20(18, 0);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotRegistered.selector, address(t)));
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(t)), 1, bob);
    }

    function test_RevertWhen_DepositERC20ZeroToken() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TokenNotRegistered.selector, address(0)));
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(0)), 1, bob);
    }

    function test_RevertWhen_DepositERC20ZeroRecipient() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroRecipient.selector);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 1, address(0));
    }

    function test_RevertWhen_DepositERC20ZeroAmount() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 0, bob);
    }

    function test_RevertWhen_DepositERC20ExceedsCap() external {
        uint256 cap = da.MAX_HOLDINGS_L2() / 1e12; // USDC: 6 decimals
        usdc.mint(address(da), cap);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.PolylinkRollup_HoldingsCapExceeded.selector, USDC, (cap + 1) * 1e12)
        );
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 1, bob);
    }

    function test_RevertGiven_ExitModeDepositERC20() external {
        _enterExitMode();
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 1, bob);
    }

    /// @dev Given enough runs: every decimals value 0..18 and amounts across the uint104 range;
    /// the queued L2 amount is amount·10^(18−d), and the cap rejects exactly what would overflow.
    function testFuzz_DepositERC20_Normalization(uint8 decimals, uint104 amount) external {
        decimals = uint8(bound(decimals, 0, 18));
        amount = uint104(bound(amount, 1, type(uint104).max));
        MockERC20 t = new MockERC20(decimals, 0);
        vm.prank(gov);
        da.registerToken(500, address(t), decimals, 1);
        t.mint(alice, amount);
        vm.prank(alice);
        t.approve(address(da), amount);
        uint256 l2 = uint256(amount) * 10 ** (18 - decimals);
        bool overCap = l2 > da.MAX_HOLDINGS_L2();
        vm.prank(alice);
        if (overCap) {
            vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_HoldingsCapExceeded.selector, 500, l2));
            da.depositERC20{value: PRIORITY_FEE}(IERC20(address(t)), amount, bob);
            return;
        }
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(t)), amount, bob);
        (bytes24 h,) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(1, 0, bob, 500, uint128(l2))), "normalized amount");
    }

    // ---------------------------------------------------------------- requestFullExit
    function test_RequestFullExit() external {
        vm.expectEmit();
        emit IRollup.FullExitRequest(0, 7, alice, USDC, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        da.requestFullExit{value: PRIORITY_FEE}(7, USDC);
        (bytes24 h,) = da.priorityRequests(0);
        assertEq(bytes32(h), bytes32(da.priorityHash(5, 7, alice, USDC, 0)));
    }

    function test_RevertWhen_FullExitReservedAccount() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidAccountId.selector, 4));
        da.requestFullExit{value: PRIORITY_FEE}(4, USDC);
    }

    function test_RevertWhen_FullExitAccountTooLarge() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidAccountId.selector, 2 ** 24));
        da.requestFullExit{value: PRIORITY_FEE}(2 ** 24, USDC);
    }

    function test_RevertWhen_FullExitUnknownToken() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnknownTokenId.selector, 77));
        da.requestFullExit{value: PRIORITY_FEE}(7, 77);
    }

    function test_RevertGiven_ExitModeFullExit() external {
        _enterExitMode();
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.requestFullExit{value: PRIORITY_FEE}(7, USDC);
    }

    // ---------------------------------------------------------------- setAuthPubkeyHash
    function test_SetAuthPubkeyHash() external {
        vm.expectEmit();
        emit IRollup.AuthPubkeyHashSet(alice, 3, bytes20(uint160(0xbeef)));
        vm.prank(alice);
        da.setAuthPubkeyHash(bytes20(uint160(0xbeef)), 3);
        assertEq(bytes32(da.authPubkeyHash(alice, 3)), bytes32(bytes20(uint160(0xbeef))));
    }

    function test_RevertWhen_SetAuthPubkeyHashZero() external {
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroPubkeyHash.selector);
        da.setAuthPubkeyHash(bytes20(0), 3);
        assertEq(bytes32(da.authPubkeyHash(alice, 3)), bytes32(0));
    }

    /// @dev The attack of the review: approve h1 (the appchain sequences a ChangePubKey on it),
    /// then overwrite with h2 before the batch is committed. The overwrite reverts, so the
    /// approval the appchain used is the one commitBatches checks.
    function testFuzz_RevertWhen_SetAuthPubkeyHashTwice(bytes20 first, bytes20 second, uint32 nonce) external {
        vm.assume(first != bytes20(0) && second != bytes20(0));
        vm.prank(alice);
        da.setAuthPubkeyHash(first, nonce);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.PolylinkRollup_AuthPubkeyHashAlreadySet.selector, alice, nonce, first)
        );
        da.setAuthPubkeyHash(second, nonce);
        assertEq(bytes32(da.authPubkeyHash(alice, nonce)), bytes32(first));
        // Other owners and other nonces are untouched by it.
        vm.prank(bob);
        da.setAuthPubkeyHash(second, nonce);
        assertEq(bytes32(da.authPubkeyHash(bob, nonce)), bytes32(second));
    }

    // ---------------------------------------------------------------- minimum deposit
    function test_RevertWhen_DepositERC20BelowMinimum() external {
        MockERC20 t = new MockERC20(6, 0);
        vm.prank(gov);
        da.registerToken(9, address(t), 6, 1e6);
        t.mint(alice, 1e7);
        vm.startPrank(alice);
        t.approve(address(da), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_DepositTooSmall.selector, 9, 1e6, 1e6 - 1));
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(t)), 1e6 - 1, bob);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(t)), 1e6, bob); // exactly the minimum
        vm.stopPrank();
        assertEq(da.nextPriorityId(), 1);
    }

    function test_RevertWhen_DepositERC20ArrivesBelowMinimum() external {
        // the minimum applies to what arrived: 1000 FOT less the 1% transfer fee is 990
        MockERC20 t = new MockERC20(18, 100);
        vm.prank(gov);
        da.registerToken(9, address(t), 18, 1000);
        t.mint(alice, 1e6);
        vm.startPrank(alice);
        t.approve(address(da), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_DepositTooSmall.selector, 9, 1000, 990));
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(t)), 1000, bob);
        vm.stopPrank();
    }

    function test_RevertWhen_DepositETHBelowMinimum() external {
        Rollup r = new Rollup(_config(1, true));
        vm.prank(gov);
        r.registerToken(ETH, address(0), 18, 1e15);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_DepositTooSmall.selector, ETH, 1e15, 1e15 - 1));
        r.depositETH{value: 1e15 - 1 + PRIORITY_FEE}(bob);
    }

    // ---------------------------------------------------------------- priority-request fee
    uint256 internal constant FEE = 0.001 ether;

    /// @dev A chain-1 DA rollup charging `FEE` per priority request.
    function _feeRollup() internal returns (Rollup r) {
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityRequestFee = FEE;
        r = _deployWith(cfg);
        vm.prank(alice);
        usdc.approve(address(r), type(uint256).max);
    }

    function test_DepositETH_PaysFee() external {
        Rollup r = _feeRollup();
        vm.expectEmit();
        emit IRollup.PriorityFeeCollected(0, FEE);
        vm.expectEmit();
        emit IRollup.Deposit(0, bob, ETH, 1 ether, uint64(block.number) + EXPIRY);
        vm.prank(alice);
        r.depositETH{value: 1 ether + FEE}(bob);
        (bytes24 h,) = r.priorityRequests(0);
        assertEq(bytes32(h), bytes32(r.priorityHash(1, 0, bob, ETH, 1 ether)), "deposits msg.value - fee");
        assertEq(r.priorityFeesCollected(), FEE);
        assertEq(address(r).balance, 1 ether + FEE);
    }

    function test_RevertWhen_DepositETHBelowFee() external {
        Rollup r = _feeRollup();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, FEE, FEE - 1));
        r.depositETH{value: FEE - 1}(bob);
    }

    function test_RevertWhen_DepositETHOnlyFee() external {
        Rollup r = _feeRollup();
        vm.prank(alice);
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        r.depositETH{value: FEE}(bob);
    }

    function test_DepositERC20_PaysFee() external {
        Rollup r = _feeRollup();
        vm.prank(alice);
        r.depositERC20{value: FEE}(IERC20(address(usdc)), 5e6, bob);
        assertEq(r.priorityFeesCollected(), FEE);
        assertEq(usdc.balanceOf(address(r)), 5e6);
    }

    function test_RevertWhen_DepositERC20WrongFee() external {
        Rollup r = _feeRollup();
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, FEE, 0));
        r.depositERC20(IERC20(address(usdc)), 5e6, bob);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, FEE, FEE + 1));
        r.depositERC20{value: FEE + 1}(IERC20(address(usdc)), 5e6, bob);
        vm.stopPrank();
    }

    function test_RevertWhen_DepositERC20WithoutFee() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, PRIORITY_FEE, 0));
        da.depositERC20(IERC20(address(usdc)), 5e6, bob);
    }

    function test_RevertWhen_ConstructorPriorityFeeZero() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityRequestFee = 0;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "priorityRequestFee"));
        new Rollup(cfg);
    }

    function testFuzz_RevertWhen_ConstructorPriorityFeeBelowFloor(uint256 fee) external {
        fee = bound(fee, 0, 1e12 - 1);
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityRequestFee = fee;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidConfig.selector, "priorityRequestFee"));
        new Rollup(cfg);
    }

    function test_RevertWhen_RegisterTokenMinDepositZero() external {
        MockERC20 t = new MockERC20(8, 0);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ZeroMinDeposit.selector, 9));
        da.registerToken(9, address(t), 8, 0);
    }

    function test_RequestFullExit_PaysFee() external {
        Rollup r = _feeRollup();
        vm.expectEmit();
        emit IRollup.PriorityFeeCollected(0, FEE);
        vm.prank(alice);
        r.requestFullExit{value: FEE}(7, USDC);
        assertEq(r.priorityFeesCollected(), FEE);
    }

    function test_RevertWhen_FullExitWrongFee() external {
        Rollup r = _feeRollup();
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, FEE, FEE - 1));
        r.requestFullExit{value: FEE - 1}(7, USDC);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, FEE, FEE + 1));
        r.requestFullExit{value: FEE + 1}(7, USDC);
        vm.stopPrank();
    }

    function test_DepositETH_FeesAreNotHoldings() external {
        Rollup r = _feeRollup();
        uint256 cap = r.MAX_HOLDINGS_L2(); // ETH: 18 decimals, L2 units = wei
        vm.prank(alice);
        r.requestFullExit{value: FEE}(7, ETH); // fees collected: FEE
        vm.deal(address(r), cap - 1 + FEE); // ETH holdings: cap - 1
        vm.deal(alice, 1 ether);
        vm.startPrank(alice);
        r.depositETH{value: 1 + FEE}(bob); // holdings reach the cap exactly: accepted
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_HoldingsCapExceeded.selector, ETH, cap + 1));
        r.depositETH{value: 1 + FEE}(bob);
        vm.stopPrank();
        assertEq(r.priorityFeesCollected(), 2 * FEE);
    }

    /// @dev Given enough runs: values below the fee, exactly the fee, and above it; the queue
    /// records `value − fee` and the fee is booked apart.
    function testFuzz_DepositETH_Fee(uint256 value) external {
        Rollup r = _feeRollup();
        value = bound(value, 0, 10 ether);
        vm.deal(alice, value);
        vm.prank(alice);
        if (value < FEE) {
            vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_WrongPriorityFee.selector, FEE, value));
            r.depositETH{value: value}(bob);
            return;
        }
        if (value == FEE) {
            vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
            r.depositETH{value: value}(bob);
            return;
        }
        r.depositETH{value: value}(bob);
        (bytes24 h,) = r.priorityRequests(0);
        assertEq(bytes32(h), bytes32(r.priorityHash(1, 0, bob, ETH, uint128(value - FEE))), "deposited value - fee");
        assertEq(r.priorityFeesCollected(), FEE, "fee booked");
    }

    // ---------------------------------------------------------------- withdrawPriorityFees
    function test_WithdrawPriorityFees() external {
        Rollup r = _feeRollup();
        vm.startPrank(alice);
        r.depositETH{value: 1 ether + FEE}(bob);
        r.requestFullExit{value: FEE}(7, USDC);
        vm.stopPrank();
        address payable treasury = payable(address(0x7EA5));
        vm.expectEmit();
        emit IRollup.PriorityFeesWithdrawn(treasury, 2 * FEE);
        vm.prank(gov);
        r.withdrawPriorityFees(treasury);
        assertEq(treasury.balance, 2 * FEE);
        assertEq(r.priorityFeesCollected(), 0);
        assertEq(address(r).balance, 1 ether, "the deposit stays");
    }

    function test_RevertWhen_WithdrawPriorityFeesNotOwner() external {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        da.withdrawPriorityFees(payable(alice));
    }

    function test_RevertWhen_WithdrawPriorityFeesRecipientRejects() external {
        Rollup r = _feeRollup();
        vm.prank(alice);
        r.requestFullExit{value: FEE}(7, USDC);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_EthTransferFailed.selector, address(this)));
        r.withdrawPriorityFees(payable(address(this))); // no receive()
    }

    function _enterExitMode() internal {
        vm.prank(alice);
        da.depositETH{value: 1 + PRIORITY_FEE}(alice);
        vm.roll(block.number + EXPIRY);
        da.activateExitMode();
    }
}
