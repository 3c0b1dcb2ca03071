import type { ClientChange, McpClient } from '../../../contract/mcp-clients.ts';

/** What the button of a client's row does, and says. */
export interface ClientAction {
  operation: 'connectClient' | 'disconnectClient';
  label: 'Connect' | 'Repair' | 'Disconnect';
}

/**
 * The one action a client's row offers: none when the client is not installed (there is nothing
 * to connect), Repair for an outdated entry, Disconnect once connected, else Connect.
 */
export function clientAction(client: McpClient): ClientAction | undefined {
  switch (client.state) {
    case 'not-installed':
      return undefined;
    case 'outdated':
      return { operation: 'connectClient', label: 'Repair' };
    case 'connected':
      return { operation: 'disconnectClient', label: 'Disconnect' };
    case 'not-connected':
      return { operation: 'connectClient', label: 'Connect' };
  }
}

/** What a change did, in words, with where the file as it was is kept. */
export function changeText(change: ClientChange): string {
  const backup = change.backupPath ? ` The file as it was is kept as ${change.backupPath}.` : '';
  return `${change.result}${backup}`;
}
