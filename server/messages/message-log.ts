import type { ClientInfo, ProtocolEra, TransportKind } from '../../contract/connections.ts';
import type { Direction, LoggedMessage } from '../../contract/logged-message.ts';
import { RotatingJsonl } from './rotating-jsonl.ts';

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
  era?: ProtocolEra;
  /** The upstream server (its name in mcpServers) a message went to or came from. */
  upstream?: string;
}

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

/** The line `clear()` writes: reading back starts after it. */
interface ClearedMark {
  cleared: number;
  time: string;
}

const isClearedMark = (record: unknown): record is ClearedMark =>
  typeof (record as Partial<ClearedMark> | null)?.cleared === 'number';

/** Whether a record read back from a file has the fields of a logged message. */
const isLoggedFields = (record: unknown): record is Omit<LoggedMessage, 'body'> => {
  const fields = record as Partial<LoggedMessage> | null;
  return (
    typeof fields?.seq === 'number' &&
    typeof fields.time === 'string' &&
    typeof fields.connection === 'string' &&
    typeof fields.kind === 'string'
  );
};

// A logged message's line ends with its body (and the mark of a cut one): see `record`.
const BODY_KEY = ',"body":';
const CUT_END = ',"truncated":true}';

/**
 * A line of the files as the log keeps it: its fields parsed, its body kept as the JSON text it
 * is (parsing and writing it again costs most of a restart's time); throws on a torn line.
 */
function keptFromLine(line: string): KeptMessage | ClearedMark | undefined {
  // A quote inside a JSON string is escaped, so this is the key itself, the first one.
  const at = line.indexOf(BODY_KEY);
  if (at < 0) {
    const mark: unknown = JSON.parse(line);
    return isClearedMark(mark) ? mark : undefined;
  }
  const fields: unknown = JSON.parse(`${line.slice(0, at)}}`);
  if (!isLoggedFields(fields)) return undefined;
  const cut = line.endsWith(CUT_END);
  const body = line.slice(at + BODY_KEY.length, cut ? -CUT_END.length : -1);
  // Parsed to check it is whole; a cut body is a string, the message's first bytes.
  const parsed: unknown = JSON.parse(body);
  return Object.assign(fields, cut ? { json: String(parsed), truncated: true } : { json: body });
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
  private readonly files: RotatingJsonl | undefined;
  private readonly options: Required<Omit<MessageLogOptions, 'dir'>> & { dir?: string };

  /**
   * A log that starts with the newest messages of its files (what an earlier run of the server
   * logged since it was last cleared, as many as memory keeps), numbering on after the last.
   */
  static async open(options: MessageLogOptions): Promise<MessageLog> {
    const log = new MessageLog(options);
    if (!log.files) return log;
    const read = await log.files.readNewest(keptFromLine, {
      limit: log.options.capacity,
      maxChars: log.options.maxMemoryBytes,
      isStart: isClearedMark,
    });
    for (const record of read) {
      if (isClearedMark(record)) {
        log.seq = Math.max(log.seq, record.cleared);
        continue;
      }
      log.push(record);
      log.seq = Math.max(log.seq, record.seq);
    }
    return log;
  }

  constructor(options: MessageLogOptions = {}) {
    this.options = {
      capacity: 100_000,
      maxMemoryBytes: 64 * 1024 * 1024,
      maxBodyBytes: 64 * 1024,
      maxFileBytes: 10 * 1024 * 1024,
      maxFiles: 5,
      ...options,
    };
    this.files =
      options.dir === undefined
        ? undefined
        : new RotatingJsonl(options.dir, 'messages', this.options);
  }

  /**
   * Logs a message; `exchange` tells apart requests with the same id on one connection at once (a
   * modern client's HTTP requests, each its own exchange).
   */
  record(meta: MessageMeta, direction: Direction, message: unknown, exchange = ''): LoggedMessage {
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
    const pairKey = (dir: Direction) =>
      `${meta.connection}\u0000${exchange}\u0000${dir}\u0000${String(rpc.id)}`;
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
    this.files?.append(entry);
    return entry;
  }

  /**
   * Forgets the unanswered requests of a closed connection, or of one exchange of it (a 2026
   * HTTP request that ended without an answer: its client closed the stream to cancel it).
   */
  forgetConnection(connection: string, exchange?: string): void {
    const prefix =
      exchange === undefined ? `${connection}\u0000` : `${connection}\u0000${exchange}\u0000`;
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

  /** Empties the in-memory log; the files keep everything, marked so a restart starts after it. */
  clear(): void {
    this.kept = [];
    this.head = 0;
    this.keptBytes = 0;
    this.files?.append({ cleared: this.seq, time: new Date().toISOString() } satisfies ClearedMark);
  }

  subscribe(listener: (message: LoggedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void> {
    return this.files?.flush() ?? Promise.resolve();
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
}
