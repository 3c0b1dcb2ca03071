import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { type UpstreamServerInfo, upstreamConnection } from '../../../contract/mcp-upstreams.ts';
import { serversWithTool } from '../logic/allow-tools.ts';
import { startingText } from '../logic/upstream-rows.ts';
import { UpstreamServer } from './UpstreamServer.tsx';

/**
 * The user's other MCP servers (the mcpServers setting) as the server holds them: opening the
 * view starts each enabled one so that its tools are listed, and every upstreams-changed event
 * (`version`) lists them again.
 */
export function UpstreamsView({
  client,
  version,
  onShowMessages,
}: {
  client: DesktopClient;
  version: number;
  /** Opens Messages on one server's traffic (its connection, `upstream:NAME`). */
  onShowMessages: (connection: string) => void;
}) {
  const [servers, setServers] = useState<UpstreamServerInfo[]>();
  const [starting, setStarting] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [restarting, setRestarting] = useState<ReadonlySet<string>>(new Set());

  const list = (start: boolean) =>
    client.listUpstreams(start ? { start } : {}).then(({ servers }) => {
      setServers(servers);
      setProblem(undefined);
      return servers;
    });
  const startAll = (listed: UpstreamServerInfo[]) => {
    setStarting(startingText(listed));
    return list(true).finally(() => setStarting(undefined));
  };
  const fail = (error: Error) => setProblem(error.message);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per client: the list says what is to start, then the start lists them again
  useEffect(() => {
    list(false).then(startAll).catch(fail);
  }, [client]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the event's count: each one lists them again
  useEffect(() => {
    if (version > 0) list(false).catch(fail);
  }, [version]);

  const restart = async (name: string) => {
    setRestarting((current) => new Set(current).add(name));
    try {
      await client.restartUpstream({ name });
      // Stopped now: started again at once, so the user sees it come back with its tools.
      await startAll(await list(false));
    } catch (error) {
      fail(error as Error);
    } finally {
      setRestarting((current) => new Set([...current].filter((other) => other !== name)));
    }
  };

  // The settings as the server gives them, secrets masked: sent back masked, they are kept.
  const allow = async (name: string, tool: string, allowed: boolean) => {
    const settings = await client.getSettings({});
    const changed = serversWithTool(settings.mcpServers, name, tool, allowed);
    if ('problem' in changed) throw new Error(changed.problem);
    const saved = await client.updateSettings({ settings: { mcpServers: changed.servers } });
    if (saved.problems.length > 0) {
      throw new Error(`Not saved: ${saved.problems.map((p) => p.message).join('; ')}`);
    }
    await list(false);
  };

  return (
    <section aria-labelledby="upstreams-title">
      <header className="view-header">
        <h1 id="upstreams-title">Tools</h1>
        <span className="meta">of the MCP servers code may call with mcp.call</span>
      </header>
      <div role="status" className="hint">
        {starting}
      </div>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {servers === undefined ? (
        !problem && <p className="empty">Listing the MCP servers…</p>
      ) : servers.length === 0 ? (
        <p className="empty">
          No MCP servers yet: add them in Settings (MCP servers), in the shape an MCP client's
          config file gives them.
        </p>
      ) : (
        servers.map((server) => (
          <UpstreamServer
            key={server.name}
            client={client}
            server={server}
            restarting={restarting.has(server.name)}
            onRestart={() => void restart(server.name)}
            onAllow={(tool, allowed) => allow(server.name, tool, allowed)}
            onShowMessages={() => onShowMessages(upstreamConnection(server.name))}
          />
        ))
      )}
    </section>
  );
}
