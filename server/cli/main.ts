// The `mcp-isolate` command: the headless server on HTTP, or one connection over stdio.
import { rm } from 'node:fs/promises';
import { type RunningServer, startServer } from '../app/start-server.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { resolveSettings } from '../settings/resolve-settings.ts';
import { readSettingsFile } from '../settings/settings-file.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { dataLayout, defaultDataDir } from '../store/data-dir.ts';
import { connectControlSocket } from '../transports/control-socket.ts';
import { otherDataDirWarning } from './data-dir-warning.ts';
import { helpText, parseCli } from './parse-cli.ts';
import { bridgeStdio } from './stdio-bridge.ts';
import { stopRequested } from './stop-request.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    process.stderr.write(helpText());
    return 0;
  }
  if (args.version) {
    say(SERVER_VERSION);
    return 0;
  }
  const dataDir = args.dataDir ?? defaultDataDir();
  const layout = dataLayout(dataDir);
  const settings = resolveSettings({
    flags: args.flags,
    env: process.env,
    file: await readSettingsFile(layout.settings),
  });

  if (args.stdio) {
    // A server already running on this data directory owns it: join it through its control
    // socket, so this connection shows in its connections and message log.
    const socket = await connectControlSocket(dataLayout(dataDir).controlSocket);
    if (socket) {
      await bridgeStdio(socket);
      return 0;
    }
    const warning = await otherDataDirWarning(dataDir, defaultDataDir());
    if (warning) say(`mcp-isolate: ${warning}`);
    // stdout carries JSON-RPC only: everything else goes to stderr.
    const server = await startServer({ settings, dataDir, http: false, log: say });
    await server.serveStdio(process.stdin, process.stdout);
    // Other stdio processes may have joined this one: it owns the data directory until they end.
    await server.bridgesClosed();
    await server.close();
    return 0;
  }

  // server.json says where the server is: written at start and whenever the GUI moves it.
  const announce = async (running: RunningServer) => {
    const info = {
      url: running.url,
      port: running.port,
      pid: process.pid,
      version: SERVER_VERSION,
      adminToken: running.adminToken,
      guiUrl: `${running.url}/#token=${running.adminToken}`,
    };
    // It holds the admin token: the owner's alone, as every file written there.
    await writeFileAtomic(layout.serverInfo, `${JSON.stringify(info, null, 2)}\n`);
    say(`MCP Isolate listening on ${running.url}`);
    say(`  GUI: ${info.guiUrl}`);
    say(`  Streamable HTTP: ${running.url}/mcp   SSE: ${running.url}/sse   data: ${dataDir}`);
  };
  // Listening from the start: a request that comes while the server starts stops it once started.
  const stop = stopRequested();
  let started: RunningServer | undefined;
  const server = await startServer({
    settings,
    dataDir,
    log: say,
    onAddressChange: async () => {
      if (started) await announce(started);
    },
    // Announced again, so server.json and a supervising app (which re-reads it at every
    // announcement) have the new token.
    onAdminTokenChange: async () => {
      if (started) await announce(started);
    },
  });
  started = server;
  await announce(server);
  // Close connections, let runs finish and journals and the message log flush, then exit 0.
  say(`MCP Isolate: ${await stop}, shutting down`);
  await server.close();
  await rm(layout.serverInfo, { force: true });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    say(`mcp-isolate: ${error.message}`);
    process.exit(error.name === 'CliError' || error.name === 'SettingsError' ? 2 : 1);
  },
);
