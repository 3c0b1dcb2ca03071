/** Per-run limits; each breach is an error that names the limit and its value. */
export interface Limits {
  /** Wall-clock time of one run, restore excluded. */
  timeoutMs: number;
  /** Heap of one isolate. */
  memoryMb: number;
  /** Console output plus the rendered result. */
  outputBytes: number;
  /** Size of the submitted code. */
  codeBytes: number;
  /** Requests one run may make with fetch (redirects followed count as one). */
  netRequests: number;
  /** Body bytes of one fetch response. */
  netResponseBytes: number;
  /**
   * Body bytes of all of one run's fetch responses together: a run holds every body it received
   * until it ends, so this bounds what parallel requests can make the sandbox worker hold.
   */
  netTotalBytes: number;
  /** Bytes of one package tarball downloaded from the registry. */
  packageTarballBytes: number;
  /** Bytes of one package's bundle, the script a run loads. */
  packageBundleBytes: number;
  /** Files one import may unpack: the package and its dependencies together. */
  packageFiles: number;
}

export const DEFAULT_LIMITS: Limits = {
  timeoutMs: 30_000,
  memoryMb: 128,
  outputBytes: 1024 * 1024,
  codeBytes: 1024 * 1024,
  netRequests: 100,
  netResponseBytes: 10 * 1024 * 1024,
  netTotalBytes: 32 * 1024 * 1024,
  packageTarballBytes: 50 * 1024 * 1024,
  packageBundleBytes: 20 * 1024 * 1024,
  // @mui/icons-material alone is 43,010 files.
  packageFiles: 100_000,
};

export const LIMIT_RANGES: Record<keyof Limits, [min: number, max: number]> = {
  timeoutMs: [10, 3_600_000],
  memoryMb: [8, 16_384],
  outputBytes: [1024, 256 * 1024 * 1024],
  codeBytes: [16, 64 * 1024 * 1024],
  netRequests: [1, 10_000],
  netResponseBytes: [1024, 1024 * 1024 * 1024],
  // Past about 380 MiB, a step's answers (base64, in JSON) would pass V8's longest string.
  netTotalBytes: [1024, 256 * 1024 * 1024],
  packageTarballBytes: [1024, 1024 * 1024 * 1024],
  packageBundleBytes: [1024, 512 * 1024 * 1024],
  packageFiles: [1, 10_000_000],
};

/** Fills in defaults and rejects values out of range, with a message naming the limit. */
export function resolveLimits(partial: Partial<Record<keyof Limits, unknown>> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(LIMIT_RANGES) as (keyof Limits)[]) {
    const value = partial[name];
    if (value === undefined) continue;
    const [min, max] = LIMIT_RANGES[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(
        `${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      );
    }
    limits[name] = value;
  }
  return limits;
}
