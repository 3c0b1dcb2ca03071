import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { type MessageSummary, summarize } from './message-summary.ts';

/** A client's request with its response, once it came, summed up as the message log rows are. */
export interface ClientRequest {
  request: LoggedMessage;
  response?: LoggedMessage;
  summary: MessageSummary;
}

/** What a client seen did lately, newest first, from the message log the window holds. */
export interface ClientActivity {
  requests: ClientRequest[];
  /** Its run_js calls that were answered: the runs it asked for that ended. */
  finishedRuns: ClientRequest[];
}

/** How many of each the Connections view shows per client. */
export const ACTIVITY_SHOWN = { requests: 10, finishedRuns: 5 };

const RUN_CALL = 'tools/call run_js';

/**
 * The newest requests each of `entries` sent (by the connection id its messages carry), each
 * paired with the first response with its id after it, and its newest answered runs. One walk
 * back from the log's end, which stops once every entry has its fill: the log may hold 100,000
 * messages and this runs as they arrive.
 */
export function clientActivity(
  messages: readonly LoggedMessage[],
  entries: readonly string[],
  shown = ACTIVITY_SHOWN,
): Map<string, ClientActivity> {
  const activity = new Map(
    entries.map((id): [string, ClientActivity] => [id, { requests: [], finishedRuns: [] }]),
  );
  // Responses met so far (later in the log) by id, per entry, waiting for their request.
  const responses = new Map(entries.map((id) => [id, new Map<string | number, LoggedMessage>()]));
  let unfilled = entries.length;
  for (let at = messages.length - 1; at >= 0 && unfilled > 0; at--) {
    const message = messages[at] as LoggedMessage;
    const found = activity.get(message.connection);
    const waiting = responses.get(message.connection);
    if (!found || !waiting || message.id === undefined) continue;
    if (message.direction === 'out' && message.kind === 'response') {
      waiting.set(message.id, message);
      continue;
    }
    if (message.direction !== 'in' || message.kind !== 'request') continue;
    const full = isFull(found, shown);
    const response = waiting.get(message.id);
    // An earlier request with the same id is another exchange: it never takes this response.
    waiting.delete(message.id);
    const summary = summarize(message, response, true);
    const request = { request: message, ...(response && { response }), summary };
    if (found.requests.length < shown.requests) found.requests.push(request);
    if (response && summary.call === RUN_CALL && found.finishedRuns.length < shown.finishedRuns) {
      found.finishedRuns.push(request);
    }
    if (!full && isFull(found, shown)) unfilled--;
  }
  return activity;
}

const isFull = (activity: ClientActivity, shown: typeof ACTIVITY_SHOWN) =>
  activity.requests.length >= shown.requests && activity.finishedRuns.length >= shown.finishedRuns;

/** The runs under way that an entry's requests asked for. */
export const runsOf = (runs: readonly ActiveRun[], entry: string) =>
  runs.filter(({ origin }) => origin.kind === 'client' && origin.connection === entry);
