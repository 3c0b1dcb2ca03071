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
