// An MCP client over Streamable HTTP in a process of its own, which a test kills: a client that
// goes away without ending its session (no DELETE). Usage: lingering-client.ts URL NAME
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, name] = process.argv.slice(2);
if (!url || !name) throw new Error('usage: lingering-client.ts URL NAME');
const client = new Client({ name, version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
await client.listTools();
process.stdout.write('connected\n');
// Connected until killed.
setInterval(() => undefined, 60_000);
