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
import { changeRefused } from './config-failure.ts';
import {
  type ConfigRead,
  configIdentity,
  readConfigFile,
  replaceConfigFile,
} from './config-file.ts';
import {
  type ConfigLayout,
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

/** What a listing needs of a config file: why it cannot be used, else MCP Isolate's entry. */
interface FileView {
  problem?: string;
  entry?: unknown;
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
  // Each client's file as last listed, by its identity: the tray and the window list often, and
  // Claude Code's file may be 100 MB, so an unchanged one is not read and parsed again.
  const listed = new Map<McpClientId, { identity: string; view: FileView }>();

  /** The client's place (the first installed, else the last, whose path is shown). */
  async function placeOf(id: McpClientId) {
    const found = await firstInstalled(places[id]);
    return { place: found ?? (places[id].at(-1) as ClientPlace), installed: found !== undefined };
  }

  function clientOf(id: McpClientId, place: ClientPlace, installed: boolean, view: FileView) {
    const { program, args } = command();
    const state = !installed
      ? 'not-installed'
      : view.problem === undefined
        ? entryState(view.entry, program, args)
        : 'not-connected';
    const client: McpClient = {
      id,
      name: CLIENT_KINDS[id].name,
      configPath: place.configPath,
      state,
      ...(view.problem !== undefined && { problem: view.problem }),
    };
    return client;
  }

  /** The file read and parsed (none when the client is not installed: there is none to read). */
  async function readPlace(id: McpClientId, place: ClientPlace, installed: boolean) {
    const key = CLIENT_KINDS[id].key;
    const read: ConfigRead = installed
      ? await readConfigFile(place.configPath)
      : { kind: 'missing' };
    const parsed = read.kind === 'read' ? parseConfig(read.text, place.configPath, key) : undefined;
    const view: FileView = {
      problem: read.kind === 'problem' ? read.problem : parsed?.problem,
      entry: parsed?.config ? ourEntry(parsed.config, key) : undefined,
    };
    return { read, parsed, view };
  }

  /** The client as a listing shows it, read again only when its file changed. */
  async function look(id: McpClientId): Promise<McpClient> {
    const { place, installed } = await placeOf(id);
    if (!installed) return clientOf(id, place, false, {});
    const identity = await configIdentity(place.configPath);
    const known = listed.get(id);
    if (identity !== undefined && known?.identity === identity) {
      return clientOf(id, place, true, known.view);
    }
    const { read, view } = await readPlace(id, place, true);
    if (read.kind === 'read') listed.set(id, { identity: read.identity, view });
    else listed.delete(id);
    return clientOf(id, place, true, view);
  }

  /** The file, read afresh, as a config to change, or the refusal that says why it cannot be. */
  async function changeable(id: McpClientId) {
    const { place, installed } = await placeOf(id);
    const { read, parsed, view } = await readPlace(id, place, installed);
    const client = clientOf(id, place, installed, view);
    if (read.kind === 'problem' || parsed?.problem !== undefined) {
      throw new ClientConfigError('client_config_refused', client.problem ?? '');
    }
    const config = parsed?.config ?? {};
    const layout = parsed?.config ? parsed.layout : { bom: false, eol: '\n' as const };
    return { kind: CLIENT_KINDS[id], place, installed, read, config, layout, client };
  }

  /**
   * Writes `config` to the file, and gives the client as written (not read back: Claude Code's
   * file may be 100 MB). Any failure is a refusal that names the file, and leaves it as it was.
   */
  async function replace(
    id: McpClientId,
    place: ClientPlace,
    read: ConfigRead & { kind: 'missing' | 'read' },
    config: Record<string, unknown>,
    layout: ConfigLayout,
  ) {
    try {
      const { backupPath } = await replaceConfigFile(
        place.configPath,
        formatConfig(config, layout),
        read,
      );
      const client = clientOf(id, place, true, { entry: ourEntry(config, CLIENT_KINDS[id].key) });
      return { client, ...(backupPath && { backupPath }) };
    } catch (error) {
      throw changeRefused(place.configPath, error);
    }
  }

  const entryUnder = (key: string) => `"${MCP_ENTRY_NAME}" under "${key}"`;
  const restart = (name: string) => `Restart ${name} if it is open, so it reads the change.`;

  return {
    list: () => Promise.all(MCP_CLIENT_IDS.map(look)),
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
        const entry = kind.entry(program, args);
        const written = await replace(id, place, read, withEntry(config, kind.key, entry), layout);
        const did = client.state === 'outdated' ? 'Repaired' : 'Connected';
        return {
          ...written,
          result: `${did}: ${entryUnder(kind.key)} runs this MCP Isolate. ${restart(kind.name)}`,
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
        const written = await replace(id, place, read, withoutEntry(config, kind.key), layout);
        return {
          ...written,
          result: `Disconnected: ${entryUnder(kind.key)} removed, every other server kept. ${restart(kind.name)}`,
        };
      }),
  };
}

/** The first place whose client is installed: any of its marks exists. */
export async function firstInstalled(places: ClientPlace[]): Promise<ClientPlace | undefined> {
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
