// The stdio client's line splitting in linear time. The SDK's ReadBuffer joins each chunk onto
// everything unread and looks for a newline from its start again, so one long line costs time in
// the square of its length: a 20 MB line held the server's event loop for seconds on end.
import { deserializeMessage, type JSONRPCMessage } from '@modelcontextprotocol/client';
import {
  StdioClientTransport,
  type StdioServerParameters,
} from '@modelcontextprotocol/client/stdio';

const NEWLINE = 0x0a;

/** ReadBuffer's interface (append, readMessage, clear), each byte looked at once. */
export class LineBuffer {
  /** The unfinished line's parts, and their length. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Lines finished and not yet read. */
  private lines: Buffer[] = [];
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Takes a chunk; throws as ReadBuffer does once a line runs over the bound. */
  append(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.add(chunk.subarray(start, end));
      this.lines.push(
        this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts),
      );
      this.parts = [];
      this.partBytes = 0;
      start = end + 1;
    }
    if (start < chunk.length) this.add(chunk.subarray(start));
  }

  /** The next message, or null for none yet; a line that is not JSON is skipped, as the SDK does. */
  readMessage(): JSONRPCMessage | null {
    for (let line = this.lines.shift(); line; line = this.lines.shift()) {
      try {
        return deserializeMessage(line.toString('utf8').replace(/\r$/, ''));
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
      }
    }
    return null;
  }

  clear(): void {
    this.parts = [];
    this.partBytes = 0;
    this.lines = [];
  }

  private add(part: Buffer): void {
    this.partBytes += part.length;
    if (this.partBytes > this.maxBytes) {
      this.clear();
      throw new Error(`ReadBuffer exceeded maximum size of ${this.maxBytes} bytes`);
    }
    this.parts.push(part);
  }
}

/** The SDK's stdio client with a LineBuffer for its ReadBuffer (a field the SDK keeps private). */
export class StdioLinesTransport extends StdioClientTransport {
  constructor(server: StdioServerParameters & { maxBufferSize: number }) {
    super(server);
    (this as unknown as { _readBuffer: LineBuffer })._readBuffer = new LineBuffer(
      server.maxBufferSize,
    );
  }
}
