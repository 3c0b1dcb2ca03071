import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { callAdmin } from '../test-support/admin-api.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { launcherScript, stdioCommand, writeStdioLauncher } from './stdio-launcher.ts';

const posixOnly = {
  skip: process.platform === 'win32' && 'Windows has no launcher: its command is node.exe itself',
};

/** A data directory whose path needs quoting twice over: a space and a single quote. */
async function awkwardDataDir(): Promise<string> {
  const dir = join(await tempDir(), "it's my data dir");
  await mkdir(dir);
  return dir;
}

/** A runtime at another path than this test's: a hard link to it (a copy where links fail). */
async function otherNode(): Promise<string> {
  const dir = join(await tempDir(), 'another install');
  await mkdir(dir);
  const node = join(dir, 'node');
  await link(process.execPath, node).catch(() => copyFile(process.execPath, node));
  return node;
}

/** Runs a command until it exits, keeping its stderr. */
async function runToExit(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stderr };
}

/** An MCP client over stdio started with `command` exactly; the answer `run_js` gave `code`. */
async function runJsOverStdio(command: string[], code: string) {
  const [file = '', ...args] = command;
  const client = new Client({ name: 'launcher-test', version: '1.0' });
  await client.connect(new StdioClientTransport({ command: file, args, stderr: 'pipe' }));
  try {
    const result = await client.callTool({ name: 'run_js', arguments: { code } });
    return (result.structuredContent as { value?: string }).value;
  } finally {
    await client.close();
  }
}

test(
  'a server writes the stdio launcher into its data directory, and a client started with the status command runs run_js through it, with a space and a quote in the path',
  posixOnly,
  async () => {
    const dataDir = await awkwardDataDir();
    const server = await startServerProcess([], { dataDir });
    const launcher = join(dataDir, 'bin', 'mcp-isolate');
    const status = await callAdmin(server, 'getStatus');
    assert.deepEqual(status.endpoints.stdioCommand, [launcher, '--stdio', '--data-dir', dataDir]);
    assert.equal((await stat(launcher)).mode & 0o777, 0o755);
    assert.equal(await readFile(launcher, 'utf8'), launcherScript(process.execPath, BIN));

    // Joining the running server through its control socket.
    assert.equal(await runJsOverStdio(status.endpoints.stdioCommand, '6 * 7'), '42');
    // With no server running, the stdio process serves on its own.
    await server.stop();
    assert.equal(await runJsOverStdio(status.endpoints.stdioCommand, '"still " + 2'), "'still 2'");
  },
);

test(
  'the launcher is left alone when the same server starts again, rewritten when one from another path starts, and says to start the app when its runtime is gone',
  posixOnly,
  async () => {
    const dataDir = await awkwardDataDir();
    const launcher = join(dataDir, 'bin', 'mcp-isolate');
    await (await startServerProcess([], { dataDir })).stop();
    const first = await stat(launcher);
    await (await startServerProcess([], { dataDir })).stop();
    // The same file, not a new one put in its place: a write renames a new file over it.
    assert.equal((await stat(launcher)).ino, first.ino);
    assert.equal((await stat(launcher)).mtimeMs, first.mtimeMs);

    const node = await otherNode();
    await (await startServerProcess([], { dataDir, node })).stop();
    assert.notEqual((await stat(launcher)).ino, first.ino);
    assert.equal(await readFile(launcher, 'utf8'), launcherScript(node, BIN));

    // That runtime removed, as a move or an uninstall removes it.
    await rm(node);
    const gone = await runToExit(launcher, ['--stdio', '--data-dir', dataDir]);
    assert.equal(gone.code, 127);
    assert.equal(
      gone.stderr,
      `mcp-isolate: ${node} is gone (MCP Isolate was updated or moved); start MCP Isolate once to update this launcher\n`,
    );
  },
);

test(
  'a --stdio process that joins a running server leaves the launcher alone; one that serves on its own writes it',
  posixOnly,
  async () => {
    const dataDir = await awkwardDataDir();
    const launcher = join(dataDir, 'bin', 'mcp-isolate');
    const node = await otherNode();
    const direct = [node, BIN, '--stdio', '--data-dir', dataDir];
    const server = await startServerProcess([], { dataDir });
    assert.equal(await runJsOverStdio(direct, '6 * 7'), '42');
    assert.equal(await readFile(launcher, 'utf8'), launcherScript(process.execPath, BIN));
    await server.stop();
    assert.equal(await runJsOverStdio(direct, '6 * 7'), '42');
    assert.equal(await readFile(launcher, 'utf8'), launcherScript(node, BIN));
  },
);

test(
  'a server that cannot write the launcher still starts, gives its own runtime as the command, and says why',
  posixOnly,
  async () => {
    const dataDir = await awkwardDataDir();
    // A file where the launcher's folder would be: as good as a read-only data directory (this
    // test may run as root, which a read-only folder does not stop).
    await writeFile(join(dataDir, 'bin'), '');
    const server = await startServerProcess([], { dataDir });
    const status = await callAdmin(server, 'getStatus');
    assert.deepEqual(status.endpoints.stdioCommand, [
      process.execPath,
      BIN,
      '--stdio',
      '--data-dir',
      dataDir,
    ]);
    assert.match(
      server.stderr(),
      /cannot write the stdio launcher .*bin\/mcp-isolate \(.*\); clients are given this runtime's own path/,
    );
    assert.equal(await runJsOverStdio(status.endpoints.stdioCommand, '1 + 1'), '2');
  },
);

test(
  'a launcher that lost its execute bit is written again, though its text is right',
  posixOnly,
  async () => {
    const launcher = join(await awkwardDataDir(), 'bin', 'mcp-isolate');
    await writeStdioLauncher(launcher, process.execPath, BIN);
    await chmod(launcher, 0o644);
    await writeStdioLauncher(launcher, process.execPath, BIN);
    assert.equal((await stat(launcher)).mode & 0o777, 0o755);
  },
);

test('on Windows the command is the runtime and the script themselves, and no launcher is written', async () => {
  const dataDir = await tempDir();
  const launcher = join(dataDir, 'bin', 'mcp-isolate');
  const command = await stdioCommand({
    dataDir,
    launcher,
    node: 'C:\\Users\\me\\AppData\\Local\\Programs\\mcp-isolate\\resources\\runtime\\node.exe',
    script:
      'C:\\Users\\me\\AppData\\Local\\Programs\\mcp-isolate\\resources\\server\\bin\\mcp-isolate.mjs',
    platform: 'win32',
    log: (line) => assert.fail(line),
  });
  assert.deepEqual(command, [
    'C:\\Users\\me\\AppData\\Local\\Programs\\mcp-isolate\\resources\\runtime\\node.exe',
    'C:\\Users\\me\\AppData\\Local\\Programs\\mcp-isolate\\resources\\server\\bin\\mcp-isolate.mjs',
    '--stdio',
    '--data-dir',
    dataDir,
  ]);
  await assert.rejects(stat(launcher), { code: 'ENOENT' });
});
