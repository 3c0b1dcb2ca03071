import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DESKTOP_OUTPUTS,
  type DesktopOperation,
  type DesktopOutputs,
} from '../../contract/desktop-api.ts';

/** The admin token a server wrote to its server.json (the GUI's key). */
export async function adminTokenOf(dataDir: string): Promise<string> {
  const info = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));
  return (info as { adminToken: string }).adminToken;
}

/** An admin operation called over HTTP as the GUI does, whatever it answers: status and JSON. */
export async function answerAdmin(
  server: { url: string; dataDir: string },
  operation: DesktopOperation,
  input: object = {},
  token?: string,
): Promise<{ status: number; body: unknown; contentType: string }> {
  const response = await fetch(`${server.url}/admin/api/${operation}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token ?? (await adminTokenOf(server.dataDir))}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
  });
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, body: await response.json(), contentType };
}

/**
 * Calls an admin operation over HTTP as the GUI does; throws with the answer unless 200, or
 * unless the answer has the shape the contract gives the operation's output.
 */
export async function callAdmin<K extends DesktopOperation>(
  server: { url: string; dataDir: string },
  operation: K,
  input: object = {},
  token?: string,
): Promise<DesktopOutputs[K]> {
  const { status, body } = await answerAdmin(server, operation, input, token);
  if (status !== 200) throw new Error(`${operation}: ${status} ${JSON.stringify(body)}`);
  return DESKTOP_OUTPUTS[operation].parse(body) as DesktopOutputs[K];
}
