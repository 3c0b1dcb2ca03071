import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { everythingStdio } from '../test-support/everything-server.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { SCHEMA_LIMITS } from './schema-to-ts.ts';
import {
  type DeclaredServer,
  type DeclaredTool,
  methodDeclaration,
  toolDeclarations,
} from './tool-declarations.ts';

const everythingTools: DeclaredTool[] = JSON.parse(
  readFileSync(new URL('fixtures/everything-tools.json', import.meta.url), 'utf8'),
).tools;
const everything: DeclaredServer = {
  name: 'everything',
  transport: 'stdio',
  tools: everythingTools,
};
const tool = (name: string) => everythingTools.find((t) => t.name === name) as DeclaredTool;
const bytes = (text: string) => Buffer.byteLength(text);

test('the server-everything fixture is what the installed server lists over stdio', async () => {
  const client = new Client({ name: 'fixture-check', version: '1' }, { capabilities: {} });
  await client.connect(new StdioClientTransport({ ...everythingStdio(), stderr: 'ignore' }));
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(JSON.parse(JSON.stringify(tools)), everythingTools);
  } finally {
    await client.close();
  }
});

test("server-everything's get-sum and get-structured-content declare their arguments and result", () => {
  assert.equal(
    methodDeclaration('everything', tool('get-sum')),
    [
      '    /** Returns the sum of two numbers */',
      '    "get-sum"(args: {',
      '      /** First number */',
      '      a: number;',
      '      /** Second number */',
      '      b: number;',
      '    }): Promise<string>;',
      '',
    ].join('\n'),
  );
  assert.equal(
    methodDeclaration('everything', tool('get-structured-content')),
    [
      '    /** Returns structured content along with an output schema for client data validation */',
      '    "get-structured-content"(args: {',
      '      /** Choose city */',
      '      location: "New York" | "Chicago" | "Los Angeles";',
      '    }): Promise<{',
      '      /** Temperature in celsius */',
      '      temperature: number;',
      '      /** Weather conditions description */',
      '      conditions: string;',
      '      /** Humidity percentage */',
      '      humidity: number;',
      '    }>;',
      '',
    ].join('\n'),
  );
});

test('a tool with no required argument takes args?, and its title stands in for a missing description', () => {
  assert.equal(
    methodDeclaration('everything', tool('get-env')),
    '    /** Returns all environment variables, helpful for debugging MCP server configuration */\n    "get-env"(args?: {}): Promise<string>;\n',
  );
  assert.equal(
    methodDeclaration('s', { name: 'plain', title: 'A title', inputSchema: { type: 'object' } }),
    '    /** A title */\n    "plain"(args?: { [key: string]: unknown }): Promise<string>;\n',
  );
});

test('each server is headed by its transport, its tool count and how to call its first tool', () => {
  const text = toolDeclarations([everything]);
  assert.ok(
    text.startsWith(
      'interface McpServers {\n  // everything (stdio, 13 tools): mcp.everything.echo(args) or mcp.call("everything", "echo", args)\n  "everything": {\n',
    ),
  );
  assert.equal(text.match(/^ {4}"[a-z-]+"\(args/gm)?.length, everythingTools.length);
  const some = toolDeclarations([{ ...everything, tools: [tool('get-sum')], toolCount: 13 }]);
  assert.match(
    some,
    /\/\/ everything \(stdio, 13 tools, 1 shown\): mcp\.everything\["get-sum"\]\(args\) or mcp\.call\("everything", "get-sum", args\)\n/,
  );
});

test('a server or tool named as the proxy answers itself is called through mcp.call', () => {
  const named = (name: string): DeclaredTool => ({ name, inputSchema: {} });
  const text = toolDeclarations([
    {
      name: 'files',
      transport: 'streamable-http',
      tools: [named('then'), named('call'), named('__proto__')],
    },
    { name: 'toJSON', transport: 'sse', tools: [named('read')] },
  ]);
  assert.match(
    text,
    /\/\/ files \(streamable-http, 3 tools\): mcp\.call\("files", "then", args\)\n/,
  );
  assert.match(text, /\/\*\* Only through mcp\.call\("files", "then", args\) \*\/\n {4}"then"/);
  assert.match(text, /\/\*\* Only through mcp\.call\("files", "call", args\) \*\/\n {4}"call"/);
  assert.match(text, /\/\*\* Only through mcp\.call\("files", "__proto__", args\) \*\/\n/);
  assert.match(text, /\/\/ toJSON \(sse, 1 tool\): mcp\.call\("toJSON", "read", args\)\n/);
  assert.match(text, /\/\*\* Only through mcp\.call\("toJSON", "read", args\) \*\/\n/);
});

test('names that are no identifiers are quoted and reached with brackets, on one line', () => {
  const text = toolDeclarations([
    { name: 'my server', transport: 'stdio', tools: [{ name: 'do it\u2028now', inputSchema: {} }] },
  ]);
  assert.match(
    text,
    /\/\/ my server \(stdio, 1 tool\): mcp\["my server"\]\["do it\\u2028now"\]\(args\) or mcp\.call\("my server", "do it\\u2028now", args\)\n/,
  );
  assert.match(text, /\n {2}"my server": \{\n {4}"do it\\u2028now"\(args\?: unknown\)/);
  assert.doesNotMatch(text, /\u2028/);
});

test('the closing lines explain { raw: true }, McpToolError and the TypeError of a refusal', () => {
  const text = toolDeclarations([]);
  assert.ok(text.startsWith('interface McpServers {\n}\n// '));
  assert.match(text, /structuredContent/);
  assert.match(text, /\{ raw: true \} as the second argument/);
  assert.match(text, /rejects with an McpToolError/);
  assert.match(text, /rejects with a TypeError naming the setting/);
});

test("a tool's text is at most 64 KiB however large its description and schemas", () => {
  const wide = {
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: 50_000 }, (_, i) => [`p${i}`, { type: 'string' }]),
    ),
  };
  const method = methodDeclaration('s', {
    name: 'huge',
    description: 'd'.repeat(1_000_000),
    inputSchema: wide,
    outputSchema: wide,
  });
  assert.ok(bytes(method) <= SCHEMA_LIMITS.bytes, `${bytes(method)} bytes`);
  assert.ok(method.includes('d… */\n    "huge"(args?: {\n      p0?: string;'));
  assert.ok(method.endsWith('}): Promise<unknown>;\n'), 'the result is cut to unknown');
});

test('a tool whose name alone is over the budget is left out with a line saying so', () => {
  const method = methodDeclaration('s', { name: 'n'.repeat(100_000), inputSchema: {} });
  assert.equal(method, '    // a tool whose name is 100000 bytes long is not shown\n');
});

test('the declarations are TypeScript that checks a call: server-everything, every feature and hostile names', async () => {
  const features: DeclaredTool = {
    name: 'features',
    inputSchema: {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'ends */ here', default: '*/' },
        count: { type: ['integer', 'null'] },
        mode: { enum: ['a', 'b', 1, null] },
        fixed: { const: 'x' },
        list: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
        pair: {
          type: 'array',
          prefixItems: [{ type: 'string' }, { type: 'boolean' }],
          items: false,
        },
        both: {
          allOf: [{ $ref: '#/$defs/Named' }, { type: 'object', additionalProperties: true }],
        },
        tree: { $ref: '#/$defs/Node' },
        map: {
          type: 'object',
          properties: { known: { type: 'string' } },
          additionalProperties: { type: 'number' },
        },
        'odd key': { type: 'boolean', nullable: true },
        ...JSON.parse('{"__proto__": {"type": "string"}, "constructor": {"type": "number"}}'),
        many: { enum: Array.from({ length: 500 }, (_, i) => `m${i}`) },
      },
      // Optional, `constructor` would be Object's in any literal, and no literal would fit.
      required: ['text', 'constructor'],
      $defs: {
        Named: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } },
      },
    },
    outputSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
  };
  const hostile: DeclaredServer = {
    name: 'my "server" */',
    transport: 'stdio\nnext',
    tools: [features, { name: 'then', inputSchema: {} }, { name: 'a\u2029b', inputSchema: {} }],
  };
  const declarations = toolDeclarations([everything, hostile]);
  const usage = [
    'declare const mcp: McpServers;',
    'export async function use() {',
    "  const sum: string = await mcp.everything['get-sum']({ a: 1, b: 2 });",
    '  // @ts-expect-error: b is required',
    "  await mcp.everything['get-sum']({ a: 1 });",
    "  const weather = await mcp.everything['get-structured-content']({ location: 'Chicago' });",
    '  const degrees: number = weather.temperature;',
    '  // @ts-expect-error: not a city the enum lists',
    "  await mcp.everything['get-structured-content']({ location: 'Paris' });",
    "  await mcp.everything['get-env']();",
    `  const ok: boolean = (await mcp[${JSON.stringify(hostile.name)}].features({ text: 'x', constructor: 1, pair: ['a', true], map: { known: 'k', other: 1 } })).ok;`,
    '  return [sum, degrees, ok];',
    '}',
  ].join('\n');
  const dir = await tempDir();
  const file = join(dir, 'declarations.ts');
  await writeFile(file, `${declarations}\n${usage}\n`);
  const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
  await promisify(execFile)(
    process.execPath,
    [tsc, '--noEmit', '--strict', '--target', 'es2022', '--types', '', file],
    { cwd: dir },
  ).catch((error: { stdout?: string }) => assert.fail(error.stdout || String(error)));
});
