// The effect channel's host side, one per run: what a step hands the host ("?" and JSON
// {kind, requests}) is parsed, checked against the run's policy and limits, performed by the
// kind's performer within the run's deadline, and recorded for the journal entry (in the order
// the guest received the answers) and the run's report (in the order asked). A replay serves an
// entry's recorded batches through each kind's replay, never performing again.
import {
  EFFECT_KINDS,
  type EffectKind,
  type EffectSummary,
} from '../../../contract/effect-kinds.ts';
import { blobHash } from '../../store/blob-store.ts';
import {
  batchesOf,
  EFFECT_KIND_ORDER,
  type EffectBatch,
  type EffectRecords,
} from '../../store/effect-record.ts';
import type { EffectAnswers } from '../guest-calls.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import { EFFECT_HOSTS } from './effect-hosts.ts';
import type { EffectContext, EffectRun, Performed, Performer, ReplayFrom } from './performer.ts';

/** A step's answer that asks the host for effects, checked: its kind and its requests. */
function parseAsked(json: string): { kind: EffectKind; requests: unknown } {
  let parsed: { kind?: unknown; requests?: unknown } | undefined;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const kind = parsed?.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(EFFECT_KINDS, kind)) {
    throw new RunError('thrown', 'the run asked the host for an unknown effect');
  }
  return { kind: kind as EffectKind, requests: parsed?.requests };
}

/** The effects of one live run. */
export class RunEffects {
  /** What the guest received, one batch per step that asked: the journal entry's `effects`. */
  readonly batches: EffectBatch[] = [];
  /** Every effect asked for, in order, for the report, whether the run commits or not. */
  readonly summaries: EffectSummary[] = [];
  /** The bytes the batches name by hash (fetch bodies), stored when the run ends well. */
  readonly blobs = new Map<string, Buffer>();
  private readonly context: EffectContext;
  private readonly performers = new Map<EffectKind, Performer<EffectKind>>();
  /** Per kind: effects asked for, and bytes received, in the run so far. */
  private readonly counted = new Map<EffectKind, { asked: number; bytes: number }>();

  constructor(context: EffectContext) {
    this.context = context;
  }

  /**
   * Performs one step's effects (`json`, after "?") and returns their answers for the guest.
   * The run's deadline covers the wait; a broken limit, the deadline or the cancel ends the run.
   */
  async perform(json: string, deadline: number): Promise<EffectAnswers> {
    const { kind, requests: sent } = parseAsked(json);
    const performer = this.performerOf(kind);
    const requests = performer.parse(sent);
    const { limits } = this.context.request;
    const counted = this.counted.get(kind) ?? { asked: 0, bytes: 0 };
    this.counted.set(kind, counted);
    counted.asked += requests.length;
    if (performer.count && counted.asked > performer.count.of(limits)) {
      throw performer.count.broken(limits);
    }
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())));
    // The first request that ends the run stops the step's others: nothing more is held for them.
    const stop = new AbortController();
    const run: EffectRun = {
      signal: AbortSignal.any([this.context.cancel, timeout, stop.signal]),
      received: (bytes, where) => {
        counted.bytes += bytes;
        if (performer.bytes && counted.bytes > performer.bytes.of(limits)) {
          throw performer.bytes.broken(limits, where);
        }
      },
      keep: (bytes) => {
        const hash = blobHash(bytes);
        this.blobs.set(hash, bytes);
        return hash;
      },
      deadline,
    };
    const timedOut = () => timeout.aborted && !this.context.cancel.aborted;
    const one = async (request: unknown) => {
      const started = performance.now();
      const summary = { kind, ...performer.summaryOf(request), ms: 0 } as EffectSummary;
      this.summaries.push(summary);
      try {
        const why = performer.refusal(request);
        const done: Performed<EffectKind> = why
          ? performer.refused(request, why, run)
          : await performer.perform(request, run);
        const ms = performance.now() - started;
        Object.assign(summary, done.summary, { ms });
        return { record: { ...done.record, ms }, answer: done.answer };
      } catch (error) {
        summary.ms = performance.now() - started;
        if (timedOut()) {
          summary.error = 'not finished: the run timed out';
          throw performer.timedOut(request);
        }
        summary.error = error instanceof RunError ? error.message : 'not finished: the run ended';
        stop.abort(error);
        throw error;
      }
    };
    const done: Awaited<ReturnType<typeof one>>[] = [];
    if (performer.together) {
      const settled = await Promise.allSettled(requests.map(one));
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
      for (const result of settled) if (result.status === 'fulfilled') done.push(result.value);
    } else {
      for (const request of requests) done.push(await one(request));
    }
    if (timedOut()) throw limitBroken.timeout(limits);
    this.batches.push({ kind, batch: done.map(({ record }) => record) } as EffectBatch);
    return { kind, answers: [done.map(({ answer }) => answer)] };
  }

  /** The kind's performer for this run, made when the run first asks for the kind. */
  private performerOf(kind: EffectKind): Performer<EffectKind> {
    let made = this.performers.get(kind);
    if (!made) {
      made = EFFECT_HOSTS[kind].live(this.context) as Performer<EffectKind>;
      this.performers.set(kind, made);
    }
    return made;
  }
}

/**
 * A committed entry's effects as the guest receives them in replay: each kind's batches (in the
 * fixed kind order, as the guest's steps serve them) through the kind's replay.
 */
export async function recordedAnswers(
  effects: readonly EffectBatch[] | undefined,
  from: ReplayFrom,
): Promise<EffectAnswers[]> {
  const groups: EffectAnswers[] = [];
  for (const kind of EFFECT_KIND_ORDER) {
    const batches = batchesOf(effects, kind);
    if (batches.length === 0) continue;
    const replay = EFFECT_HOSTS[kind].replay as (
      batches: EffectRecords[EffectKind][][],
      from: ReplayFrom,
    ) => Promise<unknown[][]>;
    groups.push({ kind, answers: await replay(batches, from) });
  }
  return groups;
}
