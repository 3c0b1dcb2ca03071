/** The JSON-RPC `initialize` request a client opens an MCP session with, as raw tests send it. */
export const initializeRequest = (client = 't') => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: client, version: '1' },
  },
});

/** The protocol revision without sessions: each request carries its version and client. */
export const MODERN_VERSION = '2026-07-28';

/**
 * A 2026-07-28 request as raw tests send it: its body, with the `_meta` envelope, and the headers
 * that must agree with the body.
 */
export function modernRequest(
  method: string,
  params: { name?: string; [key: string]: unknown } = {},
  { id = 1, client = 't', version = MODERN_VERSION } = {},
) {
  return {
    body: {
      jsonrpc: '2.0',
      id,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': version,
          'io.modelcontextprotocol/clientInfo': { name: client, version: '1' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    },
    headers: {
      'mcp-protocol-version': version,
      'mcp-method': method,
      ...(params.name !== undefined && { 'mcp-name': params.name }),
    } as Record<string, string>,
  };
}
