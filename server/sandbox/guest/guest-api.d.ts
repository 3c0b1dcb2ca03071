// The guest runtime's API, declared for `tsc -p server/sandbox/guest` (`// @ts-check` in every
// runtime file). The files share through temporary globals (__mcpiPrimordials, __mcpiInspect,
// __mcpiShared) that runtime.js, the last, deletes; the host calls `__mcpi` (GuestApi). Nothing
// here exists at run time: the objects are built by the files, and each file's own object is
// checked against its interface here (`@type`, `@satisfies`), so the two cannot drift apart.

/**
 * An object made with a null prototype (`{ __proto__: null, ... }`), which TypeScript reads as a
 * property named __proto__.
 */
interface NullPrototype {
  __proto__?: null;
}

/** A list made by `newList`: an array without a prototype, so reads and writes meet nothing. */
type List<T> = T[];

/** A function of (this, ...args) made from a method, so calling it reaches no guest-writable built-in. */
type Uncurried<This, Args extends unknown[], Result> = (self: This, ...args: Args) => Result;

/** The built-ins the runtime uses, taken before any guest code runs (primordials.js). */
interface Primordials extends NullPrototype {
  apply: typeof Reflect.apply;
  construct: typeof Reflect.construct;
  defineProperty: typeof Reflect.defineProperty;
  deleteProperty: typeof Reflect.deleteProperty;
  getPrototypeOf: typeof Reflect.getPrototypeOf;
  isExtensible: typeof Reflect.isExtensible;
  ownKeys: typeof Reflect.ownKeys;
  objectIs: typeof Object.is;
  hasOwn: typeof Object.hasOwn;
  isArray: typeof Array.isArray;
  toText: (value: unknown) => string;
  toNumber: (value: unknown) => number;
  numberIsNaN: typeof Number.isNaN;
  toFloat: (value: unknown) => number;
  max: typeof Math.max;
  min: typeof Math.min;
  trunc: typeof Math.trunc;
  imul: typeof Math.imul;
  stringify: (value: unknown) => string;
  Map: MapConstructor;
  Set: SetConstructor;
  Promise: PromiseConstructor;
  promiseResolve: Uncurried<PromiseConstructor, [value: unknown], Promise<unknown>>;
  promiseThen: Uncurried<
    Promise<unknown>,
    [onOk: (value: unknown) => unknown, onError?: (error: unknown) => unknown],
    Promise<unknown>
  >;
  mapGet: <K, V>(map: Map<K, V>, key: K) => V | undefined;
  mapSet: <K, V>(map: Map<K, V>, key: K, value: V) => Map<K, V>;
  mapDelete: <K, V>(map: Map<K, V>, key: K) => boolean;
  mapSize: Uncurried<unknown, [], number>;
  mapEntries: Uncurried<Map<unknown, unknown>, [], Iterator<[unknown, unknown]>>;
  mapIteratorNext: Uncurried<Iterator<unknown>, [], IteratorResult<unknown>>;
  setHas: Uncurried<Set<unknown>, [value: unknown], boolean>;
  setSize: Uncurried<unknown, [], number>;
  setValues: Uncurried<Set<unknown>, [], Iterator<unknown>>;
  setIteratorNext: Uncurried<Iterator<unknown>, [], IteratorResult<unknown>>;
  weakMapHas: Uncurried<unknown, [key: unknown], boolean>;
  weakSetHas: Uncurried<unknown, [value: unknown], boolean>;
  arrayBufferByteLength: Uncurried<unknown, [], number>;
  typedArrayLength: Uncurried<unknown, [], number>;
  typedArrayName: Uncurried<unknown, [], string | undefined>;
  typedArrayBuffer: Uncurried<unknown, [], ArrayBuffer>;
  typedArrayByteOffset: Uncurried<unknown, [], number>;
  typedArrayByteLength: Uncurried<unknown, [], number>;
  dataViewBuffer: Uncurried<unknown, [], ArrayBuffer>;
  dataViewByteOffset: Uncurried<unknown, [], number>;
  dataViewByteLength: Uncurried<unknown, [], number>;
  Uint8Array: Uint8ArrayConstructor;
  Uint16Array: Uint16ArrayConstructor;
  Int32Array: Int32ArrayConstructor;
  Float64Array: Float64ArrayConstructor;
  atomicsAdd: typeof Atomics.add;
  fromCharCode: typeof String.fromCharCode;
  arrayIncludes: Uncurried<unknown[], [value: unknown], boolean>;
  arrayJoin: Uncurried<unknown[], [separator: string], string>;
  stringSlice: Uncurried<string, [start: number, end?: number], string>;
  stringIndexOf: Uncurried<string, [search: string, from?: number], number>;
  stringIsWellFormed: Uncurried<string, [], boolean>;
  stringCharCodeAt: Uncurried<string, [index: number], number>;
  stringPadStart: Uncurried<string, [length: number, fill?: string], string>;
  stringValueOf: Uncurried<unknown, [], string>;
  numberValueOf: Uncurried<unknown, [], number>;
  numberToString: Uncurried<unknown, [radix?: number], string>;
  booleanValueOf: Uncurried<unknown, [], boolean>;
  bigintValueOf: Uncurried<unknown, [], bigint>;
  symbolValueOf: Uncurried<unknown, [], symbol>;
  symbolDescription: Uncurried<symbol, [], string | undefined>;
  functionToString: Uncurried<unknown, [], string>;
  objectToString: Uncurried<unknown, [], string>;
  dateGetTime: Uncurried<unknown, [], number>;
  dateToISOString: Uncurried<unknown, [], string>;
  dateToString: Uncurried<unknown, [], string>;
  regExpSource: Uncurried<unknown, [], string>;
  /** Each flag letter with the getter that says whether a RegExp has it. */
  regExpFlags: [string, Uncurried<unknown, [], boolean>][];
  intlFormatGetter: Uncurried<Intl.DateTimeFormat, [], (date?: Date | number) => string>;
  intlFormatToParts: Uncurried<
    Intl.DateTimeFormat,
    [date?: Date | number],
    Intl.DateTimeFormatPart[]
  >;
  /** An empty object to fill in (its prototype is frozen and empty), of the type it is assigned to. */
  record: <T extends object>() => T;
  ownDescriptor: (holder: object, key: PropertyKey) => PropertyDescriptor | undefined;
  errorStack: (error: object) => string | undefined;
  newList: <T = unknown>() => List<T>;
  push: <T>(list: List<T>, item: T) => void;
  replaceText: (text: string, from: string, to: string) => string;
  brandOf: (value: unknown) => Brand;
  messageOf: (error: unknown) => string;
}

/** What a value really is, by the built-in's own brand check. */
type Brand =
  | 'Array'
  | 'Date'
  | 'RegExp'
  | 'Map'
  | 'Set'
  | 'WeakMap'
  | 'WeakSet'
  | 'ArrayBuffer'
  | 'TypedArray'
  | 'Number'
  | 'String'
  | 'Boolean'
  | 'BigInt'
  | 'Symbol'
  | 'Error'
  | 'Object';

/**
 * Renders a value like Node's util.inspect within `budget` characters; undefined when it does
 * not fit (inspect.js).
 */
type Inspect = (value: unknown, budget: number, quoteStrings: boolean) => string | undefined;

/** A pending timer (timers.js). */
interface Timer {
  id: number;
  kind: 'setTimeout' | 'setInterval' | 'setImmediate' | 'AbortSignal.timeout';
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  delay: number;
  due: number;
  seq: number;
}

/** The session's state, kept across runs (run-state.js). */
interface SessionState extends NullPrototype {
  /** The virtual clock (ms since the epoch). */
  clock: number;
  /** The clock of the session's first run: performance.now() counts from it. */
  origin: number | undefined;
  /** The sfc32 generator behind Math.random. */
  rng: [number, number, number, number];
  timers: List<Timer>;
  nextTimerId: number;
  timerSeq: number;
  /** The namespace each package import of this heap got, by specifier (packages.js). */
  modules: Map<string, unknown>;
  /** The namespace of each bundle evaluated, by its hash: one package is evaluated once. */
  bundles: Map<string, unknown>;
}

/** A console line as the host receives it. */
interface ConsoleLine {
  level: string;
  text: string;
}

/** The current run's state (run-state.js), made anew by `newRun` for each. */
interface RunState extends NullPrototype {
  /** The secret only the host's calls carry; undefined between runs. */
  key: string | undefined;
  bodyStarted: boolean;
  outputLimit: number;
  outputUsed: number;
  overflow: boolean;
  console: List<ConsoleLine>;
  groupIndent: string;
  /** console.count's counts, by label. */
  counts: Map<string, number>;
  /** console.time's marks (the virtual clock), by label. */
  timeMarks: Map<string, number>;
  settled: boolean;
  failed: boolean;
  value: unknown;
  error: unknown;
  /** An error a timer or an event listener threw, and which kind of timer or 'event listener'. */
  uncaught: (NullPrototype & { error: unknown; where: string }) | undefined;
  ticks: number;
  /** Each effect kind's requests and answers (effects.js), by the kind's registration index. */
  effects: List<EffectLane | undefined>;
  /** The run's file system (files.js), from its first file call; dropped with the run. */
  files: FilesRun | undefined;
  /** A replay's files as JSON text (FilesData), handed in after begin (`__mcpi.replayFiles`). */
  filesReplay: string | undefined;
  /** Why a replay's files differ from its live run's: the run's end fails with it. */
  filesFailure: string | undefined;
}

/** Where a file call failed, for Node's error message. */
interface FsWhere extends NullPrototype {
  syscall: string;
  /** The path as the call was given it. */
  path?: string;
  dest?: string;
}

/** The four file limits a run runs under (settings `fileBytes`, ...). */
interface FileLimits extends NullPrototype {
  fileBytes: number;
  sessionFileBytes: number;
  sessionFiles: number;
  displayBytes: number;
}

/** A file of the run's tree: its content is the base tree's `hash` until written, then `bytes`. */
interface FileNode extends NullPrototype {
  dir: false;
  size: number;
  /** The virtual clock at its last write. */
  mtime: number;
  /** Unchanged since the run began: its content hash in the base tree. */
  hash: string | undefined;
  /** Its bytes once read or written (never changed in place: copies share them). */
  bytes: Uint8Array | undefined;
}

interface DirNode extends NullPrototype {
  dir: true;
  mtime: number;
  /** `/` and `/work`, which always exist and are never listed. */
  fixed: boolean;
  children: Map<string, TreeNode>;
}

type TreeNode = FileNode | DirNode;

/** A folder's entry (its name), or a node of the whole tree (its path). */
interface FileEntry extends NullPrototype {
  name: string;
  node: TreeNode;
}

/** What display() showed: the file it is, and its type. */
interface ShownFile extends NullPrototype {
  path: string;
  mimeType: string;
}

/** The run's file system (files.js). */
interface FilesRun extends NullPrototype {
  /** Connected to the worker; else a replay's data. */
  live: boolean;
  limits: FileLimits;
  root: DirNode;
  /** Files and folders, `/` and `/work` not counted. */
  count: number;
  /** Bytes of all files. */
  bytes: number;
  /** A replay's contents of the files its live run read, base64 by hash. */
  contents: Record<string, string> | undefined;
  /** The bytes loaded this run, by hash. */
  loaded: Map<string, Uint8Array>;
  shown: List<ShownFile>;
  /** Bytes display() showed this run. */
  displayed: number;
}

/** A node of the base tree, as the worker's `tree` or a replay's data has it (store/file-tree.ts). */
interface HostTreeNode {
  path: string;
  dir?: true;
  size: number;
  mtime: number;
  hash?: string;
}

/** The base tree and limits (`tree`'s answer; a replay's data has the contents read too). */
interface FilesData {
  limits: FileLimits;
  nodes: HostTreeNode[];
  contents?: Record<string, string>;
}

/** A node of the tree after a run (`done`): a file has its base `hash` or the index of its bytes. */
interface GuestTreeNode extends NullPrototype {
  path: string;
  dir?: true;
  size: number;
  mtime: number;
  hash?: string;
  content?: number;
}

/** `done`'s JSON. */
interface GuestFilesDone extends NullPrototype {
  nodes: List<GuestTreeNode>;
  shown: List<ShownFile>;
}

/** How a write treats what is there: fail if it exists, add to it, make its missing folder. */
interface WriteHow extends NullPrototype {
  exclusive: boolean;
  append: boolean;
  makeParent: boolean;
}

/** The worker's function, as an isolated-vm Reference in the isolate (`__mcpi.connectFiles`). */
interface FilesReference {
  applySync(receiver: undefined, args: unknown[], options: object): unknown;
}

/** The run's file operations (files.js), on paths as names from `/`; failures are Node's errors. */
interface FileOps extends NullPrototype {
  /** The node at the first `count` names (all by default). */
  find(names: List<string>, where: FsWhere, count?: number): TreeNode;
  bytesOf(file: FileNode, where: FsWhere): Uint8Array;
  write(names: List<string>, bytes: Uint8Array, how: WriteHow, where: FsWhere): void;
  /** The first folder made, with `recursive`. */
  mkdir(names: List<string>, recursive: boolean, where: FsWhere): string | undefined;
  list(names: List<string>, where: FsWhere): List<FileEntry>;
  remove(
    names: List<string>,
    kind: 'file' | 'dir' | 'any',
    recursive: boolean,
    force: boolean,
    where: FsWhere,
  ): void;
  rename(from: List<string>, to: List<string>, where: FsWhere): void;
  copy(from: List<string>, to: List<string>, exclusive: boolean, where: FsWhere): void;
}

/** One effect kind's part of a run (effects.js). */
interface EffectLane extends NullPrototype {
  /** Requests that have no answer yet, in the order made. */
  pending: List<unknown>;
  /** Answers the host gave (replay: all of the run's at once), one batch per step that asked. */
  answers: List<List<unknown>>;
  /** How many of `answers` were delivered. */
  delivered: number;
}

/**
 * An effect kind as its API file registers it with the channel (effects.js): how a pending
 * request goes to the host, how a recorded answer is checked against it, and how it settles.
 */
interface EffectKind<Pending = unknown, Request = unknown, Answer = unknown> extends NullPrototype {
  name: string;
  /** The request as data for the host (primordials only). */
  request: (pending: Pending) => Request;
  /** Why a replayed request is not the one `answer` was recorded for; undefined when it is. */
  differs: (pending: Pending, answer: Answer) => string | undefined;
  settle: (pending: Pending, answer: Answer) => void;
  /** The failure of a replay that asked for `made` where its live run asked for `recorded`. */
  countDiffers: (made: number, recorded: number) => string;
  /** The failure of a replay that ended with recorded answers it never took. */
  fewer: string;
}

/** A step's effects for the host, after "?": one kind's requests, in the order made. */
interface EffectRequests extends NullPrototype {
  kind: string;
  requests: List<unknown>;
}

/** The host's answers for one kind: one batch per step that asked. */
interface EffectAnswers {
  kind: string;
  answers: unknown[][];
}

/** An import waiting for the host, with its promise. */
interface PendingImport extends NullPrototype {
  specifier: string;
  resolve: (namespace: unknown) => void;
  reject: (error: unknown) => void;
}

/** The host's answer to one import: a bundle to evaluate, or why there is none. */
interface ImportAnswer {
  specifier: string;
  /** The bundle's hash: the same bundle is evaluated once per heap. */
  bundle: string;
  /** `name@version` or `name@version/subpath`, for stack traces and errors. */
  label: string;
  source: string;
  error: string | null;
}

/** A request as the guest sends it to the host (fetch.js); secrets are the host's to add. */
interface SentRequest extends NullPrototype {
  method: string;
  url: string;
  /** The request's headers, sorted and combined as Headers lists them. */
  headers: List<[string, string]>;
  /** The body's bytes in base64, or null. */
  body: string | null;
  redirect: 'follow' | 'manual' | 'error';
}

/** A request waiting for the host's answer, with its promise. */
interface PendingFetch extends SentRequest {
  resolve: (response: unknown) => void;
  reject: (error: unknown) => void;
}

/** What the host answers for one request: the response it received, or the error. */
interface ReplyExchange {
  request: SentRequest;
  response: {
    url: string;
    status: number;
    statusText: string;
    headers: [string, string][];
    redirected: boolean;
    /** base64 */
    body: string;
  } | null;
  error: { message: string } | null;
}

/** A call of one of the user's other MCP servers as the guest sends it to the host (mcp.js). */
interface SentMcp extends NullPrototype {
  /** A tool call, or a listing of the servers and their tools (server, tool, arguments ''). */
  op: 'call' | 'list';
  server: string;
  tool: string;
  /** The arguments' JSON text, made in the guest's call. */
  arguments: string;
}

/** A call waiting for the host's answer, with its promise. */
interface PendingMcp extends SentMcp {
  /** `{raw: true}`: the whole CallToolResult. */
  raw: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What the host answers for one call: the result's JSON text, or why there is none. */
interface McpAnswer {
  request: SentMcp;
  result: string | null;
  /** `refused`: by a setting (a TypeError); else the call failed (an McpError with its code). */
  error: { message: string; refused: boolean; code: number | null } | null;
}

/** A timer left when the run ended, as the outcome lists it. */
interface CancelledTimer {
  id: number;
  kind: Timer['kind'];
  delay: number;
  dueIn: number;
}

/** The timers left when the run ended, as many as fit, and how many did not. */
interface PendingTimers extends NullPrototype {
  listed: List<CancelledTimer>;
  more: number;
}

/** What the runtime files share until runtime.js takes it off the global object. */
interface Shared extends NullPrototype {
  state: SessionState;
  run: RunState;
  newRun: (outputLimit: number) => RunState;
  seedRandom: (seed: number) => void;
  whenSettled: (
    promise: Promise<unknown>,
    onOk: (value: unknown) => void,
    onError?: (error: unknown) => void,
  ) => void;
  fireNextTimer: () => boolean;
  pendingTimers: (budget: number) => PendingTimers;
  finish: () => string;
  beforeSnapshot: () => void;
  afterRestore: () => void;
  inspectGlobals: (path: PropertyKey[]) => string;
  /** The next 32 bits of the run's seeded generator, which Math.random also draws from. */
  nextRandom: () => number;
  /** Adds a timer on virtual time (timers.js), whatever a guest did to setTimeout; its id. */
  addTimer: (kind: Timer['kind'], fn: unknown, delay: unknown, args: unknown[]) => number;
  /** UTF-8, lone surrogates as U+FFFD (text-encoding.js; these four are primordials only). */
  utf8Encode: (text: string) => Uint8Array;
  /** The Encoding spec's "UTF-8 decode": a leading BOM dropped, each invalid sequence U+FFFD. */
  utf8Decode: (bytes: Uint8Array) => string;
  bytesToBase64: (bytes: Uint8Array) => string;
  /** Forgiving base64 (spaces and missing padding allowed); throws on anything else. */
  base64ToBytes: (text: string) => Uint8Array;
  /** The bytes of an ArrayBuffer, typed array or DataView (no copy); undefined for anything else. */
  bufferSourceBytes: (source: unknown) => Uint8Array | undefined;
  /** Adds an effect kind to the channel (effects.js); kinds are served in the order added. */
  registerEffect: (kind: EffectKind) => void;
  /**
   * Puts a request of kind `name` before the host at the next step; the function returned takes
   * it back if no step took it yet (and says whether it did).
   */
  askEffect: (name: string, pending: unknown) => () => boolean;
  /**
   * The effects' part of a step: one kind's requests for the host ("?" and JSON), or 2 once it
   * delivered the host's answers; undefined when no request waits.
   */
  effectStep: () => string | 2 | undefined;
  queueAnswers: (groups: EffectAnswers[]) => void;
  /** Throws when recorded answers were never taken: a replay that asked for less. */
  checkAllAnswered: () => void;
  /** A package's namespace, once the host answered (packages.js). */
  importPackage: (specifier: unknown) => Promise<unknown>;
  importAll: (specifiers: string[]) => Promise<unknown[]>;
  binding: (namespace: unknown, name: string, specifier: string) => unknown;
  /** Hands progress.js the memory the host reads a run's progress from (run-progress.ts). */
  connectProgress: (buffer: SharedArrayBuffer) => void;
  /** Modules a snippet or package gets at once, never asked of the host (`node:fs`), by specifier. */
  builtinModules: Map<string, { default: unknown }>;
  /** Node's error for a failed file call (files.js). */
  fsError: (code: string, where: FsWhere, note?: string) => Error;
  /** A path's names from `/` (contract/session-files.ts normalFilePath's rules). */
  pathNames: (path: string, where: FsWhere) => List<string>;
  /** Bytes in the units settings are shown in (contract/human-units.ts formatQuantity). */
  sizeText: (bytes: number) => string;
  /** The run's file system, loaded at its first use in the run (`where` names a failure to). */
  filesOfRun: (where: FsWhere) => FilesRun;
  fileOps: FileOps;
  connectFiles: (ref: FilesReference) => void;
  /** The end of a run's files: `done` for a live run that ended well; the fingerprint's part. */
  endFiles: (run: RunState, ok: boolean) => string | undefined;
  /** Forgets the run's files and the worker's Reference (before a snapshot). */
  dropFiles: () => void;
  /** The globals the prelude defined: the GUI lists a heap's globals without them. */
  builtinGlobals: Set<PropertyKey>;
}

/** The protocol the host drives (runtime.js); built by guest-calls.ts on the host side. */
interface GuestApi extends NullPrototype {
  /** Answers the run's start on the virtual clock. */
  begin(seed: number, time: number, outputLimit: number, key: string): number | string;
  body(fn: () => Promise<unknown>): void;
  declare(names: string[]): void;
  define(values: Record<string, unknown>): void;
  read(name: string): unknown;
  end(value: unknown, values: Record<string, unknown>): unknown;
  beforeSnapshot(): void;
  afterRestore(): string | undefined;
  inspectGlobals(path: PropertyKey[]): string;
  step(key: string, expected?: number): string | 1 | 2;
  /** Queues the host's answers to the run's effects, by kind (see effectStep). */
  answer(key: string, groups: EffectAnswers[]): string | undefined;
  /** `import(specifier)` in a snippet. */
  import(specifier: unknown): Promise<unknown>;
  /** A snippet's static imports. */
  importAll(specifiers: string[]): Promise<unknown[]>;
  binding(namespace: unknown, name: string, specifier: string): unknown;
  /** Makes `progress()` report into `buffer`; refused while a run is under way. */
  connectProgress(buffer: SharedArrayBuffer): string | undefined;
  /** Gives a live heap the worker's file functions (files.js); refused while a run is under way. */
  connectFiles(ref: FilesReference): string | undefined;
  /** A replay's files (FilesData as JSON), for the run `key` before its script. */
  replayFiles(key: string, json: string): void;
}

declare var __mcpiPrimordials: Primordials;
declare var __mcpiInspect: Inspect;
declare var __mcpiShared: Shared;

/** V8's own additions to Error, which the runtime sets and reads. */
interface ErrorConstructor {
  stackTraceLimit: number;
}

/** The hashes the vendored bundle leaves for web-crypto.js, which takes and deletes them. */
interface WebHashes extends NullPrototype {
  sha1: (data: Uint8Array) => Uint8Array;
  sha256: (data: Uint8Array) => Uint8Array;
  sha384: (data: Uint8Array) => Uint8Array;
  sha512: (data: Uint8Array) => Uint8Array;
}
declare var __mcpiHashes: WebHashes;

// The web globals the vendored bundle defines (vendor/web-polyfills.js, core-js), as far as the
// runtime's files use them: the guest's tsconfig has no DOM library.
interface DOMException extends Error {
  readonly code: number;
}
declare var DOMException: {
  prototype: DOMException;
  new (message?: string, name?: string): DOMException;
};
interface URLSearchParams {
  readonly size: number;
  append(name: string, value: string): void;
  delete(name: string, value?: string): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string, value?: string): boolean;
  set(name: string, value: string): void;
  sort(): void;
  toString(): string;
  forEach(callback: (value: string, name: string, parent: URLSearchParams) => void): void;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
declare var URLSearchParams: {
  prototype: URLSearchParams;
  new (
    init?: string | URLSearchParams | Record<string, string> | Iterable<[string, string]>,
  ): URLSearchParams;
};
interface URL {
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
  toJSON(): string;
}
declare var URL: {
  prototype: URL;
  new (url: string | URL, base?: string | URL): URL;
  canParse(url: string | URL, base?: string | URL): boolean;
  parse(url: string | URL, base?: string | URL): URL | null;
};

/** A failed run as the runtime reports it; `kind` is its run error code (run-errors.ts). */
interface GuestFailure extends NullPrototype {
  kind: 'thrown' | 'never_settles' | 'render_failed';
  name: string;
  message: string;
  stack?: string;
  /** Which kind of timer threw it, or 'event listener', for an error thrown outside the body. */
  where?: string;
}

/**
 * What a run ends with (outcome.js), as JSON after its fingerprint. The host reads it as data
 * from an untrusted isolate, so execute-run.ts checks this shape when it parses it.
 */
interface Outcome extends NullPrototype {
  console: List<ConsoleLine>;
  overflow: boolean;
  cancelledTimers: List<CancelledTimer>;
  moreCancelledTimers: number;
  ticks: number;
  value?: string;
  error?: GuestFailure;
}

/** The timer functions a guest sees (timers.js). */
interface GuestTimers {
  setTimeout(fn: (...args: unknown[]) => unknown, delay?: unknown, ...args: unknown[]): number;
  setInterval(fn: (...args: unknown[]) => unknown, delay?: unknown, ...args: unknown[]): number;
  setImmediate(fn: (...args: unknown[]) => unknown, ...args: unknown[]): number;
  clearTimeout(id: unknown): void;
  clearInterval(id: unknown): void;
  clearImmediate(id: unknown): void;
  queueMicrotask(fn: () => unknown): void;
}

/**
 * `progress(done, total?, message?)` (progress.js): counts are finite numbers >= 0, the message
 * is cut to 200 characters; anything else throws a TypeError. Returns at once.
 */
type GuestProgress = (done: number, total?: number, message?: string) => undefined;

/** The console a guest sees (console.js). */
interface GuestConsole {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  trace(...args: unknown[]): void;
  dir(value: unknown): void;
  table(value: unknown): void;
  assert(ok: unknown, ...args: unknown[]): void;
  group(...args: unknown[]): void;
  groupCollapsed(...args: unknown[]): void;
  groupEnd(): void;
  count(name?: unknown): void;
  countReset(name?: unknown): void;
  time(name?: unknown): void;
  timeLog(name?: unknown, ...args: unknown[]): void;
  timeEnd(name?: unknown): void;
}
