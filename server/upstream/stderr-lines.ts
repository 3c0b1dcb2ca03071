// An upstream's stderr as lines for the server's log: masked, each cut to a length, at most so
// many in a while (a chatty or hostile server cannot flood the log), the newest kept for the window.
import { maskedHead, type SecretMask } from './upstream-config.ts';

export const STDERR_LINE_CHARS = 1000;
export const STDERR_LINES_PER_WINDOW = 100;
export const STDERR_WINDOW_MS = 10_000;
export const STDERR_TAIL_LINES = 20;

export class StderrLines {
  private partial = '';
  private readonly kept: string[] = [];
  private windowStart = Number.NEGATIVE_INFINITY;
  private inWindow = 0;
  private dropped = 0;
  private readonly write: (line: string) => void;
  private readonly mask: SecretMask;
  /** How much of a line that has not ended is held: the cut, and a secret across it. */
  private readonly held: number;
  private readonly now: () => number;

  constructor(
    write: (line: string) => void,
    mask: SecretMask,
    now: () => number = performance.now.bind(performance),
  ) {
    this.write = write;
    this.mask = mask;
    this.held = STDERR_LINE_CHARS + (mask.forms[0]?.length ?? 0);
    this.now = now;
  }

  /** A chunk of output; a line longer than the cut is ended there and its rest dropped. */
  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = (lines.pop() ?? '').slice(0, this.held);
    for (const line of lines) this.line(line);
  }

  /** The output's last line, when it did not end with a newline. */
  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  /** The newest lines, masked and cut. */
  tail(): string[] {
    return [...this.kept];
  }

  private line(raw: string): void {
    // Masked as it is cut, so no secret shows in part.
    const line = maskedHead(this.mask, raw.replace(/\r$/, ''), STDERR_LINE_CHARS);
    this.kept.push(line);
    if (this.kept.length > STDERR_TAIL_LINES) this.kept.shift();
    const now = this.now();
    if (now - this.windowStart >= STDERR_WINDOW_MS) {
      if (this.dropped > 0) this.write(`(${this.dropped} more lines not logged)`);
      this.windowStart = now;
      this.inWindow = 0;
      this.dropped = 0;
    }
    if (this.inWindow < STDERR_LINES_PER_WINDOW) {
      this.inWindow++;
      this.write(line);
    } else {
      this.dropped++;
    }
  }
}
