// Every way a run can fail, in one table: its code (in run results, the run_js tool's output and
// the GUI's run history), the name its error carries, and the message where it is always the
// same. The sandbox, the engine and the tool schema all take them from here.
import type { Limits } from '../../contract/limits.ts';
import type { Divergence } from '../store/journal-entry.ts';

const TABLE = {
  /** The code does not parse. */
  syntax_error: { name: 'SyntaxError' },
  /** The code threw (the guest's own error name replaces this one). */
  thrown: { name: 'Error' },
  timeout: { name: 'Timeout' },
  memory_limit: { name: 'MemoryLimit' },
  output_limit: { name: 'OutputLimit' },
  code_size: { name: 'CodeSize' },
  net_requests: { name: 'NetRequests' },
  response_size: { name: 'ResponseSize' },
  /** The run's fetch responses together passed netTotalBytes. */
  net_bytes: { name: 'NetBytes' },
  tarball_size: { name: 'TarballSize' },
  bundle_size: { name: 'BundleSize' },
  /** An import's tree unpacked to more files than packageFiles. */
  package_files: { name: 'PackageFiles' },
  never_settles: {
    name: 'NeverSettles',
    message:
      'The run awaited a promise that can never settle: no timer is pending and the sandbox has no I/O',
  },
  /** Rendering the value or the error ran guest code (a proxy, a getter) that threw. */
  render_failed: { name: 'RenderFailed' },
  worker_crashed: { name: 'WorkerCrashed' },
  /** The session's heap could not be brought back from its snapshot or journal. */
  restore_failed: { name: 'RestoreFailed' },
  /**
   * Replaying the session's journal came out differently from the live runs (another runtime,
   * a smaller memory limit): the session refuses runs past that entry (see RunErrorInfo.divergence).
   */
  replay_diverged: { name: 'ReplayDiverged' },
  /** The sandbox failed in a way none of the others names (a bug: the message says what). */
  internal_error: { name: 'InternalError' },
  /** The run succeeded but its journal entry could not be written. */
  commit_failed: { name: 'CommitFailed' },
  /** Stopped on request (the window's Cancel, a client's notifications/cancelled). */
  cancelled: {
    name: 'Cancelled',
    message: 'The run was cancelled; the session stays at its last committed heap',
  },
} as const;

export type RunErrorCode = keyof typeof TABLE;

export const RUN_ERRORS: Record<RunErrorCode, { name: string; message?: string }> = TABLE;

export const RUN_ERROR_CODES = Object.keys(RUN_ERRORS) as [RunErrorCode, ...RunErrorCode[]];

/** A failed run's error, as results carry it. */
export interface RunErrorInfo {
  code: RunErrorCode;
  name: string;
  message: string;
  stack?: string;
  /** For an error a timer's callback threw: the kind of timer. */
  where?: string;
  /** For replay_diverged: where the replay differed, and what a user can do. */
  divergence?: Divergence;
}

/** A run failure thrown inside the sandbox or the engine, with its code and table name. */
export class RunError extends Error {
  readonly code: RunErrorCode;
  readonly divergence: Divergence | undefined;

  constructor(code: RunErrorCode, message: string, divergence?: Divergence) {
    super(message);
    this.code = code;
    this.name = RUN_ERRORS[code].name;
    this.divergence = divergence;
  }

  get info(): RunErrorInfo {
    return {
      code: this.code,
      name: this.name,
      message: this.message,
      ...(this.divergence && { divergence: this.divergence }),
    };
  }
}

/** A run stopped on request. */
export const cancelledRun = () => new RunError('cancelled', TABLE.cancelled.message);

/**
 * An import's tarballs together may unpack to this many times packageTarballBytes (gzip shrinks
 * code 4 to 6 times).
 */
export const UNPACKED_FACTOR = 10;

/**
 * A broken limit, named with its setting and value. The message does not repeat the error's name
 * (the kind): texts show them together, as `Timeout: the run took longer…`.
 */
export const limitBroken = {
  timeout: ({ timeoutMs }: Pick<Limits, 'timeoutMs'>) =>
    new RunError('timeout', `the run took longer than the limit timeoutMs=${timeoutMs}`),
  memory: ({ memoryMb }: Pick<Limits, 'memoryMb'>) =>
    new RunError('memory_limit', `the isolate ran out of its memoryMb=${memoryMb} MiB`),
  output: ({ outputBytes }: Pick<Limits, 'outputBytes'>) =>
    new RunError('output_limit', `console output and result exceeded outputBytes=${outputBytes}`),
  codeSize: ({ codeBytes }: Pick<Limits, 'codeBytes'>, bytes: number) =>
    new RunError('code_size', `the code's ${bytes} bytes exceed codeBytes=${codeBytes}`),
  netRequests: ({ netRequests }: Pick<Limits, 'netRequests'>) =>
    new RunError(
      'net_requests',
      `the run made more than netRequests=${netRequests} fetch requests`,
    ),
  responseSize: ({ netResponseBytes }: Pick<Limits, 'netResponseBytes'>, url: string) =>
    new RunError(
      'response_size',
      `the body from ${url} exceeded netResponseBytes=${netResponseBytes}`,
    ),
  netTotal: ({ netTotalBytes }: Pick<Limits, 'netTotalBytes'>, url: string) =>
    new RunError(
      'net_bytes',
      `the run's fetch responses came to more than netTotalBytes=${netTotalBytes} in all, at ${url}`,
    ),
  /** A tarball over the limit. */
  tarballSize: ({ packageTarballBytes }: Pick<Limits, 'packageTarballBytes'>, label: string) =>
    new RunError(
      'tarball_size',
      `the tarball of ${label} exceeds packageTarballBytes=${packageTarballBytes}`,
    ),
  /**
   * The tarballs of the tree an import builds (`label`), downloaded or unpacked, past ten times
   * the limit; `at` is the package whose tarball passed it.
   */
  unpackedSize: (
    { packageTarballBytes }: Pick<Limits, 'packageTarballBytes'>,
    label: string,
    at: string,
  ) =>
    new RunError(
      'tarball_size',
      `the tarballs of ${label} and its dependencies come to more than ${UNPACKED_FACTOR} × packageTarballBytes=${packageTarballBytes}, past it at ${at}`,
    ),
  packageFiles: ({ packageFiles }: Pick<Limits, 'packageFiles'>, label: string, at: string) =>
    new RunError(
      'package_files',
      `${label} and its dependencies unpack to more than packageFiles=${packageFiles} files, past it at ${at}`,
    ),
  bundleSize: (
    { packageBundleBytes }: Pick<Limits, 'packageBundleBytes'>,
    label: string,
    bytes: number,
  ) =>
    new RunError(
      'bundle_size',
      `the bundle of ${label} is ${bytes} bytes, over packageBundleBytes=${packageBundleBytes}`,
    ),
  /** The deadline passed while the host resolved, downloaded or bundled `specifier`. */
  timeoutImporting: ({ timeoutMs }: Pick<Limits, 'timeoutMs'>, specifier: string) =>
    new RunError(
      'timeout',
      `the run took longer than the limit timeoutMs=${timeoutMs} while importing '${specifier}'. A first import resolves, downloads and bundles the package: a large one may need a longer timeoutMs; later imports load it from the cache.`,
    ),
};
