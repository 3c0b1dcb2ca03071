import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RefusedRequest } from '../../contract/refusals.ts';
import { RPC_ERROR } from './json-rpc-error.ts';

/** What a request Node's HTTP parser refused gets: a status and a JSON-RPC error, as any route. */
function clientErrorAnswer(code: string | undefined): { status: number; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      message: `Request Header Fields Too Large: the headers exceed ${maxHeaderSize} bytes`,
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, message: 'Request Timeout: the request did not arrive in time' };
  }
  return {
    status: 400,
    message: `Bad Request: the request is not valid HTTP (${code ?? 'unknown'})`,
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers requests the HTTP parser refuses (oversized headers, malformed requests) with JSON
 * instead of Node's bare status line, and tells `onRefused`.
 */
export function answerClientErrors(
  server: Server,
  onRefused?: (refused: RefusedRequest) => void,
): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const { status, message } = clientErrorAnswer(error.code);
    const remoteAddress = (socket as Duplex & { remoteAddress?: string }).remoteAddress;
    onRefused?.({
      status,
      cause: 'bad-http',
      reason: message,
      ...(remoteAddress && { remoteAddress }),
    });
    const body = JSON.stringify({
      jsonrpc: '2.0',
      error: { code: RPC_ERROR.invalidRequest, message },
      id: null,
    });
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
