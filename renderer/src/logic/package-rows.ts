import type { EffectOf } from '../../../contract/effect-kinds.ts';
import type { SessionPackage } from '../../../contract/sessions.ts';
import { type EffectTable, effectRow, effectsHeading } from './effect-table.ts';
import { formatBytes, formatMs, plural } from './format.ts';

type PackageLoad = EffectOf<'import'>;

/** One import of a run as its packages table shows it. */
export interface PackageLoadRow {
  specifier: string;
  /** `name@version`; empty when the import failed before it was resolved. */
  resolved: string;
  size: string;
  /** `bundled` (by this run), `cache` (a stored bundle), or `failed`. */
  from: string;
  time: string;
  /** Why the import failed. */
  reason?: string;
  outcome: 'ok' | 'failed';
}

export function packageLoadRow(load: PackageLoad): PackageLoadRow {
  const failed = load.error !== undefined;
  return {
    specifier: load.specifier,
    resolved: load.name && load.version ? `${load.name}@${load.version}` : (load.name ?? ''),
    size: load.bytes !== undefined ? formatBytes(load.bytes) : '',
    from: failed ? 'failed' : load.from === 'built' ? 'bundled' : (load.from ?? ''),
    time: formatMs(load.ms),
    ...(failed && { reason: load.error }),
    outcome: failed ? 'failed' : 'ok',
  };
}

/** The table's heading: "2 packages", how many this run bundled, and how many failed. */
export const packageLoadsHeading = (loads: readonly PackageLoad[]): string =>
  effectsHeading(loads, 'package', [
    ['bundled', (load) => !load.error && load.from === 'built'],
    ['failed', (load) => load.error !== undefined],
  ]);

/**
 * The packages a run imported for the first time in its heap, in the order asked; failed ones
 * with why. It looks like the network panel (its table styles) since it reads the same way.
 */
export const importTable: EffectTable<'import'> = {
  testId: 'run-packages',
  className: 'network run-packages',
  heading: packageLoadsHeading,
  columns: [
    { header: 'Import', long: true },
    { header: 'Package', long: true },
    { header: 'Bundle', width: 'size' },
    { header: 'From', width: 'from' },
    { header: 'Time', width: 'time' },
  ],
  row: (load) => effectRow(packageLoadRow(load), ['specifier', 'resolved', 'size', 'from', 'time']),
};

/** A pinned package as the session's Packages panel shows it. */
export interface SessionPackageRow {
  /** Unique in the session: a lockfile pins each name@version once. */
  key: string;
  name: string;
  version: string;
  tarball: string;
  /** Each entry imported, as code names it (`lodash`, `lodash/fp`), and its bundle's size. */
  bundles: { entry: string; size: string }[];
  dependencies: string;
}

/** `.` is the package's main entry, imported by its bare name. */
const entryName = (name: string, subpath: string) =>
  subpath === '.' ? name : `${name}/${subpath.replace(/^\.\//, '')}`;

export function sessionPackageRow(pinned: SessionPackage): SessionPackageRow {
  return {
    key: `${pinned.name}@${pinned.version}`,
    name: pinned.name,
    version: pinned.version,
    tarball: formatBytes(pinned.tarballBytes),
    bundles: [...pinned.bundles]
      // The main entry first, the others by name.
      .sort((a, b) =>
        a.subpath === '.' ? -1 : b.subpath === '.' ? 1 : a.subpath.localeCompare(b.subpath),
      )
      .map((bundle) => ({
        entry: entryName(pinned.name, bundle.subpath),
        size: formatBytes(bundle.bytes),
      })),
    dependencies: String(pinned.dependencies),
  };
}

/** The panel's rows, by name and then version, so they keep their places between runs. */
export const sessionPackageRows = (packages: readonly SessionPackage[]): SessionPackageRow[] =>
  [...packages]
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) ||
        a.version.localeCompare(b.version, undefined, { numeric: true }),
    )
    .map(sessionPackageRow);

/** "2 packages pinned", with their tarballs' total size. */
export function sessionPackagesHeading(packages: readonly SessionPackage[]): string {
  const bytes = packages.reduce((total, pinned) => total + pinned.tarballBytes, 0);
  return `${plural(packages.length, 'package')} pinned · ${formatBytes(bytes)} of tarballs`;
}
