// The appchain through polkadot.js, with no custom type definitions: the node's metadata alone
// decodes every storage item of the Polylink pallets, events and calls.
//
// Real parts: anvil (prague) with the contracts deployed by forge, `polylink-node --dev
// --sealing instant --l1 1=<anvil>` and the `polylink` CLI, which signs L2 transactions. The
// test reads the deployment from the chain, deploys chain 1's contracts for it, deposits ETH on
// L1, waits for the node's oracle to vote it into an L2 credit, submits the depositor's key change
// and a transfer over polylink_submitTx, sees their `rollup.OpSequenced` events, calls every
// polylink_* method and checks that bad input is refused with an error and changes nothing.
//
//   node --test tests/node/api.test.mjs
//
// Environment: POLYLINK_NODE_BIN (default $CARGO_TARGET_DIR/debug/polylink-node),
// POLYLINK_CLI_BIN (default $CARGO_TARGET_DIR/debug/polylink); anvil and forge come from
// node_modules/.bin (./scripts/setup).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/polylink/target');
const NODE_BIN = process.env.POLYLINK_NODE_BIN ?? join(TARGET, 'debug/polylink-node');
const CLI_BIN = process.env.POLYLINK_CLI_BIN ?? join(TARGET, 'debug/polylink');
const BIN = join(ROOT, 'node_modules/.bin');

// anvil's first account deploys; its second deposits (and derives its L2 key from its L1 key).
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const USER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const USER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const RECIPIENT = '0x' + '33'.repeat(20);
const ETHER = 10n ** 18n;
const FEE_PER_CHUNK = 1_000_000_000n;

/** An L2 amount (18 decimals) of ETH as the node words it: `0.5 ETH`. */
function eth(amount) {
  const fraction = (amount % ETHER).toString().padStart(18, '0').replace(/0+$/, '');
  return `${amount / ETHER}${fraction ? '.' + fraction : ''} ETH`;
}

/** An `assert.rejects` check: the refusal's message contains `words`. */
function says(words) {
  return (error) => {
    assert.ok(error.message.includes(words), `expected "${words}" in "${error.message}"`);
    return true;
  };
}

/** A port nothing listens on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something other than undefined, or fails after `ms`. */
async function until(what, ms, check) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** One JSON-RPC call over HTTP (anvil). */
async function rpc(port, method, params = []) {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** `polylink <args>`: its stdout, trimmed. */
function cli(...args) {
  return execFileSync(CLI_BIN, args, { encoding: 'utf8' }).trim();
}

test('polkadot.js drives the appchain: metadata, storage, polylink_* RPC, an L1 deposit and L2 txs', async (t) => {
  const children = [];
  const scratch = mkdtempSync(join(tmpdir(), 'polylink-api-'));
  t.after(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  // anvil, then the node watching it (the contract is deployed once the chain says for what).
  const l1Port = await freePort();
  children.push(spawn(join(BIN, 'anvil'), ['--hardfork', 'prague', '--silent', '--port', String(l1Port)], { stdio: 'ignore' }));
  await until('anvil', 30_000, () => rpc(l1Port, 'eth_chainId').catch(() => undefined));

  const rpcPort = await freePort();
  const log = join(scratch, 'node.log');
  const logFd = openSync(log, 'a');
  const node = spawn(NODE_BIN, [
    '--dev', '--tmp', '--sealing', 'instant', '--no-telemetry', '--no-mdns', '--no-prometheus',
    '--rpc-port', String(rpcPort), '--port', String(await freePort()),
    '--l1', `1=http://127.0.0.1:${l1Port}`, '--l1-poll-ms', '200',
  ], { stdio: ['ignore', 'ignore', logFd] });
  children.push(node);
  let passed = false;
  t.after(() => { if (!passed) console.error(readFileSync(log, 'utf8').slice(-20_000)); });

  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => { warnings.push(args.join(' ')); warn(...args); };
  // The dev chain spec carries the committed dev keys: the node starts without parameters.
  await until('the node', 120_000, async () => {
    if (node.exitCode !== null) throw new Error(`the node exited (${node.exitCode}); see ${log}`);
    return rpc(rpcPort, 'system_health').catch(() => undefined);
  });
  const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`);
  const api = await ApiPromise.create({ provider, throwOnConnect: true });
  t.after(() => api.disconnect());
  const send = (method, params = []) => provider.send(method, params);

  // 1. The metadata alone decodes every storage item of the Polylink pallets: each stored value,
  //    decoded with the metadata's type and encoded again, is exactly the raw bytes in storage
  //    (a wrong type consumes a different number of bytes or reads them differently).
  const pallets = ['rollup', 'batching', 'proofRegistry', 'rootConsensus', 'validatorSet'];
  const hex = (codec) => '0x' + Buffer.from(codec.toU8a()).toString('hex');
  const encoded = (value) => (value.isSome === undefined || value.isNone === undefined
    ? hex(value)
    : (value.isSome ? hex(value.unwrap()) : null));
  let checked = 0;
  const checkStorage = async () => {
    for (const pallet of pallets) {
      assert.ok(api.query[pallet], `the metadata has ${pallet}`);
      for (const [name, item] of Object.entries(api.query[pallet])) {
        const entries = item.creator.meta.type.isPlain ? [[item.key(), await item()]] : await item.entries();
        for (const [key, value] of entries) {
          const raw = await send('state_getStorage', [typeof key === 'string' ? key : key.toHex()]);
          if (raw === null) continue; // an absent value decodes to its default
          assert.equal(encoded(value), raw, `${pallet}.${name} decodes to its stored bytes`);
          checked += 1;
        }
      }
    }
  };
  await checkStorage();
  assert.ok(checked >= 10, `genesis storage was checked (${checked} values)`);
  const deployment = (await api.query.rootConsensus.deployment()).toHex();
  const genesisRoot = (await api.query.proofRegistry.genesisRoot()).toHex();
  const oracles = (await api.query.validatorSet.oracles()).map((oracle) => oracle.toHex());
  assert.equal(oracles.length, 1, 'the dev set is Alice');
  const registry = (await api.query.rollup.registryOf()).toJSON();
  const chain1 = registry.chains['1'] ?? registry.chains[1];
  assert.ok(chain1, `chain 1 is registered: ${JSON.stringify(registry)}`);
  const contract = chain1.contract;

  // 2. Deploy chain 1 for this deployment; the registered address is where it lands.
  execFileSync(join(BIN, 'forge'), [
    'script', 'script/DeployChain.s.sol:DeployChain', '--broadcast', '--offline',
    '--rpc-url', `http://127.0.0.1:${l1Port}`, '--use', join(ROOT, 'scripts/solc'),
  ], {
    cwd: join(ROOT, 'contracts'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      POLYLINK_DEPLOYER_KEY: DEPLOYER_KEY,
      POLYLINK_DEPLOYMENT_ID: deployment,
      POLYLINK_GENESIS_ROOT: genesisRoot,
      POLYLINK_ORACLES: oracles.join(','),
    },
  });
  const code = await rpc(l1Port, 'eth_getCode', [contract, 'latest']);
  assert.ok(code.length > 2000, `the rollup is at the dev chain spec's ${contract}`);

  // 3. Deposit 1 ETH on L1 (depositETH(address)); the oracle's vote credits it on L2.
  const signature = '0x' + Buffer.from('depositETH(address)').toString('hex');
  const selector = (await rpc(l1Port, 'web3_sha3', [signature])).slice(0, 10);
  const depositData = selector + USER.slice(2).padStart(64, '0');
  // Every L1 request pays the rollup's priority fee on top (DeployChain's documented default).
  const feeSelector = (await rpc(l1Port, 'web3_sha3', ['0x' + Buffer.from('priorityRequestFee()').toString('hex')])).slice(0, 10);
  const priorityFee = BigInt(await rpc(l1Port, 'eth_call', [{ to: contract, data: feeSelector }, 'latest']));
  assert.ok(priorityFee > 0n, 'the rollup charges a priority fee');
  await rpc(l1Port, 'eth_sendTransaction', [{ from: USER, to: contract, value: '0x' + (ETHER + priorityFee).toString(16), data: depositData }]);
  const balanceOf = async (who) => {
    const balances = await send('polylink_balances', [who]);
    return BigInt(balances.find((b) => b.token === 1)?.amount ?? 0);
  };
  await until('the deposit on L2', 120_000, async () => ((await balanceOf(USER)) === ETHER ? true : undefined));
  const account = await send('polylink_account', [USER]);
  assert.equal(account.owner, USER);
  assert.equal(account.nonce, 0);
  assert.equal(await send('polylink_nonce', [String(account.id)]), 0, 'by decimal id too');
  const facts = (await api.query.rootConsensus.facts.entries()).map(([, fact]) => Object.keys(fact.unwrap().toJSON())[0]);
  assert.deepEqual(facts.sort(), ['priority', 'tokenRegistered'], 'two facts: the deposit and DeployChain\'s ETH registration');

  // 4. Bad input is refused with an error and changes nothing.
  await assert.rejects(send('polylink_submitTx', ['0x1234']), /L2Tx/, 'malformed');
  const { pubkeyHash } = JSON.parse(cli('address', '--l1-key', USER_KEY));
  const signCpk = (nonce, fee) => cli('sign', 'change-pubkey', '--l1-key', USER_KEY, '--account', String(account.id),
    '--evm-chain-id', String(chain1.evm_chain_id ?? chain1.evmChainId), '--contract', contract,
    '--fee', String(fee), '--nonce', String(nonce));
  await assert.rejects(send('polylink_submitTx', [signCpk(0, 1n)]),
    says(`fee too low: ${eth(1n)} offered, this operation needs at least ${eth(3n * FEE_PER_CHUNK)}`), 'fee too low');
  const cpk = signCpk(0, 3n * FEE_PER_CHUNK);
  const tampered = cpk.slice(0, -4) + (cpk.slice(-4, -2) === '00' ? '01' : '00') + cpk.slice(-2);
  await assert.rejects(send('polylink_submitTx', [tampered]), /invalid transaction: bad L2 signature/, 'bad signature');
  assert.equal((await send('polylink_account', [USER])).nonce, 0, 'nothing changed');

  // 5. The key change and a transfer to a new address; their events are sequenced.
  const sequenced = [];
  const unsubscribe = await api.query.system.events((records) => {
    for (const { event } of records) {
      if (api.events.rollup.OpSequenced.is(event)) sequenced.push(event.data.toJSON());
    }
  });
  await send('polylink_submitTx', [cpk]);
  await until('the key change', 60_000, async () => ((await send('polylink_account', [USER])).nonce === 1 ? true : undefined));
  assert.equal((await send('polylink_account', [USER])).pubkeyHash, pubkeyHash, 'the L2 key is the CLI wallet\'s');
  // The pool squat of the review: another wallet signs the user's next-but-one nonce with its
  // own key and a fee that would outrank the user's own transaction. Only the account's current
  // key may queue its later nonces: refused, and nothing changes.
  const squat = cli('sign', 'transfer', '--l1-key', '11'.repeat(32), '--from', String(account.id), '--to', RECIPIENT,
    '--amount', '1', '--fee', String(1000n * FEE_PER_CHUNK), '--nonce', '2');
  await assert.rejects(send('polylink_submitTx', [squat]), says('signed by another key than the account\'s L2 key'), 'a squat of a later nonce');
  assert.equal((await send('polylink_account', [USER])).nonce, 1, 'the squat changed nothing');
  const transfer = cli('sign', 'transfer', '--l1-key', USER_KEY, '--from', String(account.id), '--to', RECIPIENT,
    '--amount', String(ETHER / 10n), '--fee', String(2n * FEE_PER_CHUNK), '--nonce', '1');
  // Through the CLI: `polylink submit` prints the pool hash.
  const hash = cli('submit', '--node', `http://127.0.0.1:${rpcPort}`, transfer);
  assert.match(hash, /^0x[0-9a-f]{64}$/);
  await until('the transfer', 60_000, async () => ((await balanceOf(RECIPIENT)) === ETHER / 10n ? true : undefined));
  await until('two OpSequenced events', 30_000, () => (sequenced.length >= 2 ? true : undefined));
  unsubscribe();
  assert.equal(await balanceOf(USER), ETHER - ETHER / 10n - 5n * FEE_PER_CHUNK, 'fees and the transfer left');
  // Replay: the same transactions again are stale.
  await assert.rejects(send('polylink_submitTx', [cpk]), says('nonce 0 is used already'), 'replay');
  await assert.rejects(send('polylink_submitTx', [transfer]), says('nonce 1 is used already'), 'replay');

  // 5b. Every refusal a user can cause is answered in words, with its figures in the token's
  //     units (the runtime's check_tx), and changes nothing.
  const held = ETHER - ETHER / 10n - 5n * FEE_PER_CHUNK;
  const fresh = (await send('polylink_account', [RECIPIENT])).id;
  const sign = (kind, o = {}) => cli('sign', kind, '--l1-key', o.key ?? USER_KEY,
    ...(kind === 'transfer' ? ['--from', String(o.from ?? account.id), '--to', o.to ?? RECIPIENT]
      : ['--account', String(account.id), '--chain', String(o.chain ?? 1), '--to', USER]),
    '--amount', String(o.amount ?? ETHER / 100n), '--token', String(o.token ?? 1),
    '--fee', String(o.fee ?? 2n * FEE_PER_CHUNK), '--fee-token', String(o.feeToken ?? o.token ?? 1),
    '--nonce', String(o.nonce ?? 2));
  const refusals = [
    [sign('transfer', { amount: 5n * ETHER }),
      `insufficient balance: the account holds ${eth(held)}, the transaction needs ${eth(5n * ETHER + 2n * FEE_PER_CHUNK)} (amount and fee)`],
    [sign('transfer', { to: USER }), 'a transfer to the sender\'s own account'],
    [sign('transfer', { to: '0x' + '00'.repeat(20) }), 'the recipient is the zero address'],
    [sign('transfer', { token: 99 }), 'token 99 is not registered'],
    [sign('transfer', { feeToken: 99 }), 'a transfer pays its fee in the transferred token: ETH (token 1) is moved, the fee is in token 99'],
    [sign('transfer', { amount: 123456789012345678n }), 'the amount cannot be written in pubdata exactly'],
    [sign('transfer', { fee: 2n * FEE_PER_CHUNK + 1n }), 'the fee cannot be written in pubdata exactly'],
    [sign('transfer', { fee: 1n }), `fee too low: ${eth(1n)} offered, this operation needs at least ${eth(FEE_PER_CHUNK)}`],
    [sign('transfer', { from: 999 }), 'account 999 does not exist'],
    [sign('transfer', { from: fresh }), `account ${fresh} has no L2 key yet`],
    [sign('transfer', { nonce: 0 }), 'nonce 0 is used already (a replay or a resubmission): the account\'s next nonce is 2'],
    [sign('transfer', { nonce: 2 + 65 }), 'nonce 67 is too far ahead: the account\'s next nonce is 2'],
    [sign('transfer', { key: '11'.repeat(32) }), 'signed by another key than the account\'s L2 key'],
    [sign('withdraw', { chain: 2 }), 'chain 2 is not a chain of this deployment'],
  ];
  for (const [tx, words] of refusals) {
    await assert.rejects(send('polylink_submitTx', [tx]), says(words), words);
  }
  // The CLI prints the node's words and exits with status 1.
  const [tooMuch, tooMuchWords] = refusals[0];
  assert.throws(() => execFileSync(CLI_BIN, ['submit', '--node', `http://127.0.0.1:${rpcPort}`, tooMuch], { encoding: 'utf8', stdio: 'pipe' }),
    (error) => error.status === 1 && error.stderr.includes(`the node refused the transaction: ${tooMuchWords}`),
    'polylink submit prints the refusal');
  assert.equal((await send('polylink_account', [USER])).nonce, 2, 'the refusals changed nothing');
  assert.equal(await balanceOf(USER), held, 'the refusals changed nothing');

  // 6. Every polylink_* method answers. Batch 1 (deposit 3 + key change 3 + transfer to a new
  //    address 2 = 8 chunks) is full; governance's force_seal (Alice is the dev chain's sudo)
  //    makes the next block, in which it is sealed whichever of the two seals it.
  assert.equal(await send('polylink_batch', [2]), null, 'batch 2 is not sealed');
  assert.equal(await send('polylink_pubdata', [2]), null);
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  await api.tx.sudo.sudo(api.tx.batching.forceSeal()).signAndSend(alice);
  await until('batch 1 sealed', 30_000, async () => ((await api.query.batching.lastSealed()).toNumber() >= 1 ? true : undefined));
  const status = await send('polylink_batchStatus', [1]);
  assert.equal(status.batch, 1);
  assert.equal(status.sealed, true);
  assert.equal(status.proven, false, 'no prover runs here');
  assert.deepEqual(status.chains.map((c) => c.chain), [1]);
  const batch = await send('polylink_batch', [1]);
  assert.equal(batch.number, 1);
  assert.equal(batch.chunks, 8);
  assert.match(await send('polylink_pubdata', [1]), /^0x([0-9a-f]{36}){8}$/, 'eight 18-byte chunks');
  const witnesses = await send('polylink_changePubkeyWitnesses', [1, 1]);
  assert.equal(witnesses.length, 1, 'one ChangePubKey for chain 1 in batch 1');
  assert.match(witnesses[0], /^0x[0-9a-f]{130}$/, 'its 65-byte EIP-712 signature');
  assert.ok(cpk.includes(witnesses[0].slice(2)), 'the signature the CLI signed, as submitted');
  assert.equal(await send('polylink_changePubkeyWitnesses', [2, 1]), null, 'batch 2 is not sealed');
  await assert.rejects(send('polylink_changePubkeyWitnesses', [1, 9]), /chain index/, 'chain 9');
  await checkStorage(); // the sealed batch, its pubdata and signatures decode too
  assert.equal(await send('polylink_proof', [1]), null, 'no prover runs here');
  assert.deepEqual((await send('polylink_commitSignatures', [1])).signatures, []);
  assert.equal(await send('polylink_syncCertificate', [1]), null);
  assert.deepEqual(await send('polylink_balances', ['0x' + '44'.repeat(20)]), [], 'an unknown address has nothing');
  await assert.rejects(send('polylink_account', ['alice']), /address|id/, 'a bad account name');

  // 7. A token registered on L1 after genesis (USDC, 6 decimals, token 2): the oracles report
  //    the registration, the appchain's registry learns it, a deposit of it is credited (scaled
  //    to 18 decimals) and the deposit after it is not lost.
  assert.equal(registry.tokens['2'] ?? registry.tokens[2], undefined, 'token 2 is not in the genesis registry');
  const deployed = execFileSync(join(BIN, 'forge'), [
    'script', 'script/DeployToken.s.sol:DeployToken', '--broadcast', '--offline',
    '--rpc-url', `http://127.0.0.1:${l1Port}`, '--use', join(ROOT, 'scripts/solc'),
  ], {
    cwd: join(ROOT, 'contracts'),
    encoding: 'utf8',
    env: {
      ...process.env,
      POLYLINK_DEPLOYER_KEY: DEPLOYER_KEY,
      POLYLINK_ROLLUP: contract,
      POLYLINK_TOKEN_ID: '2',
      POLYLINK_TOKEN_SYMBOL: 'USDC',
      POLYLINK_TOKEN_DECIMALS: '6',
      POLYLINK_TOKEN_HOLDERS: USER,
    },
  });
  const usdc = deployed.match(/== Return ==\s*\n\s*token: address (0x[0-9a-fA-F]{40})/)?.[1];
  assert.ok(usdc, `DeployToken returned the token's address: ${deployed}`);
  const call = async (signature, ...words) => (await rpc(l1Port, 'web3_sha3', ['0x' + Buffer.from(signature).toString('hex')])).slice(0, 10)
    + words.map((w) => BigInt(w).toString(16).padStart(64, '0')).join('');
  const send1 = async (to, data, value = 0n) => {
    const hash = await rpc(l1Port, 'eth_sendTransaction', [{ from: USER, to, data, value: '0x' + value.toString(16) }]);
    const receipt = await until('the L1 receipt', 30_000, () => rpc(l1Port, 'eth_getTransactionReceipt', [hash]).then((r) => r ?? undefined));
    assert.equal(receipt.status, '0x1', `${data.slice(0, 10)} to ${to} succeeded on L1`);
  };
  const balanceIn = async (who, token) => BigInt((await send('polylink_balances', [who])).find((b) => b.token === token)?.amount ?? 0);
  const ethBefore = await balanceOf(USER);
  await send1(usdc, await call('approve(address,uint256)', contract, 20_000_000n));
  await send1(contract, await call('depositERC20(address,uint104,address)', usdc, 20_000_000n, USER), priorityFee);
  await send1(contract, depositData, ETHER + priorityFee);
  await until('the USDC deposit on L2', 120_000, async () => ((await balanceIn(USER, 2)) === 20n * ETHER ? true : undefined));
  await until('the ETH deposit after it', 60_000, async () => ((await balanceOf(USER)) === ethBefore + ETHER ? true : undefined));
  const learned = (await api.query.rollup.registryOf()).toJSON().tokens['2'];
  const onChain1 = learned.chains['1'] ?? learned.chains[1];
  assert.equal(onChain1.address.toLowerCase(), usdc.toLowerCase(), 'the registry holds USDC\'s chain-1 address');
  assert.equal(onChain1.decimals, 6);
  await checkStorage(); // the registry with the learned token decodes too
  // The balances in each token's units: USDC came from L1 without a symbol.
  const lines = cli('balance', '--node', `http://127.0.0.1:${rpcPort}`, USER).split('\n');
  assert.deepEqual(lines, [eth(await balanceOf(USER)), '20 (token 2)'], 'polylink balance');
  assert.deepEqual((await send('polylink_balances', [USER])).map((b) => b.display), lines);

  // 8. `polylink deposit` with the user's L1 key: the registry (polylink_registry) gives the
  //    contract and the token's decimals, the amount is in the token's units, and the CLI waits
  //    until the appchain credited it. ETH for a fresh address, then the ERC-20 (by id: it has
  //    no symbol on L2) after an approval. Refusals say what to fix and send nothing.
  const served = await send('polylink_registry', []);
  assert.deepEqual(served.chains, [{ chain: 1, evmChainId: 31337, contract: contract.toLowerCase() }]);
  assert.deepEqual(served.tokens.map((t) => [t.token, t.symbol, t.chains[0].decimals]), [[1, 'ETH', 18], [2, '', 6]]);
  // The least L2 fee per chunk wallets pay: ETH's from the genesis, none for a learned token.
  assert.deepEqual(served.tokens.map((t) => t.feePerChunk), [String(FEE_PER_CHUNK), null]);
  const l1Rpc = `http://127.0.0.1:${l1Port}`;
  const nodeUrl = `http://127.0.0.1:${rpcPort}`;
  const deposit = (...args) => cli('deposit', ...args, '--l1-key', USER_KEY, '--l1-rpc', l1Rpc, '--node', nodeUrl);
  const freshL1 = '0x' + '55'.repeat(20);
  const out = JSON.parse(deposit('0.5', '--to', freshL1, '--json'));
  assert.equal(out.credited, true, 'the CLI waited for the credit');
  assert.equal(out.display, '0.5 ETH');
  assert.equal(out.balance, '0.5 ETH');
  assert.equal(await balanceIn(freshL1, 1), ETHER / 2n);
  const usdcBefore = await balanceIn(USER, 2);
  assert.equal(deposit('12.5', '--token', '2'), `credited 12.5 (token 2) to ${USER} on L2; it now holds 32.5 (token 2)`);
  assert.equal(await balanceIn(USER, 2), usdcBefore + 12_500_000n * 10n ** 12n);
  const l1Nonce = await rpc(l1Port, 'eth_getTransactionCount', [USER, 'latest']);
  for (const [args, words] of [
    [['1', '--token', 'DAI'], /error: unknown token DAI \(tokens: ETH \(token 1\), token 2\)/],
    [['1', '--chain', '3'], /error: chain 3 is not a chain of this deployment \(chains: 1\)/],
    [['0.0000001', '--token', '2'], /error: the amount `0.0000001`: the token has 6 decimals/],
    [['1.5', '--token', '2'], /error: the smallest deposit of token 2 on chain 1 is 10 \(token 2\)/],
    [['1000000'], /error: depositETH is refused: .*insufficient funds/i],
  ]) {
    assert.throws(() => execFileSync(CLI_BIN, ['deposit', ...args, '--l1-key', USER_KEY, '--l1-rpc', l1Rpc, '--node', nodeUrl], { encoding: 'utf8', stdio: 'pipe' }),
      (e) => e.status === 1 && words.test(e.stderr), `deposit ${args.join(' ')}`);
  }
  assert.equal(await rpc(l1Port, 'eth_getTransactionCount', [USER, 'latest']), l1Nonce, 'a refused deposit sends nothing');

  console.warn = warn;
  const decodeProblems = warnings.filter((w) => /Unable to decode|Unknown type|Cannot construct/i.test(w));
  assert.deepEqual(decodeProblems, [], 'the metadata decodes without custom types');
  passed = true;
});
