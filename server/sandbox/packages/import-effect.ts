// The import effect's host side. Live, a step's specifiers are loaded one after another (a later
// one may use an earlier one's pin) by the run's PackageLoader (run-packages.ts) and recorded for
// the journal entry; in replay the recorded bundles are read back and handed to the guest as
// data, never resolved again (a bundle the store lost is built again from its pinned tarballs, in
// a worker).
import type { LoadedPackage, PackageBatches } from '../../store/package-record.ts';
import type { EffectHost, Performed, Performer } from '../effects/performer.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import { PackageError } from './package-error.ts';
import {
  importRefusal,
  labelOf,
  type PackageContext,
  PackageLoader,
  replaySource,
} from './run-packages.ts';

/** The host's answer to one import, as the guest's packages.js receives it. */
export interface GuestImport {
  /** The import it answers: a replay's must equal it. */
  specifier: string;
  /** The bundle's hash ('' with an error). */
  bundle: string;
  /** `name@version` or `name@version/subpath`. */
  label: string;
  /** The bundle's script ('' with an error). */
  source: string;
  error: string | null;
}

/** The specifiers of a step, as the guest runtime sent them, checked. */
export function parseSpecifiers(parsed: unknown): string[] {
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new RunError('thrown', 'the run sent the host a malformed import');
  }
  return parsed;
}

/** An import that loaded nothing: its promise rejects with `error`, and the run goes on. */
const failedImport = (specifier: string, error: string): Performed<'import'> => ({
  record: { specifier, error },
  answer: { specifier, bundle: '', label: specifier, source: '', error } satisfies GuestImport,
  summary: { error },
});

const loadedImport = (specifier: string, loaded: LoadedPackage, source: string): GuestImport => ({
  specifier,
  bundle: loaded.bundle,
  label: labelOf(loaded),
  source,
  error: null,
});

export const importEffect: EffectHost<'import'> = {
  live: (context): Performer<'import', string> => {
    const { request } = context;
    const loader = new PackageLoader(packageContext(context), request.session, request.parent);
    return {
      together: false,
      parse: parseSpecifiers,
      summaryOf: (specifier) => ({ specifier }),
      refusal: (specifier) => importRefusal(specifier, request.packages),
      refused: failedImport,
      async perform(specifier, run) {
        try {
          const { loaded, source, from } = await loader.load(specifier, run.signal);
          await loader.pin({ specifier, package: loaded, ms: 0 });
          return {
            record: { specifier, package: loaded },
            answer: loadedImport(specifier, loaded, source),
            summary: {
              name: loaded.name,
              version: loaded.version,
              bytes: loaded.bundleBytes,
              from,
            },
          };
        } catch (error) {
          if (!(error instanceof PackageError) || run.signal.aborted) throw error;
          return failedImport(specifier, error.message);
        }
      },
      timedOut: (specifier) => limitBroken.timeoutImporting(request.limits, specifier),
    };
  },
  /**
   * Each bundle's source from the store; one the store lost is built again from its pinned
   * tarballs where the replay can (a worker's, within the run's deadline), else an error. Never
   * a new resolve.
   */
  replay: async (batches: PackageBatches, { readBlob: read, recover }) => {
    const source = recover
      ? replaySource(
          packageContext(recover),
          AbortSignal.any([recover.cancel, AbortSignal.timeout(recover.request.limits.timeoutMs)]),
        )
      : async (loaded: LoadedPackage) => (await read(loaded.bundle)).toString('utf8');
    const answers: GuestImport[][] = [];
    for (const batch of batches) {
      const answered: GuestImport[] = [];
      for (const { specifier, package: loaded, error } of batch) {
        answered.push(
          loaded
            ? loadedImport(specifier, loaded, await source(loaded))
            : {
                specifier,
                bundle: '',
                label: specifier,
                source: '',
                error: error ?? '',
              },
        );
      }
      answers.push(answered);
    }
    return answers;
  },
};

/** What loading a run's packages needs of its context. */
const packageContext = ({
  request,
  layout,
  buildDir,
  fetch,
}: Parameters<EffectHost<'import'>['live']>[0]): PackageContext => ({
  layout,
  policy: request.packages,
  limits: request.limits,
  buildDir,
  fetch,
});
