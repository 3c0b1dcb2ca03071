import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { McpClientId } from '../../../contract/mcp-clients.ts';
import type { ImportableClient } from '../../../contract/mcp-upstreams.ts';
import type { Settings } from '../../../contract/settings-registry.ts';
import { importableDetail, importLines } from '../logic/mcp-settings.ts';
import { ModalDialog } from './ModalDialog.tsx';

export interface McpImportProps {
  client: DesktopClient;
  /** The settings an import saved, and the names its servers took in mcpServers. */
  onImported: (settings: Settings, names: string[]) => void;
}

/**
 * The MCP servers of the installed clients' config files (Claude Desktop, Cursor, VS Code…), to
 * pick and import into mcpServers. The server reads the files again as it imports, so their
 * secrets never pass through the window; the dialog says what was imported, under which names,
 * and what went wrong, and stays open until closed.
 */
export function McpImportDialog({
  client,
  onImported,
  onClose,
}: McpImportProps & { onClose: () => void }) {
  const [clients, setClients] = useState<ImportableClient[]>();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string[]>([]);
  const ids = useId();
  useEffect(() => {
    client.listImportableServers({}).then(
      (answer) => setClients(answer.clients),
      (error: Error) => setSaid([error.message]),
    );
  }, [client]);
  const pick = (key: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const importPicked = async () => {
    setBusy(true);
    const lines: string[] = [];
    for (const { client: id, servers } of clients ?? []) {
      const names = servers.map(({ name }) => name).filter((name) => picked.has(keyOf(id, name)));
      if (names.length === 0) continue;
      try {
        const result = await client.importMcpServers({ client: id, names });
        lines.push(...importLines(result));
        if (result.settings) {
          onImported(
            result.settings,
            result.imported.map(({ as }) => as),
          );
        }
      } catch (error) {
        lines.push((error as Error).message);
      }
    }
    setSaid(lines);
    setPicked(new Set());
    setBusy(false);
    // What is taken now changed: list again.
    client.listImportableServers({}).then(
      (answer) => setClients(answer.clients),
      () => undefined,
    );
  };
  return (
    <ModalDialog
      className="mcp-dialog"
      title="Import MCP servers"
      about={
        <>
          From the config files of the MCP clients on this computer. Secrets are copied by the
          server and never shown here; a name already taken gets a number.
        </>
      }
      onClose={onClose}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // React carries events through the portal to the settings form, which would save.
          event.stopPropagation();
          if (picked.size > 0 && !busy) void importPicked();
        }}
      >
        {clients === undefined ? (
          said.length === 0 && <p className="meta">Reading the clients' configs…</p>
        ) : clients.length === 0 ? (
          <p className="meta">No MCP client's config was found.</p>
        ) : (
          <div className="import-clients">
            {clients.map((found, at) => (
              <fieldset key={found.client}>
                <legend>{found.name}</legend>
                <p className="meta path">{found.configPath}</p>
                {found.problem && <p className="problem">{found.problem}</p>}
                {!found.problem && found.servers.length === 0 && (
                  <p className="meta">No servers to import.</p>
                )}
                {found.servers.map((server, index) => {
                  const key = keyOf(found.client, server.name);
                  const detail = `${ids}-${at}-${index}`;
                  return (
                    <div key={key} className="importable">
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={picked.has(key)}
                          aria-describedby={detail}
                          onChange={(event) => pick(key, event.target.checked)}
                        />
                        {server.name}
                      </label>
                      <p className="meta" id={detail}>
                        {importableDetail(server)}
                        {server.taken && ' · the name is taken: imported under another'}
                        {server.problem && ` · imported disabled: ${server.problem}`}
                      </p>
                    </div>
                  );
                })}
                {found.more !== undefined && (
                  <p className="meta">
                    {found.more} more {found.more === 1 ? 'server' : 'servers'} in this file not
                    listed: mcpServers holds 100.
                  </p>
                )}
              </fieldset>
            ))}
          </div>
        )}
        {said.length > 0 && (
          <div role="status" className="import-result">
            {said.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        )}
        <div className="row">
          <button type="submit" disabled={busy || picked.size === 0}>
            {busy ? 'Importing…' : 'Import'}
          </button>
          <Dialog.Close className="secondary">Close</Dialog.Close>
        </div>
      </form>
    </ModalDialog>
  );
}

const keyOf = (client: McpClientId, name: string) => `${client}:${name}`;
