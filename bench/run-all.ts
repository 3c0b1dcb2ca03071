import { coldRun } from './cold-run.ts';
import { footprint } from './footprint.ts';
import { guiMessages } from './gui-messages.ts';
import { mcpConcurrency } from './mcp-concurrency.ts';
import { mcpRoundTrip } from './mcp-round-trip.ts';
import { soak } from './soak.ts';
import { throughput } from './throughput.ts';
import { warmRun } from './warm-run.ts';

console.log(`# MCP Isolate benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
await warmRun();
await coldRun();
await throughput();
await mcpRoundTrip();
await mcpConcurrency();
await guiMessages();
await footprint();
await soak();
