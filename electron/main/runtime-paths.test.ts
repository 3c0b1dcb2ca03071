import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runtimePaths } from './runtime-paths.ts';

test('packaged: the runtime, server and tray icons come from the resources, the GUI from app.asar', () => {
  const resources = '/Applications/MCP Isolate.app/Contents/Resources';
  const mac = runtimePaths({
    packaged: true,
    resourcesPath: resources,
    appPath: `${resources}/app.asar`,
    platform: 'darwin',
  });
  assert.deepEqual(mac, {
    node: `${resources}/runtime/bin/node`,
    serverScript: `${resources}/server/bin/mcp-isolate.mjs`,
    gui: `${resources}/app.asar/renderer/dist`,
    icons: `${resources}/icons`,
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
    node: '/src/app/node_modules/node/bin/node',
    serverScript: '/src/app/bin/mcp-isolate.mjs',
    gui: '/src/app/renderer/dist',
    icons: '/src/app/electron/icons',
  });
});
