// Which versions a package and its dependencies resolve to, and where each goes: npm's rules,
// simplified. A range takes the `latest` tag when that satisfies it, else the highest version
// that does (avoiding deprecated ones); each dependency is hoisted to the top `node_modules`
// unless a conflicting version already stands in the way, and then nests under its dependent,
// so that Node's lookup (and the bundler's) finds the version each package asked for.
import semver from 'semver';
import { PackageError } from './package-error.ts';
import { listedVersions, manifestOf, type Packument, type PackumentVersion } from './packument.ts';

/**
 * The version of `packument` a range (or dist-tag; none means `latest`) resolves to; a
 * PackageError when that is a version the registry listed wrongly (packument.ts).
 */
export function pickVersion(packument: Packument, range = 'latest'): PackumentVersion | undefined {
  const tags = packument['dist-tags'];
  const tagged = Object.hasOwn(tags, range) ? tags[range] : undefined;
  if (tagged !== undefined) return manifestOf(packument, tagged);
  const wanted = range === '' ? '*' : range;
  if (semver.validRange(wanted) === null) return undefined;
  const listed = listedVersions(packument);
  const latest = tags.latest;
  if (latest !== undefined && listed.includes(latest) && semver.satisfies(latest, wanted)) {
    return manifestOf(packument, latest);
  }
  const matching = listed
    .filter((version) => semver.satisfies(version, wanted))
    .sort(semver.rcompare);
  const best = matching.find((version) => !packument.versions[version]?.deprecated) ?? matching[0];
  return best === undefined ? undefined : manifestOf(packument, best);
}

/** A package placed in the tree: its folder, relative to the tree's root. */
export interface PlacedPackage {
  /** `node_modules/name` or `node_modules/a/node_modules/name` */
  path: string;
  manifest: PackumentVersion;
}

interface TreeNode extends PlacedPackage {
  parent: TreeNode | undefined;
  children: Map<string, TreeNode>;
}

/** More than this many packages in one tree is refused, rather than downloaded. */
export const MAX_TREE_PACKAGES = 1000;

/**
 * The tree `root` needs, root first: every dependency (and non-optional peer dependency),
 * resolved with `packument` and placed as npm would. An optional dependency that does not
 * resolve is left out; any other is a PackageError naming it and who needs it.
 */
export async function resolveTree(
  root: PackumentVersion,
  packument: (name: string) => Promise<Packument>,
): Promise<PlacedPackage[]> {
  const top: TreeNode = {
    path: '',
    manifest: root,
    parent: undefined,
    children: new Map(),
  };
  const rootNode = place(top, root);
  const placed: TreeNode[] = [rootNode];
  for (let i = 0; i < placed.length; i++) {
    const node = placed[i] as TreeNode;
    const wanted = dependenciesOf(node.manifest);
    // Side by side: the registry answers each name once (packument() caches).
    await Promise.all(
      wanted.map(({ name, optional }) =>
        packument(name).catch((error) => {
          if (!optional) throw error;
        }),
      ),
    );
    for (const { name, range, optional } of wanted) {
      const found = lookUp(node, name);
      if (found && satisfies(found.manifest.version, range)) continue;
      let manifest: PackumentVersion | undefined;
      try {
        manifest = pickVersion(await packument(name), rangeOf(name, range, node.manifest));
      } catch (error) {
        if (optional) continue;
        throw error;
      }
      if (!manifest) {
        if (optional) continue;
        throw new PackageError(
          `no version of '${name}' matches "${range}", which ${node.manifest.name}@${node.manifest.version} depends on`,
        );
      }
      // Nothing by that name on the way up: the top takes it. Else a conflicting version is in
      // the way, and it goes right under the package that needs it.
      placed.push(place(found ? node : top, manifest));
      if (placed.length > MAX_TREE_PACKAGES) {
        throw new PackageError(
          `${root.name}@${root.version} needs more than ${MAX_TREE_PACKAGES} packages: refused`,
        );
      }
    }
  }
  return placed.map(({ path, manifest }) => ({ path, manifest }));
}

function place(parent: TreeNode, manifest: PackumentVersion): TreeNode {
  const node: TreeNode = {
    path: `${parent.path ? `${parent.path}/` : ''}node_modules/${manifest.name}`,
    manifest,
    parent,
    children: new Map(),
  };
  parent.children.set(manifest.name, node);
  return node;
}

/** What Node would find for `name` from inside `node`: its own, then each parent's. */
function lookUp(node: TreeNode, name: string): TreeNode | undefined {
  for (let at: TreeNode | undefined = node; at; at = at.parent) {
    const found = at.children.get(name);
    if (found) return found;
  }
  return undefined;
}

interface Wanted {
  name: string;
  range: string;
  optional: boolean;
}

/** A manifest's dependencies, sorted by name (so the tree is the same every time). */
function dependenciesOf(manifest: PackumentVersion): Wanted[] {
  const wanted = new Map<string, Wanted>();
  const optionalPeers = manifest.peerDependenciesMeta ?? {};
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (!optionalPeers[name]?.optional) wanted.set(name, { name, range, optional: false });
  }
  for (const [name, range] of Object.entries(manifest.optionalDependencies ?? {})) {
    wanted.set(name, { name, range, optional: true });
  }
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!wanted.get(name)?.optional) wanted.set(name, { name, range, optional: false });
  }
  return [...wanted.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A dependency's range, or a PackageError for what the sandbox cannot install (git, files). */
function rangeOf(name: string, range: string, dependent: PackumentVersion): string {
  if (range === '' || semver.validRange(range) !== null || /^[a-z][\w.-]*$/i.test(range)) {
    return range;
  }
  throw new PackageError(
    `${dependent.name}@${dependent.version} depends on '${name}' as "${range}", which the sandbox cannot install (only registry versions)`,
  );
}

const satisfies = (version: string, range: string) =>
  range === '' || range === 'latest' || semver.satisfies(version, range === '' ? '*' : range);
