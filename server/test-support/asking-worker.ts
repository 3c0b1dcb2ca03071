// A stand-in for the sandbox worker (PoolOptions.workerPath) that asks the server what a run's
// code names instead of running it, so the pool's side of asks is tested without isolates:
//   'ask'           asks a tool call and answers the run with the reply it got;
//   'ask-forged'    asks as a run that does not exist;
//   'ask-malformed' asks with no request, and with requests the host takes no such shape of, and
//                   answers the run with the replies;
//   'ask-3-times'   asks three calls one after another and answers the run with the replies;
//   'ask-withdrawn' asks, withdraws the ask, and answers the run;
//   'ask-and-hold'  asks and never answers the run;
//   'hold'          never answers the run.
import type {
  HostReply,
  ToolCallAsk,
  WorkerAsk,
  WorkerRequest,
  WorkerResponse,
} from '../sandbox/protocol.ts';

const CALL: ToolCallAsk = {
  type: 'tool-call',
  server: 'github',
  tool: 'search',
  arguments: '{}',
  maxBytes: 1024,
  timeoutMs: 20_000,
};

const send = (message: WorkerResponse | WorkerAsk) => process.send?.(message);
const replies = new Map<number, (reply: HostReply) => void>();
let asks = 0;

function ask(run: number, request: unknown = CALL): { ask: number; reply: Promise<HostReply> } {
  const ask = ++asks;
  const reply = new Promise<HostReply>((resolve) => replies.set(ask, resolve));
  send({ type: 'ask', ask, run, request: request as ToolCallAsk });
  return { ask, reply };
}

const MALFORMED = [
  null,
  'tool-call',
  { type: 'tool-call' },
  { ...CALL, server: 7 },
  { ...CALL, maxBytes: -1 },
  { ...CALL, type: 'tool-delete' },
];

async function run(id: number, code: string): Promise<unknown> {
  if (code === 'ask') return (await ask(id).reply) as unknown;
  if (code === 'ask-forged') return (await ask(id + 1000).reply) as unknown;
  if (code === 'ask-malformed') {
    return Promise.all(MALFORMED.map((request) => ask(id, request).reply));
  }
  if (code === 'ask-3-times') {
    const got: HostReply[] = [];
    for (let i = 0; i < 3; i++) got.push(await ask(id).reply);
    return got;
  }
  if (code === 'ask-withdrawn') {
    const asked = ask(id);
    send({ type: 'ask-cancel', ask: asked.ask });
    return asked.reply;
  }
  if (code === 'ask-and-hold') ask(id);
  return new Promise(() => undefined);
}

process.on('message', (message: WorkerRequest | HostReply) => {
  if (message.type === 'reply') {
    replies.get(message.ask)?.(message);
    return;
  }
  if (message.type !== 'run') {
    send({ type: 'result', id: message.id, ok: true, result: null });
    return;
  }
  // The pool passes a run's answer through untouched: the reply stands in for its report.
  run(message.id, message.entry.code).then((reply) =>
    send({ type: 'result', id: message.id, ok: true, result: { report: reply } as never }),
  );
});
process.on('disconnect', () => process.exit(0));
