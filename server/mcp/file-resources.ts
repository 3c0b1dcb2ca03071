import {
  type ListResourcesResult,
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  type Resource,
  ResourceNotFoundError,
  ResourceTemplate,
} from '@modelcontextprotocol/server';
import { type FileInfo, fileUri, parseFileUri } from '../../contract/session-files.ts';
import { EngineError } from '../engine/engine-error.ts';
import { resourceContentsOf } from './file-content.ts';
import type { ToolDispatcher } from './tool-dispatcher.ts';

// Every file of a session's newest heap is an MCP resource. `{+path}`: the SDK's UriTemplate
// matches a plain `{path}` within one segment (no `/`), and a file's path has folders.

export const FILE_URI_TEMPLATE = 'mcp-isolate://sessions/{session}/files/{+path}';
/** Resources one resources/list page lists at most: the next page follows `nextCursor`. */
export const RESOURCES_PAGE = 100;

/** Registers the files' template, its paged listing and its completion on `server`. */
export function registerFileResources(server: McpServer, dispatcher: ToolDispatcher): void {
  const template = new ResourceTemplate(FILE_URI_TEMPLATE, {
    // Listed page by page below: the SDK's own listing has no cursor.
    list: undefined,
    // The SDK answers the first 100 values and counts the rest.
    complete: {
      session: (value) => sessionNames(dispatcher).filter((name) => name.startsWith(value)),
      path: async (value, context) => {
        const session = context?.arguments?.session;
        if (session === undefined) return [];
        const files = await filesOf(dispatcher, session);
        return files.map((file) => file.path.slice(1)).filter((path) => path.startsWith(value));
      },
    },
  });
  server.registerResource(
    'session-file',
    template,
    {
      title: "A session's file",
      description:
        "A file of a session's newest heap (run_js's files and node:fs write them; read_file reads any heap's)",
    },
    (uri) => readFileResource(dispatcher, uri.href),
  );
  // After registerResource, which set the SDK's handler, so this one replaces it.
  server.server.setRequestHandler('resources/list', (request) =>
    listFileResources(dispatcher, request.params?.cursor),
  );
}

/** resources/read of a file URI: its text or base64 bytes; anything unknown is not found. */
async function readFileResource(
  dispatcher: ToolDispatcher,
  uri: string,
): Promise<ReadResourceResult> {
  const named = parseFileUri(uri);
  if (!named) throw new ResourceNotFoundError(uri, `${uri} names no session's file`);
  try {
    const read = await dispatcher.readFile(named);
    const mimeType = read.info.mimeType ?? 'application/octet-stream';
    return { contents: [resourceContentsOf({ uri, mimeType, bytes: read.bytes })] };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code.startsWith('unknown_')) throw new ResourceNotFoundError(uri, error.message);
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, error.message, { uri });
  }
}

/**
 * One page of every session's files (their newest heaps'), by session name then path, after
 * `cursor` (the last session and path of the page before).
 */
async function listFileResources(
  dispatcher: ToolDispatcher,
  cursor: string | undefined,
): Promise<ListResourcesResult> {
  const after = cursor === undefined ? undefined : parseCursor(cursor);
  const resources: Resource[] = [];
  let last: [session: string, path: string] = ['', ''];
  for (const session of sessionNames(dispatcher)) {
    if (after && session < after.session) continue;
    for (const file of await filesOf(dispatcher, session)) {
      if (after && session === after.session && file.path <= after.path) continue;
      if (resources.length === RESOURCES_PAGE) return { resources, nextCursor: cursorOf(last) };
      resources.push(resourceOf(session, file));
      last = [session, file.path];
    }
  }
  return { resources };
}

/** Sessions with files, by name. */
const sessionNames = (dispatcher: ToolDispatcher) =>
  dispatcher
    .listSessions()
    .sessions.filter((session) => session.files > 0)
    .map((session) => session.name)
    .sort();

/**
 * A session's files (not folders) by path; none when it cannot be listed (damaged, gone, its
 * manifest lost from the blob store): one session's trouble never fails every session's listing.
 */
async function filesOf(dispatcher: ToolDispatcher, session: string): Promise<FileInfo[]> {
  try {
    const listing = await dispatcher.listFiles({ session });
    return listing.files
      .filter((file) => file.kind === 'file')
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } catch {
    return [];
  }
}

const resourceOf = (session: string, file: FileInfo): Resource => ({
  uri: fileUri(session, file.path),
  name: `${session}:${file.path}`,
  title: `${file.path} (session ${session})`,
  mimeType: file.mimeType ?? 'application/octet-stream',
  size: file.size,
});

/** A page's last file as the cursor of the next: its session and path, opaque to clients. */
const cursorOf = (last: [session: string, path: string]): string =>
  Buffer.from(JSON.stringify(last)).toString('base64url');

function parseCursor(cursor: string): { session: string; path: string } {
  try {
    const [session, path, ...rest]: unknown[] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString(),
    );
    if (typeof session === 'string' && typeof path === 'string' && rest.length === 0) {
      return { session, path };
    }
  } catch {
    // Not JSON, or not an array: an invalid cursor, as below.
  }
  throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'resources/list: an invalid cursor');
}
