// A real npm registry on 127.0.0.1 for the package tests (there is no internet in tests):
// packuments and tarballs in npm's URL layout, the tarballs made by the machine's `npm pack` so
// their bytes and integrity are what npm itself produces.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';

export interface FixturePackage {
  /** `esm-greet` or `@scope/name` */
  name: string;
  version: string;
  /** package.json fields besides name and version (type, main, exports, dependencies, ...). */
  manifest?: Record<string, unknown>;
  /** Files by relative path (`index.js`, `lib/sub.js`); package.json is generated. */
  files: Record<string, string>;
}

export interface ReceivedRegistryRequest {
  method: string;
  /** As received, percent-decoded (`/@scope%2fname` is recorded as `/@scope/name`). */
  path: string;
  authorization?: string;
}

export interface TestRegistry {
  /** `http://127.0.0.1:PORT/` (with the trailing slash) */
  url: string;
  /**
   * Packs the packages with one `npm pack` and publishes them: each packument gains the version
   * (dist as npm pack reported it) and dist-tags.latest becomes the highest version published.
   */
  publish(...packages: FixturePackage[]): Promise<void>;
  /**
   * Packs an existing package folder (`node_modules/zod`) as npm would publish it (its
   * package.json's `files`, npm's own exclusions) and publishes it the same way; the folder is
   * copied first and left as it is.
   */
  publishFolder(dir: string): Promise<void>;
  /**
   * Publishes `tarball` as it is (any bytes: a hostile registry's) as name@version, with its real
   * sha512 integrity, and `manifest`'s fields besides name and version. No npm pack: fast.
   */
  publishTarball(
    name: string,
    version: string,
    tarball: Buffer,
    manifest?: Record<string, unknown>,
  ): void;
  /** From now on the packument of `name` is served as `edit` changes it (a hostile registry). */
  rewrite(name: string, edit: (packument: Record<string, any>) => void): void;
  /** From now on name@version's tarball is served with one byte changed, its packument unchanged. */
  tamper(name: string, version: string): void;
  received: ReceivedRegistryRequest[];
  /** When set, every request without `authorization: Bearer TOKEN` gets 401. */
  requireToken(token: string | undefined): void;
  close(): Promise<void>;
}

interface PublishedVersion {
  manifest: Record<string, unknown>;
  tarball: Buffer;
  tarballName: string;
  time: string;
}

/** One entry of `npm pack --json`'s array (only the fields used here). */
interface PackResult {
  name: string;
  version: string;
  filename: string;
  integrity: string;
  shasum: string;
}

const run = promisify(execFile);

export async function startNpmRegistry(): Promise<TestRegistry> {
  const workDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-npm-registry-'));
  const packages = new Map<string, Map<string, PublishedVersion>>();
  const tampered = new Set<string>();
  const rewrites = new Map<string, (packument: Record<string, any>) => void>();
  const received: ReceivedRegistryRequest[] = [];
  let token: string | undefined;
  let publishes = 0;

  const server = createServer((request, response) => {
    const raw = new URL(request.url ?? '/', 'http://registry').pathname;
    const path = decodePath(raw);
    const authorization = request.headers.authorization;
    received.push({ method: request.method ?? '', path: path ?? raw, authorization });
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (token !== undefined && authorization !== `Bearer ${token}`) {
      return json(401, { error: 'Unauthorized' });
    }
    // registry.npmjs.org answers every miss with this body.
    const notFound = () => json(404, { error: 'Not found' });
    if (request.method !== 'GET' || path === undefined) return notFound();
    // `/<name>` or `/<name>/-/<basename>-<version>.tgz`, where a scoped name has one slash.
    const [, name = '', tarballName] = /^\/(.+?)(?:\/-\/([^/]+))?$/.exec(path) ?? [];
    const versions = packages.get(name);
    if (!versions) return notFound();
    if (tarballName === undefined) {
      // The abbreviated packument (accept: application/vnd.npm.install-v1+json) gets the full one.
      const doc = packument(name, versions);
      rewrites.get(name)?.(doc);
      return json(200, doc);
    }
    const published = [...versions.entries()].find(([, v]) => v.tarballName === tarballName);
    if (!published) return notFound();
    const [version, { tarball }] = published;
    const bytes = tampered.has(`${name}@${version}`) ? flipOneByte(tarball) : tarball;
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': bytes.length,
    });
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  function packument(name: string, versions: Map<string, PublishedVersion>) {
    const latest = semver.rsort([...versions.keys()])[0];
    return {
      name,
      'dist-tags': { latest },
      versions: Object.fromEntries([...versions].map(([v, p]) => [v, p.manifest])),
      time: Object.fromEntries([...versions].map(([v, p]) => [v, p.time])),
    };
  }

  /** Refuses, like the real registry, a version already published (or twice in one call). */
  function checkUnpublished(manifests: { name: string; version: string }[]): void {
    const ids = manifests.map((m) => `${m.name}@${m.version}`);
    for (const [i, id] of ids.entries()) {
      const { name, version } = manifests[i] as { name: string; version: string };
      if (packages.get(name)?.has(version) || ids.indexOf(id) !== i) {
        throw new Error(`${id} is already published`);
      }
    }
  }

  async function publish(...fixtures: FixturePackage[]): Promise<void> {
    if (fixtures.length === 0) return;
    checkUnpublished(fixtures);
    const dir = join(workDir, `publish-${++publishes}`);
    const packageDirs = await Promise.all(
      fixtures.map((fixture, i) => writeFixture(join(dir, `package-${i}`), fixture)),
    );
    await packAndServe(dir, packageDirs);
  }

  async function publishFolder(folder: string): Promise<void> {
    const manifest = await readManifest(folder);
    checkUnpublished([manifest]);
    const dir = join(workDir, `publish-${++publishes}`);
    // Packed from a copy: the folder stays as it is, whatever npm does where it packs.
    const copy = join(dir, 'package-0');
    await cp(folder, copy, { recursive: true, dereference: true });
    await packAndServe(dir, [copy]);
  }

  /** Packs the package folders under `dir` with one `npm pack`, serves them, removes `dir`. */
  async function packAndServe(dir: string, packageDirs: string[]): Promise<void> {
    const out = join(dir, 'out');
    await mkdir(out, { recursive: true });
    const results = await npmPack(out, packageDirs, dir);
    for (const packageDir of packageDirs) {
      // The version's manifest is its package.json, as the registry lists it, plus its dist.
      const { name, version, ...fields } = await readManifest(packageDir);
      const result = results.find((r) => r.name === name && r.version === version);
      if (!result) throw new Error(`npm pack did not report ${name}@${version}`);
      const tarball = await readFile(join(out, result.filename));
      const tarballName = `${name.split('/').pop()}-${version}.tgz`;
      const manifest = {
        name,
        version,
        ...fields,
        dist: {
          tarball: `${url}${name}/-/${tarballName}`,
          integrity: result.integrity,
          shasum: result.shasum,
        },
      };
      const versions = packages.get(name) ?? new Map<string, PublishedVersion>();
      versions.set(version, {
        manifest,
        tarball,
        tarballName,
        time: new Date().toISOString(),
      });
      packages.set(name, versions);
    }
    await rm(dir, { recursive: true, force: true });
  }

  function publishTarball(
    name: string,
    version: string,
    tarball: Buffer,
    fields: Record<string, unknown> = {},
  ): void {
    checkUnpublished([{ name, version }]);
    const tarballName = `${name.split('/').pop()}-${version}.tgz`;
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    const versions = packages.get(name) ?? new Map<string, PublishedVersion>();
    versions.set(version, {
      manifest: {
        name,
        version,
        ...fields,
        dist: { tarball: `${url}${name}/-/${tarballName}`, integrity },
      },
      tarball,
      tarballName,
      time: new Date().toISOString(),
    });
    packages.set(name, versions);
  }

  return {
    url,
    publish,
    publishFolder,
    publishTarball,
    rewrite(name, edit) {
      rewrites.set(name, edit);
    },
    tamper(name, version) {
      if (!packages.get(name)?.has(version)) throw new Error(`${name}@${version} is not published`);
      tampered.add(`${name}@${version}`);
    },
    received,
    requireToken(value) {
      token = value;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

async function writeFixture(dir: string, fixture: FixturePackage): Promise<string> {
  const packageJson = { name: fixture.name, version: fixture.version, ...fixture.manifest };
  const files = { ...fixture.files, 'package.json': `${JSON.stringify(packageJson, null, 2)}\n` };
  for (const [relative, text] of Object.entries(files)) {
    const file = join(dir, relative);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return dir;
}

/** A package folder's package.json, which must name the package and its version. */
async function readManifest(
  dir: string,
): Promise<{ name: string; version: string } & Record<string, unknown>> {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  if (typeof manifest?.name !== 'string' || typeof manifest.version !== 'string') {
    throw new Error(`${dir}/package.json names no package and version`);
  }
  return manifest;
}

/** One npm invocation for all packages: npm's startup dominates the time of a pack. */
async function npmPack(out: string, dirs: string[], cwd: string): Promise<PackResult[]> {
  const args = ['pack', '--json', '--ignore-scripts', '--pack-destination', out, ...dirs];
  // On Windows npm is npm.cmd, which only a shell runs (Node refuses to spawn .cmd directly).
  const windows = process.platform === 'win32';
  const { stdout } = await run(
    windows ? 'npm.cmd' : 'npm',
    windows ? args.map((arg) => `"${arg}"`) : args,
    {
      cwd,
      shell: windows,
      timeout: 120_000,
      env: {
        ...process.env,
        npm_config_loglevel: 'error',
        // No internet in tests: npm must not go looking for its own newer version.
        npm_config_update_notifier: 'false',
      },
    },
  );
  return JSON.parse(stdout) as PackResult[];
}

/** Undefined when the path is not valid percent-encoding (answered 404). */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function flipOneByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const middle = copy.length >> 1;
  copy[middle] = (copy[middle] as number) ^ 0xff;
  return copy;
}
