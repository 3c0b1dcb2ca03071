import { stat } from 'node:fs/promises';
import {
  type ClientChange,
  MCP_CLIENT_IDS,
  MCP_ENTRY_NAME,
  type McpClient,
  type McpClientId,
} from '../../contract/mcp-clients.ts';
import { ClientConfigError } from './client-config-error.ts';
import { CLIENT_KINDS } from './client-kinds.ts';
import { type ClientHost, type ClientPlace, clientPlaces } from './client-places.ts';
import { type ConfigRead, readConfigFile, replaceConfigFile } from './config-file.ts';
import {
  entryState,
  formatConfig,
  ourEntry,
  parseConfig,
  withEntry,
  withoutEntry,
} from './config-json.ts';

/** The user's MCP clients, and MCP Isolate's entry in each one's own config file. */
export interface ClientLinks {
  list(): Promise<McpClient[]>;
  connect(id: McpClientId): Promise<ClientChange>;
  disconnect(id: McpClientId): Promise<ClientChange>;
}

/**
 * Clients found on `host`, connected to the stdio command `stdioCommand` gives at the time
 * (it may change while the server runs). Changes go one at a time, so two never merge into the
 * same file from the same read.
 */
export function clientLinks(host: ClientHost, stdioCommand: () => string[]): ClientLinks {
  const places = clientPlaces(host);
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(change: () => Promise<T>): Promise<T> => {
    const next = queue.then(change, change);
    queue = next.catch(() => undefined);
    return next;
  };
  const command = () => {
    const [program = 'node', ...args] = stdioCommand();
    return { program, args };
  };

  /** The client's place (the first installed, else the last), its file and its state. */
  async function look(id: McpClientId) {
    const kind = CLIENT_KINDS[id];
    const found = await firstInstalled(places[id]);
    const place = found ?? (places[id].at(-1) as ClientPlace);
    const read = await readConfigFile(place.configPath);
    const parsed =
      read.kind === 'read' ? parseConfig(read.text, place.configPath, kind.key) : undefined;
    const problem = read.kind === 'problem' ? read.problem : parsed?.problem;
    const { program, args } = command();
    const state = !found
      ? 'not-installed'
      : parsed?.config
        ? entryState(ourEntry(parsed.config, kind.key), program, args)
        : 'not-connected';
    const client: McpClient = {
      id,
      name: kind.name,
      configPath: place.configPath,
      state,
      ...(problem !== undefined && { problem }),
    };
    return { kind, place, installed: found !== undefined, read, parsed, client };
  }

  /** The file as a config to change, or the refusal that says why it cannot be. */
  async function changeable(id: McpClientId) {
    const seen = await look(id);
    const { read, parsed, client } = seen;
    if (read.kind === 'problem' || parsed?.problem !== undefined) {
      throw new ClientConfigError('client_config_refused', client.problem ?? '');
    }
    const config = parsed?.config ?? {};
    const layout = parsed?.config ? parsed.layout : { bom: false, eol: '\n' as const };
    return { ...seen, read: read as ConfigRead & { kind: 'missing' | 'read' }, config, layout };
  }

  const entryUnder = (key: string) => `"${MCP_ENTRY_NAME}" under "${key}"`;
  const restart = (name: string) => `Restart ${name} if it is open, so it reads the change.`;

  return {
    list: () => Promise.all(MCP_CLIENT_IDS.map(async (id) => (await look(id)).client)),
    connect: (id) =>
      oneAtATime(async () => {
        const { kind, place, installed, read, config, layout, client } = await changeable(id);
        if (!installed) {
          throw new ClientConfigError(
            'client_not_installed',
            `${kind.name} is not installed for this user (none of ${place.installedIf.join(', ')} exists): install it and open it once, then connect it.`,
          );
        }
        if (client.state === 'connected') {
          return {
            client,
            result: `Already connected: ${entryUnder(kind.key)} runs this MCP Isolate.`,
          };
        }
        const { program, args } = command();
        const text = formatConfig(withEntry(config, kind.key, kind.entry(program, args)), layout);
        const { backupPath } = await replaceConfigFile(place.configPath, text, read);
        const did = client.state === 'outdated' ? 'Repaired' : 'Connected';
        return {
          client: (await look(id)).client,
          result: `${did}: ${entryUnder(kind.key)} runs this MCP Isolate. ${restart(kind.name)}`,
          ...(backupPath && { backupPath }),
        };
      }),
    disconnect: (id) =>
      oneAtATime(async () => {
        const { kind, place, read, config, layout, client } = await changeable(id);
        if (client.state === 'not-installed' || client.state === 'not-connected') {
          return {
            client,
            result: `Not connected: there is no ${entryUnder(kind.key)} to remove.`,
          };
        }
        const text = formatConfig(withoutEntry(config, kind.key), layout);
        const { backupPath } = await replaceConfigFile(place.configPath, text, read);
        return {
          client: (await look(id)).client,
          result: `Disconnected: ${entryUnder(kind.key)} removed, every other server kept. ${restart(kind.name)}`,
          ...(backupPath && { backupPath }),
        };
      }),
  };
}

/** The first place whose client is installed: any of its marks exists. */
async function firstInstalled(places: ClientPlace[]): Promise<ClientPlace | undefined> {
  for (const place of places) {
    for (const mark of place.installedIf) {
      if (await exists(mark)) return place;
    }
  }
  return undefined;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
