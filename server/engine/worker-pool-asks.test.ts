import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type Limits, resolveLimits } from '../../contract/limits.ts';
import type {
  HostAnswers,
  HostAsk,
  HostAskType,
  HostReply,
  RunRequest,
} from '../sandbox/protocol.ts';
import { EMPTY_TREE } from '../store/file-tree.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { testUpstreams } from '../test-support/upstream-manager.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { HostServices } from './engine-types.ts';
import { WorkerCrashedError, WorkerPool } from './worker-pool.ts';

const ASKING_WORKER = new URL('../test-support/asking-worker.ts', import.meta.url);

/** A host that records each ask and answers after `answer`, or waits for its abort. */
function recordingHost(answer?: HostAnswers['tool-call']) {
  const asked: { request: HostAsk; session: string; signal: AbortSignal }[] = [];
  const host: HostServices = {
    ask<T extends HostAskType>(
      request: Extract<HostAsk, { type: T }>,
      { session, signal }: { session: string; signal: AbortSignal },
    ): Promise<HostAnswers[T]> {
      asked.push({ request, session, signal });
      if (answer) return Promise.resolve(answer as HostAnswers[T]);
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    },
  };
  return { asked, host };
}

const pools: WorkerPool[] = [];
after(() => Promise.all(pools.map((pool) => pool.close())));

async function poolWith(host: HostServices | undefined): Promise<WorkerPool> {
  const pool = new WorkerPool({
    size: 1,
    dataDir: await tempDir(),
    cache: { maxIsolates: 1, maxBytes: 1 },
    onEvent: () => undefined,
    workerPath: ASKING_WORKER,
    ...(host && { host }),
  });
  pools.push(pool);
  return pool;
}

/** A run request whose code tells the asking worker what to do. */
const runOf = (
  code: string,
  session = 's1',
  limits: Partial<Limits> = {},
): Omit<RunRequest, 'id'> => ({
  type: 'run',
  session,
  entry: { parent: 'root', code, script: code, time: 0, seed: 0, output: 0 },
  limits: resolveLimits(limits),
  net: { allowNet: [], netHeaders: [] },
  packages: { enabled: false, registry: 'https://registry.npmjs.org/', allow: [] },
  upstream: { servers: {} },
  files: { parentTree: EMPTY_TREE },
});

const reportOf = async (answer: Promise<{ report: unknown }>) => (await answer).report;

test("a worker's ask reaches the host with the run's session, and its answer comes back", async () => {
  const { asked, host } = recordingHost({ result: '{"content":[]}', bytes: 14 });
  const pool = await poolWith(host);
  const reply = await reportOf(pool.request(0, runOf('ask', 'notes')));
  assert.deepEqual(reply, {
    type: 'reply',
    ask: 1,
    ok: true,
    result: { result: '{"content":[]}', bytes: 14 },
  });
  assert.equal(asked.length, 1);
  assert.equal(asked[0]?.session, 'notes');
  assert.deepEqual(asked[0]?.request, {
    type: 'tool-call',
    server: 'github',
    tool: 'search',
    arguments: '{}',
    maxBytes: 1024,
    timeoutMs: 20_000,
  });
});

test('an ask that names no run under way is refused and never reaches the host', async () => {
  const { asked, host } = recordingHost({ result: '{}', bytes: 2 });
  const pool = await poolWith(host);
  const reply = await reportOf(pool.request(0, runOf('ask-forged')));
  assert.deepEqual(reply, {
    type: 'reply',
    ask: 1,
    ok: false,
    error: { name: 'Error', message: 'ask 1 names no run under way in this worker' },
  });
  assert.equal(asked.length, 0);
});

test('a malformed ask is refused and never reaches the host, which stays up', async () => {
  // The server process's own host, which takes only well-formed asks.
  const { manager } = await testUpstreams({});
  let asked = 0;
  const pool = await poolWith({
    ask: (request, context) => {
      asked++;
      return manager.ask(request, context);
    },
  });
  const replies = (await reportOf(pool.request(0, runOf('ask-malformed')))) as HostReply[];
  assert.equal(replies.length, 6);
  for (const reply of replies) {
    assert.deepEqual(reply, {
      type: 'reply',
      ask: reply.ask,
      ok: false,
      error: { name: 'Error', message: 'the ask is malformed' },
    });
  }
  assert.equal(asked, 0);
  // The pool and its worker still answer.
  assert.equal(((await reportOf(pool.request(0, runOf('ask')))) as HostReply).ok, true);
});

test('a host that throws as it is asked refuses the ask rather than ending the server', async () => {
  const pool = await poolWith({
    ask: () => {
      throw new TypeError('the host broke');
    },
  });
  assert.deepEqual(await reportOf(pool.request(0, runOf('ask'))), {
    type: 'reply',
    ask: 1,
    ok: false,
    error: { name: 'TypeError', message: 'the host broke' },
  });
});

test("a run's asks past its mcpCalls are refused, and an ask's bounds are held to the run's limits", async () => {
  const { asked, host } = recordingHost({ result: '{}', bytes: 2 });
  const pool = await poolWith(host);
  const limits = { mcpCalls: 2, timeoutMs: 5000, mcpResultBytes: 1024 };
  const replies = (await reportOf(
    pool.request(0, runOf('ask-3-times', 's1', limits)),
  )) as HostReply[];
  assert.deepEqual(
    replies.map((reply) => (reply.ok ? 'ok' : reply.error.message)),
    ['ok', 'ok', 'the run asked more than mcpCalls=2'],
  );
  assert.equal(asked.length, 2);
  assert.deepEqual(
    asked.map(({ request }) => [request.maxBytes, request.timeoutMs]),
    [
      [1024, 5000],
      [1024, 5000],
    ],
  );
});

test('without a host every ask is refused', async () => {
  const pool = await poolWith(undefined);
  const reply = await reportOf(pool.request(0, runOf('ask')));
  assert.deepEqual(reply, {
    type: 'reply',
    ask: 1,
    ok: false,
    error: { name: 'Error', message: 'no MCP servers in this engine' },
  });
});

test("a worker's ask-cancel aborts the host's call", async () => {
  const { asked, host } = recordingHost();
  const pool = await poolWith(host);
  const reply = await reportOf(pool.request(0, runOf('ask-withdrawn')));
  assert.equal((reply as { ok: boolean }).ok, false);
  assert.equal(asked.length, 1);
  assert.equal(asked[0]?.signal.aborted, true);
});

test("a worker's exit aborts its asks, and the run fails as a crash", async () => {
  const { asked, host } = recordingHost();
  const pool = await poolWith(host);
  const answer = pool.request(0, runOf('ask-and-hold'));
  await waitUntil(() => asked.length === 1, 'the ask to reach the host');
  process.kill(pool.pids()[0] ?? -1, 'SIGKILL');
  await assert.rejects(answer, WorkerCrashedError);
  assert.equal(asked[0]?.signal.aborted, true);
});

test('a run that asked is not sent again when its worker is killed for another run', async () => {
  const { asked, host } = recordingHost();
  const pool = await poolWith(host);
  const asking = pool.request(0, runOf('ask-and-hold', 'asking'));
  await waitUntil(() => asked.length === 1, 'the ask to reach the host');
  const stuck = pool.request(0, runOf('hold', 'stuck'), { killAfterMs: 100 });
  await assert.rejects(stuck, { name: 'WorkerCrashed', message: /did not answer within 100 ms/ });
  await assert.rejects(asking, {
    name: 'WorkerCrashed',
    message: /after this run asked for an MCP tool call; the call may have been made/,
  });
  assert.equal(asked.length, 1);
  assert.equal(asked[0]?.signal.aborted, true);
});
