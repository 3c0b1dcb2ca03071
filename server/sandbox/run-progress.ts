// A run's progress, as its code reports it with `progress()` (guest/progress.js): the guest
// writes the newest value into memory shared with the worker, and the worker reads it at most
// once per interval while the run is under way, and once more when it ends, so the last value
// goes out before the run's result and a guest that calls progress() a million times costs no
// more messages than one that calls it ten times.
import { PROGRESS_MESSAGE_CHARS, type RunProgress } from '../../contract/active-runs.ts';

/** The shortest time between two progress events of one run. */
export const PROGRESS_INTERVAL_MS = 100;

// The layout progress.js writes: Int32 [0] a sequence number (odd while it writes), Int32 [1]
// the message's length (-1: none), Float64 [1] done, Float64 [2] total (-1: none), then the
// message's UTF-16 code units.
const HEADER_BYTES = 32;

/** Memory for one live isolate's progress, handed to its guest once (connectProgress). */
export const progressBuffer = () =>
  new SharedArrayBuffer(HEADER_BYTES + 2 * PROGRESS_MESSAGE_CHARS);

/** How often a read may meet a write under way before it gives up for now. */
const READ_TRIES = 100;

/**
 * The value in `buffer` and its sequence number (0 before any), never half written; undefined
 * while a write is under way, or was cut off (an isolate disposed in the middle of progress()).
 */
export function readProgress(
  buffer: SharedArrayBuffer,
): { seq: number; progress?: RunProgress } | undefined {
  const ints = new Int32Array(buffer, 0, 2);
  const numbers = new Float64Array(buffer, 0, 3);
  const text = new Uint16Array(buffer, HEADER_BYTES, PROGRESS_MESSAGE_CHARS);
  for (let tries = 0; tries < READ_TRIES; tries++) {
    const seq = Atomics.load(ints, 0);
    if (seq % 2 === 1) continue;
    const [, done = 0, total = -1] = numbers;
    const length = ints[1] ?? -1;
    const message = length < 0 ? undefined : String.fromCharCode(...text.subarray(0, length));
    if (Atomics.load(ints, 0) !== seq) continue;
    if (seq === 0) return { seq };
    return {
      seq,
      progress: {
        done,
        ...(total >= 0 && { total }),
        ...(message !== undefined && { message }),
      },
    };
  }
  return undefined;
}

/**
 * Watches `buffer` for one run: `send` gets each new value, at most one per `intervalMs`;
 * `stop` sends the last one if it is new, and ends the watch. Values written before the watch
 * began (an earlier run's) are not sent.
 */
export function watchProgress(
  buffer: SharedArrayBuffer,
  send: (progress: RunProgress) => void,
  intervalMs = PROGRESS_INTERVAL_MS,
): { stop: () => void } {
  let seen = readProgress(buffer)?.seq;
  const check = () => {
    const read = readProgress(buffer);
    if (!read?.progress || read.seq === seen) return;
    seen = read.seq;
    send(read.progress);
  };
  const timer = setInterval(check, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      check();
    },
  };
}
