/**
 * Why an import failed in a way the run sees (the package is unknown, refused, damaged or needs
 * what the sandbox lacks): its promise rejects with this message, and the run goes on. Broken
 * limits and timeouts are run errors instead (run-errors.ts): they end the run.
 */
export class PackageError extends Error {
  override name = 'PackageError';
}
