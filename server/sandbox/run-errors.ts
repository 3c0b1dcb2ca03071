// A run's failure as the sandbox and the engine throw it, and the errors of broken limits, which
// name the setting and its value. The codes, names and the error's shape are the contract's
// (contract/run-errors.ts).
import type { Limits } from '../../contract/limits.ts';
import { RUN_ERRORS, type RunErrorCode, type RunErrorInfo } from '../../contract/run-errors.ts';
import type { Divergence } from '../store/journal-entry.ts';

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
export const cancelledRun = () => new RunError('cancelled', RUN_ERRORS.cancelled.message ?? '');

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
  mcpCalls: ({ mcpCalls }: Pick<Limits, 'mcpCalls'>) =>
    new RunError('mcp_calls', `the run made more than mcpCalls=${mcpCalls} MCP tool calls`),
  /** The result of `label` (`github.search`, or the listing) over the limit: the call was made. */
  mcpResult: ({ mcpResultBytes }: Pick<Limits, 'mcpResultBytes'>, label: string) =>
    new RunError(
      'mcp_result_size',
      `the result of ${label} exceeded mcpResultBytes=${mcpResultBytes} (the tool ran all the same)`,
    ),
  /** The arguments of a call over the limit: it was never made. */
  mcpArguments: ({ mcpResultBytes }: Pick<Limits, 'mcpResultBytes'>, label: string) =>
    new RunError(
      'mcp_result_size',
      `the arguments of ${label} exceeded mcpResultBytes=${mcpResultBytes}; the call was not made`,
    ),
  mcpTotal: ({ mcpTotalBytes }: Pick<Limits, 'mcpTotalBytes'>, label: string) =>
    new RunError(
      'mcp_bytes',
      `the run's MCP results came to more than mcpTotalBytes=${mcpTotalBytes} in all, at ${label}`,
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
