import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runtimePaths } from './runtime-paths.ts';

test('packaged: the runtime, server and GUI come from the resources', () => {
  const mac = runtimePaths({
    packaged: true,
    resourcesPath: '/Applications/MCP Isolate.app/Contents/Resources',
    projectRoot: '/unused',
    platform: 'darwin',
  });
  assert.equal(mac.node, '/Applications/MCP Isolate.app/Contents/Resources/runtime/bin/node');
  assert.equal(
    mac.serverScript,
    '/Applications/MCP Isolate.app/Contents/Resources/server/bin/mcp-isolate.mjs',
  );
  const win = runtimePaths({
    packaged: true,
    resourcesPath: 'C:/MCP/resources',
    projectRoot: '',
    platform: 'win32',
  });
  assert.match(win.node, /runtime[/\\]node\.exe$/);
});

test("development: the project's Node 24 and sources", () => {
  const dev = runtimePaths({
    packaged: false,
    resourcesPath: '',
    projectRoot: '/src/app',
    platform: 'linux',
  });
  assert.deepEqual(dev, {
    node: '/src/app/node_modules/node/bin/node',
    serverScript: '/src/app/bin/mcp-isolate.mjs',
    gui: '/src/app/renderer/dist/index.html',
  });
});
