import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport as SSEClientTransportV1 } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport as StdioClientTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as StreamableHTTPClientTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { TransportKind } from '../../contract/connections.ts';
import { BIN } from './server-process.ts';

/**
 * The clients the server is proven against: the SDK's version 2 in either era, and version 1.32
 * (what most installed clients still are), which speaks 2025 only.
 */
export type ClientKind = { sdk: 'v2'; era: '2025' | '2026' } | { sdk: 'v1'; era: '2025' };

/** Where a client reaches the server: its URL, or the command that starts one on stdio. */
export interface ServerPlace {
  url?: string;
  stdio?: { command: string; args: string[] };
}

/** One content block of a tool call's answer: text, an image, a resource link or an embedded one. */
export interface AnswerContent {
  type: string;
  text?: string;
  /** An image's base64 bytes, and its type (a link's too). */
  data?: string;
  mimeType?: string;
  /** A resource link's. */
  uri?: string;
  name?: string;
  size?: number;
  resource?: ResourceContents;
}

/** A tool call's answer, the same from either SDK. */
export interface ToolAnswer {
  content: AnswerContent[];
  structuredContent?: unknown;
  isError?: boolean;
}

/** What resources/read gives for one resource: its text, or its bytes in base64. */
export interface ResourceContents {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string;
}

export interface ResourcePage {
  resources: { uri: string; name: string; mimeType?: string; size?: number }[];
  nextCursor?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** How long the client waits for the answer, ms. */
  timeout?: number;
}

/** A connected client of either SDK, behind one shape. */
export interface AnyClient {
  readonly kind: ClientKind;
  readonly transport: TransportKind;
  /** What the client reported on its own, e.g. a progress notification for no request. */
  readonly errors: Error[];
  callTool(name: string, args: Record<string, unknown>, options?: CallOptions): Promise<ToolAnswer>;
  listTools(): Promise<{ tools: { name: string; description?: string; inputSchema: unknown }[] }>;
  /** Every page of resources/list, walked by cursor. */
  listAllResources(): Promise<ResourcePage['resources']>;
  /** One page of resources/list: the first, or the one after `cursor`. */
  listResourcesPage(cursor?: string): Promise<ResourcePage>;
  listResourceTemplates(): Promise<{ resourceTemplates: { name: string; uriTemplate: string }[] }>;
  readResource(uri: string): Promise<{ contents: ResourceContents[] }>;
  /** completion/complete of a resource template's variable. */
  completeResource(
    uriTemplate: string,
    argument: { name: string; value: string },
    known?: Record<string, string>,
  ): Promise<string[]>;
  close(): Promise<void>;
}

/** The eras and SDKs that each transport is served to (SSE is 2025's only). */
export const CLIENT_MATRIX: readonly { kind: ClientKind; transport: TransportKind }[] = [
  ...(['streamable-http', 'stdio'] as const).flatMap((transport) => [
    { kind: { sdk: 'v2', era: '2026' } as const, transport },
    { kind: { sdk: 'v2', era: '2025' } as const, transport },
    { kind: { sdk: 'v1', era: '2025' } as const, transport },
  ]),
  { kind: { sdk: 'v2', era: '2025' }, transport: 'sse' },
  { kind: { sdk: 'v1', era: '2025' }, transport: 'sse' },
];

export const describeClient = ({
  kind,
  transport,
}: {
  kind: ClientKind;
  transport: TransportKind;
}) =>
  `SDK ${kind.sdk} client speaking ${kind.era === '2026' ? '2026-07-28' : '2025-11-25'} over ${transport}`;

/** Connects a client of `kind` over `transport` to the server at `place`. */
export async function connectClient(
  kind: ClientKind,
  transport: TransportKind,
  place: ServerPlace,
  name = `${kind.sdk}-${kind.era}-${transport}`,
): Promise<AnyClient> {
  const info = { name, version: '1.0.0' };
  const errors: Error[] = [];
  if (kind.sdk === 'v1') {
    const client = new ClientV1(info);
    client.onerror = (error) => errors.push(error);
    await client.connect(TRANSPORTS.v1[transport](place));
    return {
      kind,
      transport,
      errors,
      callTool: async (tool, args, options) =>
        (await client.callTool({ name: tool, arguments: args }, undefined, {
          ...options,
          ...(options?.onprogress && { resetTimeoutOnProgress: true }),
        })) as ToolAnswer,
      listTools: () => client.listTools(),
      listAllResources: async () => {
        const resources: ResourcePage['resources'] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listResources(cursor === undefined ? {} : { cursor });
          resources.push(...page.resources);
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        return resources;
      },
      listResourcesPage: (cursor) => client.listResources(cursor === undefined ? {} : { cursor }),
      listResourceTemplates: () => client.listResourceTemplates(),
      readResource: (uri) => client.readResource({ uri }),
      completeResource: async (uri, argument, known) =>
        (
          await client.complete({
            ref: { type: 'ref/resource', uri },
            argument,
            ...(known && { context: { arguments: known } }),
          })
        ).completion.values,
      close: () => client.close(),
    };
  }
  const client = new Client(
    info,
    kind.era === '2026' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  client.onerror = (error) => errors.push(error);
  await client.connect(TRANSPORTS.v2[transport](place));
  return {
    kind,
    transport,
    errors,
    callTool: async (tool, args, options) =>
      (await client.callTool(
        { name: tool, arguments: args },
        {
          ...options,
          ...(options?.onprogress && { resetTimeoutOnProgress: true }),
        },
      )) as ToolAnswer,
    listTools: () => client.listTools(),
    // Without a cursor, version 2's listResources walks every page itself.
    listAllResources: async () => (await client.listResources()).resources,
    // listResources would walk every page: one request is one page.
    listResourcesPage: (cursor) =>
      client.request({ method: 'resources/list', params: cursor === undefined ? {} : { cursor } }),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }),
    completeResource: async (uri, argument, known) =>
      (
        await client.complete({
          ref: { type: 'ref/resource', uri },
          argument,
          ...(known && { context: { arguments: known } }),
        })
      ).completion.values,
    close: () => client.close(),
  };
}

/** Each SDK's client transports, made from where the server is. */
const TRANSPORTS = {
  v1: {
    'streamable-http': (place: ServerPlace) =>
      new StreamableHTTPClientTransportV1(new URL(`${needUrl(place)}/mcp`)),
    sse: (place: ServerPlace) => new SSEClientTransportV1(new URL(`${needUrl(place)}/sse`)),
    stdio: (place: ServerPlace) =>
      new StdioClientTransportV1({ ...needStdio(place), stderr: 'pipe' }),
  },
  v2: {
    'streamable-http': (place: ServerPlace) =>
      new StreamableHTTPClientTransport(new URL(`${needUrl(place)}/mcp`)),
    sse: (place: ServerPlace) => new SSEClientTransport(new URL(`${needUrl(place)}/sse`)),
    stdio: (place: ServerPlace) =>
      new StdioClientTransport({ ...needStdio(place), stderr: 'pipe' }),
  },
};

function needUrl(place: ServerPlace): string {
  if (place.url === undefined) throw new Error('this transport needs the server URL');
  return place.url;
}

function needStdio(place: ServerPlace) {
  if (place.stdio === undefined) throw new Error('stdio needs the command that starts a server');
  return place.stdio;
}

/** The text of a tool answer's first content. */
export const answerText = (answer: ToolAnswer) => answer.content[0]?.text ?? '';

/**
 * Where clients reach a server process: its URL, and for stdio a process that joins it (through
 * its control socket), so the window sees a stdio client too and the sessions are shared.
 */
export const joinedPlace = (server: { url: string; dataDir: string }): ServerPlace => ({
  url: server.url,
  stdio: { command: process.execPath, args: [BIN, '--stdio', '--data-dir', server.dataDir] },
});
