// The switch beside each upstream tool edits its server's allowTools, the one list that says which
// tools code may call: the smallest change that makes `toolAllowed` answer as the switch says.
import { type McpServers, toolAllowed } from '../../../contract/mcp-servers.ts';

/**
 * `allowTools` once `tool` is allowed (or not): disabling adds `!tool`; enabling removes `!tool`
 * and, when the list still names other tools only, adds `tool`. Undefined for an empty list (every
 * tool); a problem when a wider exclusion (`!get-*`) still refuses it, which only the user can edit,
 * or when the name would be read as a pattern.
 */
export function allowToolsWith(
  allowTools: readonly string[] | undefined,
  tool: string,
  allowed: boolean,
): { allowTools?: string[] } | { problem: string } {
  const current = allowTools ?? [];
  if (toolAllowed(current, tool) === allowed) return listed(current);
  // Written into the list, such a name would be a pattern matching other tools too (`*`, `!x`).
  if (tool.includes('*') || tool.startsWith('!')) {
    return {
      problem:
        'its name holds * or starts with !, which allowTools reads as a pattern: edit allowTools in Settings',
    };
  }
  if (!allowed) return listed([...current, `!${tool}`]);
  const kept = current.filter((pattern) => pattern !== `!${tool}`);
  const next = toolAllowed(kept, tool) ? kept : [...kept, tool];
  if (!toolAllowed(next, tool)) {
    const by = current.filter(
      (pattern) => pattern.startsWith('!') && !toolAllowed([pattern], tool),
    );
    return { problem: `${by.join(', ')} in allowTools excludes it: edit the pattern in Settings` };
  }
  return listed(next);
}

const listed = (allowTools: readonly string[]) =>
  allowTools.length > 0 ? { allowTools: [...allowTools] } : {};

/**
 * The mcpServers setting (as getSettings gave it, secrets masked: saving the mask keeps them) with
 * `tool` of server `name` allowed or not, or why it cannot be.
 */
export function serversWithTool(
  servers: McpServers,
  name: string,
  tool: string,
  allowed: boolean,
): { servers: McpServers } | { problem: string } {
  const server = servers[name];
  if (!server) return { problem: `mcpServers has no server named ${name} any more` };
  const change = allowToolsWith(server.allowTools, tool, allowed);
  if ('problem' in change) return change;
  const { allowTools: _old, ...rest } = server;
  return { servers: { ...servers, [name]: { ...rest, ...change } } };
}
