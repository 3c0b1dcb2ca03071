import { appendFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientInfo, TransportKind } from '../connections/connection-registry.ts';

export type Direction = 'in' | 'out';

export interface LoggedMessage {
  seq: number;
  time: string;
  connection: string;
  transport: TransportKind;
  client?: ClientInfo;
  direction: Direction;
  kind: 'request' | 'response' | 'notification';
  method?: string;
  id?: string | number;
  /** Size of the message as JSON, in bytes. */
  size: number;
  /** For a response: time since its request went the other way. */
  latencyMs?: number;
  isError?: boolean;
  /** The message itself, or its first bytes when it is larger than the body limit. */
  body: unknown;
  truncated?: boolean;
}

export interface MessageLogOptions {
  /** Folder of the rotating JSON-lines files; none keeps the log in memory only. */
  dir?: string;
  /** Messages kept in memory, at most. */
  capacity?: number;
  /** Bytes of messages kept in memory, at most, records included (the oldest go first). */
  maxMemoryBytes?: number;
  /** Largest body kept as is, in bytes. */
  maxBodyBytes?: number;
  /** A file is rotated at this size. */
  maxFileBytes?: number;
  /** Rotated files kept besides the current one. */
  maxFiles?: number;
}

export interface MessageMeta {
  connection: string;
  transport: TransportKind;
  client?: ClientInfo;
}

const CURRENT_FILE = 'messages.jsonl';

/**
 * A message as the log keeps it in memory: its body as JSON text, not the parsed object, which
 * takes several times the memory (a `run_js` answer: about 6 KiB parsed, 1 KiB as text).
 */
type KeptMessage = Omit<LoggedMessage, 'body'> & { json: string };

/** What one kept message costs besides its JSON text: the record and its fields. */
const ENTRY_BYTES = 400;

const keptCost = (message: KeptMessage) => message.json.length + ENTRY_BYTES;

function logged({ json, ...fields }: KeptMessage): LoggedMessage {
  return { ...fields, body: fields.truncated ? json : JSON.parse(json) };
}

/**
 * Every JSON-RPC message in and out of every transport: the newest in memory for the GUI (bounded
 * by count and bytes),
 * and rotating JSON-lines files (`messages.jsonl`, `messages.1.jsonl`, ...) in the data folder.
 */
export class MessageLog {
  /** The kept messages are `kept[head..]`; the dropped ones before are compacted away now and then. */
  private kept: KeptMessage[] = [];
  private head = 0;
  private keptBytes = 0;
  private seq = 0;
  /** Requests awaiting their response, by connection, direction and id. */
  private readonly pending = new Map<string, { at: number; method: string }>();
  private readonly listeners = new Set<(message: LoggedMessage) => void>();
  private writes: Promise<void> = Promise.resolve();
  private fileBytes = -1;
  private readonly options: Required<Omit<MessageLogOptions, 'dir'>> & { dir?: string };

  constructor(options: MessageLogOptions = {}) {
    this.options = {
      capacity: 100_000,
      maxMemoryBytes: 64 * 1024 * 1024,
      maxBodyBytes: 64 * 1024,
      maxFileBytes: 10 * 1024 * 1024,
      maxFiles: 5,
      ...options,
    };
  }

  record(meta: MessageMeta, direction: Direction, message: unknown): LoggedMessage {
    const json = JSON.stringify(message) ?? 'null';
    const size = Buffer.byteLength(json);
    const rpc = (message ?? {}) as {
      id?: string | number;
      method?: string;
      error?: unknown;
      result?: { isError?: boolean };
    };
    const kind = rpc.method ? (rpc.id !== undefined ? 'request' : 'notification') : 'response';
    const now = performance.now();
    // A response pairs with the request that went the other way on the same connection.
    const pairKey = (dir: Direction) => `${meta.connection}\u0000${dir}\u0000${String(rpc.id)}`;
    let latencyMs: number | undefined;
    let method = rpc.method;
    if (kind === 'request') {
      this.pending.set(pairKey(direction), { at: now, method: rpc.method ?? '' });
    } else if (kind === 'response') {
      const key = pairKey(direction === 'in' ? 'out' : 'in');
      const request = this.pending.get(key);
      if (request) {
        latencyMs = Math.round((now - request.at) * 1000) / 1000;
        method = request.method;
        this.pending.delete(key);
      }
    }
    const truncated = size > this.options.maxBodyBytes;
    const keptJson = truncated ? json.slice(0, this.options.maxBodyBytes) : json;
    const entry: LoggedMessage = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      ...meta,
      direction,
      kind,
      ...(method !== undefined && { method }),
      ...(rpc.id !== undefined && { id: rpc.id }),
      size,
      ...(latencyMs !== undefined && { latencyMs }),
      ...((rpc.error !== undefined || rpc.result?.isError === true) && { isError: true }),
      body: truncated ? keptJson : message,
      ...(truncated && { truncated: true }),
    };
    const { body: _body, ...fields } = entry;
    this.push({ ...fields, json: keptJson });
    for (const listener of this.listeners) listener(entry);
    if (this.options.dir) this.persist(entry);
    return entry;
  }

  /** Forgets a closed connection's unanswered requests. */
  forgetConnection(connection: string): void {
    const prefix = `${connection}\u0000`;
    for (const key of this.pending.keys()) if (key.startsWith(prefix)) this.pending.delete(key);
  }

  /**
   * The messages in memory with a sequence number after `after` and before `before`, oldest
   * first; with `limit`, only the newest that many of them, and whether older ones remain.
   */
  page({ after = 0, before = Number.POSITIVE_INFINITY, limit = Number.POSITIVE_INFINITY } = {}): {
    messages: LoggedMessage[];
    more: boolean;
  } {
    const kept = this.kept.slice(this.head);
    const matching = kept.filter((message) => message.seq > after && message.seq < before);
    const start = Math.max(0, matching.length - limit);
    return { messages: matching.slice(start).map(logged), more: start > 0 };
  }

  /** Every message in memory, oldest first. */
  list(): LoggedMessage[] {
    return this.page().messages;
  }

  get size(): number {
    return this.kept.length - this.head;
  }

  /** Empties the in-memory log (the files keep everything). */
  clear(): void {
    this.kept = [];
    this.head = 0;
    this.keptBytes = 0;
  }

  subscribe(listener: (message: LoggedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  private push(entry: KeptMessage): void {
    this.kept.push(entry);
    this.keptBytes += keptCost(entry);
    while (
      this.kept.length - this.head > this.options.capacity ||
      this.keptBytes > this.options.maxMemoryBytes
    ) {
      const dropped = this.kept[this.head++] as KeptMessage;
      this.keptBytes -= keptCost(dropped);
    }
    if (this.head > 1024 && this.head > this.kept.length / 2) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
  }

  /** Lines waiting for the next write: one write takes every line recorded meanwhile. */
  private unwritten: string[] = [];

  private persist(entry: LoggedMessage): void {
    this.unwritten.push(`${JSON.stringify(entry)}\n`);
    if (this.unwritten.length > 1) return;
    this.writes = this.writes.then(() => this.writeUnwritten(this.options.dir as string));
  }

  private async writeUnwritten(dir: string): Promise<void> {
    const lines = this.unwritten;
    this.unwritten = [];
    try {
      const current = join(dir, CURRENT_FILE);
      if (this.fileBytes < 0) {
        await mkdir(dir, { recursive: true });
        this.fileBytes = await stat(current).then(
          (stats) => stats.size,
          () => 0,
        );
      }
      // Each file stays under the limit: the lines go in chunks that fit.
      let next = 0;
      while (next < lines.length) {
        let chunk = '';
        let bytes = 0;
        for (; next < lines.length; next++) {
          const line = lines[next] as string;
          const size = Buffer.byteLength(line);
          if (chunk && this.fileBytes + bytes + size > this.options.maxFileBytes) break;
          chunk += line;
          bytes += size;
        }
        if (this.fileBytes > 0 && this.fileBytes + bytes > this.options.maxFileBytes) {
          await this.rotate(dir);
        }
        await appendFile(current, chunk);
        this.fileBytes += bytes;
      }
    } catch (error) {
      // The log must never take the server down; the memory still has the messages.
      process.stderr.write(`message log: ${(error as Error).message}\n`);
      this.fileBytes = -1;
    }
  }

  private async rotate(dir: string): Promise<void> {
    const names = new Set(await readdir(dir));
    const numbered = (n: number) => (n === 0 ? CURRENT_FILE : `messages.${n}.jsonl`);
    await rm(join(dir, numbered(this.options.maxFiles)), { force: true });
    for (let n = this.options.maxFiles - 1; n >= 0; n--) {
      if (names.has(numbered(n))) await rename(join(dir, numbered(n)), join(dir, numbered(n + 1)));
    }
    this.fileBytes = 0;
  }
}
