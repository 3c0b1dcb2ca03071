import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../../server/test-support/temp-dir.ts';

/**
 * A temporary home for a server process, its environment (HOME and XDG_CONFIG_HOME), and its
 * clients' config files under it, so the Connect view never shows or touches the user's own.
 */
export async function clientHome(): Promise<{ home: string; env: Record<string, string> }> {
  const home = await tempDir('mcp-isolate-home-');
  return { home, env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } };
}

/** Writes `text` at `path` under `home`, making its folders. */
export async function putFile(home: string, path: string, text: string): Promise<string> {
  const file = join(home, path);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
  return file;
}

/**
 * A home whose clients are in every state the window shows: Claude Code installed and not
 * connected, Cursor connected to an old install's path (outdated), VS Code with comments in its
 * file (a problem), Claude Desktop and Windsurf not installed.
 */
export async function clientHomeInEveryState(): Promise<Record<string, string>> {
  const { home, env } = await clientHome();
  await mkdir(join(home, '.claude'));
  await putFile(
    home,
    '.cursor/mcp.json',
    JSON.stringify({
      mcpServers: {
        'mcp-isolate': {
          command: '/home/someone/.config/MCP Isolate/app/0.0.1-an-old-version/node',
          args: ['--stdio'],
        },
      },
    }),
  );
  await putFile(home, '.config/Code/User/mcp.json', '{\n  // my servers\n  "servers": {}\n}\n');
  return env;
}
