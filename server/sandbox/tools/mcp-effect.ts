// The mcp effect's host side. Live, a step's calls are checked against the run's policy and
// asked of the server process side by side (only it holds the user's other MCP servers), each
// within the run's deadline; the arguments and results are kept by hash for the journal entry. In
// replay, the recorded results are read back from the blob store and handed to the guest as
// data: no server is ever asked again.
import type { EffectOf } from '../../../contract/effect-kinds.ts';
import type { McpExchange } from '../../store/mcp-record.ts';
import type { EffectHost, EffectRun, Performed, Performer } from '../effects/performer.ts';
import type { RunLimits, ToolCallAnswer } from '../protocol.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import { upstreamRefusal } from './upstream-refusal.ts';

/** A call as the guest sent it (guest/mcp.js): a listing has '' for the rest. */
export interface GuestMcpRequest {
  op: 'call' | 'list';
  server: string;
  tool: string;
  /** The arguments' JSON text, an object's. */
  arguments: string;
}

/** The host's answer to one call, as the guest's mcp receives it. */
export interface GuestMcpAnswer {
  /** The request it answers: a replay's request must equal it. */
  request: GuestMcpRequest;
  /** The CallToolResult's (or the listing's) JSON text. */
  result: string | null;
  error: { message: string; refused: boolean; code: number | null } | null;
}

const LISTING: GuestMcpRequest = { op: 'list', server: '', tool: '', arguments: '' };

/**
 * Names longer than this are no runtime's (guest/mcp.js refuses names over MAX_MCP_NAME before
 * asking, and upstreamRefusal refuses them here): a step sending one is malformed.
 */
const MAX_SENT_NAME = 64 * 1024;
/** What the summary shows of the arguments and the result. */
const PREVIEW_CHARS = 1024;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isArgumentsText(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

/** The calls of a step, as the guest runtime sent them, checked; arguments within the limit. */
function parseMcpRequests(parsed: unknown, limits: RunLimits): GuestMcpRequest[] {
  const isName = (name: unknown) => typeof name === 'string' && name.length <= MAX_SENT_NAME;
  const valid =
    Array.isArray(parsed) &&
    parsed.every((request: Partial<GuestMcpRequest>) =>
      request?.op === 'list'
        ? request.server === '' && request.tool === '' && request.arguments === ''
        : request?.op === 'call' &&
          isName(request.server) &&
          isName(request.tool) &&
          typeof request.arguments === 'string',
    );
  if (!valid) throw new RunError('thrown', 'the run sent the host a malformed MCP call');
  const requests = parsed as GuestMcpRequest[];
  for (const request of requests) {
    if (request.op === 'list') continue;
    if (Buffer.byteLength(request.arguments) > limits.mcpResultBytes) {
      throw limitBroken.mcpArguments(limits, labelOf(request));
    }
    if (!isArgumentsText(request.arguments)) {
      throw new RunError('thrown', 'the run sent the host a malformed MCP call');
    }
  }
  return requests;
}

/** How errors and the report name a call: `github.search`, or the listing. */
const labelOf = (request: GuestMcpRequest) =>
  request.op === 'list' ? 'mcp.servers()' : `${request.server}.${request.tool}`;

const preview = (text: string) => text.slice(0, PREVIEW_CHARS);

function summaryOf(request: GuestMcpRequest): Omit<EffectOf<'mcp'>, 'ms'> {
  if (request.op === 'list') return { server: '' };
  const { server, tool, arguments: args } = request;
  return { server: preview(server), tool: preview(tool), arguments: preview(args) };
}

/**
 * What the guest gets of a tool's result, for the report: the tool's error text, the structured
 * content's JSON, or the text (guest/mcp.js decides the same way).
 */
function resultSummary(text: string): Pick<EffectOf<'mcp'>, 'result' | 'toolError'> {
  let result: unknown;
  try {
    result = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(result)) return {};
  const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  const joined = content
    .filter((item) => isObject(item) && item.type === 'text' && typeof item.text === 'string')
    .map((item) => (item as { text: string }).text)
    .join('\n');
  if (result.isError === true) return { result: preview(joined), toolError: true };
  if (isObject(result.structuredContent)) {
    return { result: preview(JSON.stringify(result.structuredContent)) };
  }
  return { result: preview(joined) };
}

/** The request as the entry records it, its arguments by hash. */
const recordedRequest = (request: GuestMcpRequest, run: EffectRun): McpExchange['request'] =>
  request.op === 'list'
    ? { op: 'list' }
    : {
        op: 'call',
        server: request.server,
        tool: request.tool,
        arguments: run.keep(Buffer.from(request.arguments)),
      };

/**
 * A call that got no result: refused by a setting, or failed. A failure's text came from the
 * server (bounded there) and reaches the guest: it counts against mcpTotalBytes as a result does.
 */
function failedExchange(
  request: GuestMcpRequest,
  error: { message: string; refused?: true; code?: number },
  run: EffectRun,
): Performed<'mcp'> {
  const { message, refused, code } = error;
  if (!refused) run.received(Buffer.byteLength(message), labelOf(request));
  return {
    record: { request: recordedRequest(request, run), error },
    answer: {
      request,
      result: null,
      error: { message, refused: refused === true, code: code ?? null },
    } satisfies GuestMcpAnswer,
    summary: { error: preview(message), ...(refused && { refused: true }) },
  };
}

type Answer = ToolCallAnswer | { listing: string; bytes: number } | { tooLarge: number };

export const mcpEffect: EffectHost<'mcp'> = {
  live: (context): Performer<'mcp', GuestMcpRequest> => {
    const { limits } = context.request;
    return {
      // A step's calls (Promise.all) run side by side.
      together: true,
      parse: (requests) => parseMcpRequests(requests, limits),
      summaryOf,
      refusal: (request) =>
        request.op === 'call'
          ? upstreamRefusal(context.request.upstream, request.server, request.tool)
          : undefined,
      refused: (request, why, run) => failedExchange(request, { message: why, refused: true }, run),
      async perform(request, run) {
        const label = labelOf(request);
        const asked = {
          maxBytes: limits.mcpResultBytes,
          timeoutMs: Math.max(1, Math.ceil(run.deadline - performance.now())),
        };
        let answer: Answer;
        try {
          answer =
            request.op === 'call'
              ? await context.ask(
                  {
                    type: 'tool-call',
                    server: request.server,
                    tool: request.tool,
                    arguments: request.arguments,
                    ...asked,
                  },
                  run.signal,
                )
              : await context.ask({ type: 'tool-list', ...asked }, run.signal);
        } catch (error) {
          // Withdrawn (the deadline, the cancel, the step ending the run) ends the run; a refused
          // ask (no host, a forged-looking one) is the call's failure.
          if (run.signal.aborted) throw error;
          const message = error instanceof Error ? error.message : String(error);
          return failedExchange(request, { message }, run);
        }
        if ('tooLarge' in answer) throw limitBroken.mcpResult(limits, label);
        if ('refused' in answer) {
          return failedExchange(request, { message: answer.refused, refused: true }, run);
        }
        if ('failed' in answer) return failedExchange(request, answer.failed, run);
        const text = 'result' in answer ? answer.result : answer.listing;
        const bytes = Buffer.from(text);
        if (bytes.byteLength > limits.mcpResultBytes) throw limitBroken.mcpResult(limits, label);
        run.received(bytes.byteLength, label);
        return {
          record: {
            request: recordedRequest(request, run),
            result: { blob: run.keep(bytes), bytes: bytes.byteLength },
          },
          answer: { request, result: text, error: null } satisfies GuestMcpAnswer,
          summary: {
            bytes: bytes.byteLength,
            ...(request.op === 'call' ? resultSummary(text) : { result: preview(text) }),
          },
        };
      },
      count: { of: (limits) => limits.mcpCalls, broken: limitBroken.mcpCalls },
      bytes: { of: (limits) => limits.mcpTotalBytes, broken: limitBroken.mcpTotal },
      timedOut: () => limitBroken.timeout(limits),
    };
  },
  /**
   * Arguments and results read by hash (`readBlob` checks each one). A missing or damaged blob is
   * an error, never a call.
   */
  replay: (batches: McpExchange[][], { readBlob }) => {
    const text = async (hash: string) => (await readBlob(hash)).toString('utf8');
    return Promise.all(
      batches.map((batch) =>
        Promise.all(
          batch.map(async ({ request, result, error }): Promise<GuestMcpAnswer> => {
            const guestRequest: GuestMcpRequest =
              request.op === 'list'
                ? LISTING
                : {
                    op: 'call',
                    server: request.server,
                    tool: request.tool,
                    arguments: await text(request.arguments),
                  };
            return {
              request: guestRequest,
              result: result ? await text(result.blob) : null,
              error: error
                ? {
                    message: error.message,
                    refused: error.refused === true,
                    code: error.code ?? null,
                  }
                : null,
            };
          }),
        ),
      ),
    );
  },
};
