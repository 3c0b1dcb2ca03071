import { type ConnectionFailure, DesktopError } from '../../../contract/http-desktop-client.ts';

/** Where an address with the right admin token is, however the server was started. */
const RIGHT_ADDRESS =
  "open the address the server printed when it started (it ends in #token=…), or guiUrl in server.json in the server's data directory; the desktop app's own window needs no token";

/** What the window says when the server cannot be used at all, with what to do about it. */
export function failureText(failure: ConnectionFailure): string {
  switch (failure) {
    case 'token-missing':
      return `This page needs the admin token: ${RIGHT_ADDRESS}.`;
    case 'token-refused':
      return `The server refused this page's admin token (it is wrong, or a new token replaced it): ${RIGHT_ADDRESS}.`;
    case 'unreachable':
      return `The server does not answer at this page's address: it has stopped, or it moved. Start it again (mcp-isolate, or the desktop app) and reload this page, or ${RIGHT_ADDRESS}.`;
  }
}

/** What went wrong talking to the server, in plain words, and whether it stops everything. */
export interface ServerProblem {
  text: string;
  failure?: ConnectionFailure;
}

/**
 * A problem from an error the client reported: a failure of the whole connection says what it is
 * and what to do; any other error is the server's own message, after what failed (`answering` a
 * call, or `the event stream`).
 */
export function serverProblem(
  error: Error,
  during: 'answering' | 'the event stream',
): ServerProblem {
  const failure = error instanceof DesktopError ? error.failure : undefined;
  if (failure) return { text: failureText(failure), failure };
  return {
    text:
      during === 'answering'
        ? `The server could not answer: ${error.message}`
        : `Lost the connection to the server: ${error.message}`,
  };
}
