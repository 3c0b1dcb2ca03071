// What the host side of an effect kind is: a performer (live, one per run) and a replay (from
// the record). The channel (run-effects.ts) does the rest for every kind alike: the policy check,
// the limits, the deadline, the record and the report.
import type { EffectKind, EffectOf } from '../../../contract/effect-kinds.ts';
import type { DataLayout } from '../../store/data-dir.ts';
import type { EffectRecords } from '../../store/effect-record.ts';
import type { OutboundFetch } from '../net/outbound-fetch.ts';
import type { HostAnswers, HostAsk, HostAskType, RunLimits, RunRequest } from '../protocol.ts';
import type { RunError } from '../run-errors.ts';

/** What a run's performers may use: the run's request (its policies and limits) and the host's. */
export interface EffectContext {
  request: Pick<RunRequest, 'session' | 'limits' | 'net' | 'packages' | 'upstream'> & {
    parent: string;
  };
  layout: Pick<DataLayout, 'blob' | 'journal'>;
  /** Where this worker builds package bundles (a throwaway folder each). */
  buildDir: string;
  /** Every request the host makes for the run goes through it (never to the server itself). */
  fetch: OutboundFetch;
  /** The run's cancel. */
  cancel: AbortSignal;
  /** Asks the server process, as this run, for what only it can do (call an MCP server). */
  ask: <T extends HostAskType>(
    request: Extract<HostAsk, { type: T }>,
    signal: AbortSignal,
  ) => Promise<HostAnswers[T]>;
}

/** What the channel gives a performer for one request. */
export interface EffectRun {
  /** Aborted by the run's cancel, its deadline, and another request of the step ending the run. */
  signal: AbortSignal;
  /** Counts `bytes` more received (from `where`) against the kind's limit: throws past it. */
  received: (bytes: number, where: string) => void;
  /** Keeps bytes the record names by hash: the worker stores them when the run ends well. */
  keep: (bytes: Buffer) => string;
  /** When the run's time is up (performance.now()): a wait elsewhere is held to it. */
  deadline: number;
}

/** What one request came to. */
export interface Performed<K extends EffectKind> {
  /** For the journal entry, without the time the channel adds. */
  record: Omit<EffectRecords[K], 'ms'>;
  /** As the kind's guest API file receives it. */
  answer: unknown;
  /** What the report adds to the request's summary (its outcome). */
  summary: Partial<EffectOf<K>>;
}

/** A limit of the kind's per run: the value, and the run error of going past it. */
interface KindLimit<Args extends unknown[]> {
  of: (limits: RunLimits) => number;
  broken: (limits: RunLimits, ...args: Args) => RunError;
}

/** One kind's effects, live, for one run (methods: a kind's own request type stands in). */
export interface Performer<K extends EffectKind, Request = unknown> {
  /** Side by side, or one after another (a later one may use what an earlier one found). */
  together: boolean;
  /** A step's requests as the guest sent them, checked: a malformed one is a RunError. */
  parse(requests: unknown): Request[];
  /** What the report shows of the request before it is performed (its time follows). */
  summaryOf(request: Request): Omit<EffectOf<K>, 'ms'>;
  /** Why the run's policy refuses the request; undefined when it may be performed. */
  refusal(request: Request): string | undefined;
  /** A refused request's answer, recorded like any other. */
  refused(request: Request, why: string, run: EffectRun): Performed<K>;
  /** Performs it; throws only what ends the run (a broken limit, the deadline, the cancel). */
  perform(request: Request, run: EffectRun): Promise<Performed<K>>;
  /** How many a run may make, and how many bytes they may receive together. */
  count?: KindLimit<[]>;
  bytes?: KindLimit<[where: string]>;
  /** The run error when the run's deadline passes while `request` is performed. */
  timedOut(request: Request): RunError;
}

/** Where a replay gets what an entry names: never a new request. */
export interface ReplayFrom {
  /** A blob by hash, checked: a missing or damaged one is an error. */
  readBlob: (hash: string) => Promise<Buffer>;
  /** A worker's run context, with which a kind may make again what the store lost (a bundle). */
  recover?: EffectContext;
}

/** The host side of one effect kind. */
export interface EffectHost<K extends EffectKind> {
  live: (context: EffectContext) => Performer<K>;
  /** A committed entry's batches of the kind as the guest receives them. */
  replay: (batches: EffectRecords[K][][], from: ReplayFrom) => Promise<unknown[][]>;
}
