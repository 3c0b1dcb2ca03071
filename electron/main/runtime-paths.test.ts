import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runtimePaths } from './runtime-paths.ts';

test('packaged: the runtime, server and tray icons come from the resources, the GUI from app.asar', () => {
  const resources = '/Applications/MCP Isolate.app/Contents/Resources';
  const mac = runtimePaths({
    packaged: true,
    resourcesPath: resources,
    appPath: join(resources, 'app.asar'),
    platform: 'darwin',
  });
  assert.deepEqual(mac, {
    node: join(resources, 'runtime', 'bin', 'node'),
    serverScript: join(resources, 'server', 'bin', 'mcp-isolate.mjs'),
    gui: join(resources, 'app.asar', 'renderer', 'dist'),
    icons: join(resources, 'icons'),
  });
  const win = runtimePaths({
    packaged: true,
    resourcesPath: 'C:/MCP/resources',
    appPath: 'C:/MCP/resources/app.asar',
    platform: 'win32',
  });
  assert.match(win.node, /runtime[/\\]node\.exe$/);
});

test("development: the project's Node 24, sources, GUI build and icons", () => {
  const dev = runtimePaths({
    packaged: false,
    resourcesPath: '',
    appPath: '/src/app',
    platform: 'linux',
  });
  assert.deepEqual(dev, {
    node: join('/src/app', 'node_modules', 'node', 'bin', 'node'),
    serverScript: join('/src/app', 'bin', 'mcp-isolate.mjs'),
    gui: join('/src/app', 'renderer', 'dist'),
    icons: join('/src/app', 'electron', 'icons'),
  });
});
