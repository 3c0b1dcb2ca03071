import { z } from 'zod';
import type { ProtocolEra } from '../../contract/connections.ts';
import { effectFieldsShape } from '../../contract/effect-kinds.ts';
import { upstreamStateSchema, upstreamTransportSchema } from '../../contract/mcp-upstreams.ts';
import { runReportSchema } from '../../contract/run-report.ts';
import {
  FILES_CWD,
  fileInfoSchema,
  fileListingSchema,
  inputFilesSchema,
} from '../../contract/session-files.ts';
import { heapSummarySchema, sessionSummarySchema } from '../../contract/sessions.ts';

// The one definition of the MCP tools: names, descriptions, input and output schemas. The MCP
// server registers these and the JSON API validates against the same ones. Their outputs are
// the contract's shapes: a run's is a projection of its report.

/**
 * Where a run without `session` goes, as each era's `run_js` tells the model: a 2025 connection
 * owns a session; in 2026 nothing does, so each such run starts one and its name is the handle.
 */
const WITHOUT_SESSION: Record<ProtocolEra, { input: string; line: string }> = {
  legacy: {
    input: "Session to run in (created on first use). Default: this connection's own session",
    line: "Without `session` the code runs in this connection's own session; name a session to share or keep state across connections",
  },
  modern: {
    input:
      'Session to run in (created on first use). Without it a new session starts, named in the result: pass that name back to continue',
    line: 'Without `session` each call starts a new session, named in the result (`session`): pass that name back as `session` to keep its state; name a session yourself to share it',
  },
};

const runJsInput = (era: ProtocolEra) => ({
  code: z
    .string()
    .describe(
      "JavaScript or TypeScript to run, as in a REPL: the last statement's value is the result",
    ),
  session: z.string().optional().describe(WITHOUT_SESSION[era].input),
  heap: z
    .string()
    .optional()
    .describe(
      'Heap id to start a new session from (a fork): without `session`, a new session named in the result; a named session must be new or at that heap',
    ),
  files: inputFilesSchema
    .optional()
    .describe(
      `Files written into the session before the code runs, by path (relative to ${FILES_CWD}, or absolute): text as a string, bytes as {"base64": "…"}`,
    ),
});

/** A run's result: its report without what only the window shows, its effects listed by kind. */
export const runJsOutput = {
  ...runReportSchema.omit({ restoredFrom: true, restoreMs: true, heapBytes: true, effects: true })
    .shape,
  ...effectFieldsShape,
};

export const listSessionsOutput = { sessions: z.array(sessionSummarySchema) };

export const listSessionSnapshotsInput = {
  session: z.string().describe('Session name, as list_sessions gives it'),
};

export const listSessionSnapshotsOutput = {
  session: z.string(),
  heaps: z.array(heapSummarySchema),
};

/** What run_js adds when code may call the user's other MCP servers (any enabled in mcpServers). */
const UPSTREAM_LINE =
  "Code can call the user's other MCP servers through the global `mcp` (`await mcp.NAME.TOOL(args)`): list_mcp_tools gives their TypeScript declarations; each call is recorded and replayed, never made again on restore.";

/** `run_js` as a server of `era` lists it; `upstream`: code may call other MCP servers. */
export const runJsTool = (era: ProtocolEra, upstream: boolean) => ({
  title: 'Run JavaScript',
  description: [
    'Run JavaScript or TypeScript in a persistent sandboxed V8 session and get the value of its last statement, as in a REPL.',
    'State persists: top-level var/let/const/function/class stay defined for later runs in the same session (redeclaring is fine). Top-level await works. console.* output is returned.',
    `${WITHOUT_SESSION[era].line} (a session left unnamed, \`session-…\`, is removed after days without a run; a named one is kept). Every committed run makes a new heap id; pass \`heap\` (with a new session name, or none for a new session named in the result) to fork from any earlier heap.`,
    'A run that throws, times out or exceeds a limit changes nothing. Math.random is seeded and Date.now() is a virtual clock that stands still during a run; setTimeout/setInterval run on virtual time (awaiting a 10 s timer returns at once) and timers still pending at the end are cancelled.',
    'progress(done, total?, message?) reports how far a long run got: sent as notifications/progress when the call carries a progressToken.',
    'fetch reaches only the hosts the server allows (off unless it was started with --allow-net); what a run fetched is recorded and replayed, never fetched again.',
    "npm packages import by name: `import _ from 'lodash'`, `import { z } from 'zod'`, `import x from 'npm:pkg@^2'`, subpaths (`pkg/sub`) and `await import('pkg')`; imported names become session globals. The first import in a session resolves, downloads and bundles the package (a large one may need a longer timeout); the session pins that version. No Node built-ins besides node:fs (no process, Buffer or require).",
    `Files: each heap has its own file system, kept with the session (forks see their parent's files, a failed run changes none). \`files\` writes files before the code runs (relative paths go to ${FILES_CWD}, the working directory); code reads and writes them with node:fs (\`import { readFileSync } from 'node:fs'\`, or node:fs/promises). The result links the files a run created or changed; list_files and read_file (or the server's resources, one a file) read them later.`,
    'display(data, mimeType) shows content to you in the result: a PNG, JPEG, GIF or WebP image (a Uint8Array), text, or anything else as a resource; it is also kept as a file under /display.',
    ...(upstream ? [UPSTREAM_LINE] : []),
  ].join('\n'),
  inputSchema: runJsInput(era),
  outputSchema: runJsOutput,
});

export const listMcpToolsInput = {
  server: z
    .string()
    .optional()
    .describe("Only this server's tools (a name in the user's mcpServers). Default: every server"),
  query: z
    .string()
    .max(200)
    .optional()
    .describe(
      'Words to search the tools by (their names, descriptions and parameters), best matches first. Default: every tool',
    ),
};

export const listMcpToolsOutput = {
  servers: z
    .array(
      z.object({
        name: z.string(),
        transport: upstreamTransportSchema,
        state: upstreamStateSchema,
        tools: z.number().int().describe('Tools code may call (its allowTools)'),
        error: z.string().optional().describe('Why it could not be listed, or why it failed'),
      }),
    )
    .describe('The servers in mcpServers'),
  declarations: z
    .string()
    .describe('TypeScript declarations of the tools chosen, as code calls them through `mcp`'),
  matched: z.number().int().describe('Tools the query matched (all of them without one)'),
  more: z.number().int().describe('Matched tools left out of the declarations to keep them short'),
};

const fileQueryInput = {
  session: z.string().describe('Session name, as run_js or list_sessions gives it'),
  heap: z
    .string()
    .optional()
    .describe("Heap id of the session's history (list_session_snapshots). Default: its newest"),
};

export const listFilesInput = {
  ...fileQueryInput,
  path: z.string().optional().describe('Folder to list, from / (default: every file)'),
};

export const readFileInput = {
  ...fileQueryInput,
  path: z.string().describe(`File to read: absolute, or relative to ${FILES_CWD}`),
};

export const listFilesOutput = fileListingSchema.shape;

export const readFileOutput = {
  session: z.string(),
  heap: z.string().describe('The heap whose file this is'),
  file: fileInfoSchema,
};

export const TOOLS = {
  list_sessions: {
    title: 'List sessions',
    description:
      'List every persistent session: name, newest heap id, how many heaps its history holds (the inherited ones of a fork counted apart) and how many have a snapshot, its files (how many, and their bytes), when it was created and last changed, and what it was forked from.',
    outputSchema: listSessionsOutput,
  },
  list_session_snapshots: {
    title: 'List the heaps of a session',
    description:
      "List a session's heaps, oldest first: each heap id with the code that made it, when, and the size of its snapshot once made. Any heap id can start a new session through run_js's `heap`.",
    inputSchema: listSessionSnapshotsInput,
    outputSchema: listSessionSnapshotsOutput,
  },
  list_mcp_tools: {
    title: "List the user's other MCP tools",
    description:
      "TypeScript declarations of the tools code may call through the global `mcp` in run_js: the user's other MCP servers (mcpServers) and their allowed tools, with each server's state. Pass `query` (words) to find the few tools a task needs, or `server` for one server's.",
    inputSchema: listMcpToolsInput,
    outputSchema: listMcpToolsOutput,
  },
  list_files: {
    title: 'List the files of a session',
    description:
      "List a session's files and folders (its newest heap's, or `heap`'s), below `path` if given: each with its size, type and last change. Every heap keeps its own files: run_js's `files` and code (node:fs) write them.",
    inputSchema: listFilesInput,
    outputSchema: listFilesOutput,
  },
  read_file: {
    title: 'Read a file of a session',
    description:
      "Read one file of a session (its newest heap's, or `heap`'s): text as text, an image (PNG, JPEG, GIF, WebP) as an image, anything else as a base64 resource.",
    inputSchema: readFileInput,
    outputSchema: readFileOutput,
  },
} as const;

export const runJsArgs = z.object(runJsInput('legacy')).strict();
export type RunJsArgs = z.infer<typeof runJsArgs>;
export type ListFilesArgs = z.infer<z.ZodObject<typeof listFilesInput>>;
export type ReadFileArgs = z.infer<z.ZodObject<typeof readFileInput>>;
export type ListFilesOutput = z.infer<z.ZodObject<typeof listFilesOutput>>;
export type ReadFileOutput = z.infer<z.ZodObject<typeof readFileOutput>>;
export type ListMcpToolsArgs = z.infer<z.ZodObject<typeof listMcpToolsInput>>;
export type ListMcpToolsOutput = z.infer<z.ZodObject<typeof listMcpToolsOutput>>;
export type RunJsOutput = z.infer<z.ZodObject<typeof runJsOutput>>;
export type ListSessionsOutput = z.infer<z.ZodObject<typeof listSessionsOutput>>;
export type ListSessionSnapshotsOutput = z.infer<z.ZodObject<typeof listSessionSnapshotsOutput>>;
