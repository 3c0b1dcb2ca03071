import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { UpstreamServerInfo, UpstreamTool } from '../../../contract/mcp-upstreams.ts';
import { lastError, upstreamFacts, upstreamState } from '../logic/upstream-rows.ts';
import { TryToolDialog } from './TryToolDialog.tsx';

const TONE_BADGE = { ok: 'ok', pending: 'busy', failed: 'failed', muted: 'off' } as const;

/**
 * One of the user's other MCP servers: its state and facts, Restart, its stderr's last lines
 * (folded), and its tools, each with the switch saying whether code may call it and a Try.
 */
export function UpstreamServer({
  client,
  server,
  restarting,
  onRestart,
  onAllow,
  onShowMessages,
}: {
  client: DesktopClient;
  server: UpstreamServerInfo;
  restarting: boolean;
  onRestart: () => void;
  /** Saves allowTools with the tool allowed or not; rejects with why it was not saved. */
  onAllow: (tool: string, allowed: boolean) => Promise<void>;
  onShowMessages: () => void;
}) {
  const [trying, setTrying] = useState<UpstreamTool>();
  const state = upstreamState(server);
  const error = lastError(server);
  const titleId = `upstream-${server.name}`;
  return (
    <article className="config upstream" aria-labelledby={titleId}>
      <header>
        <h2 id={titleId}>{server.name}</h2>
        <span className={`badge ${TONE_BADGE[state.tone]}`} data-testid="upstream-state">
          {server.state}
        </span>
        <span className="meta">{upstreamFacts(server)}</span>
        <span className="row push">
          <button type="button" className="secondary small" onClick={onShowMessages}>
            Messages
          </button>
          <button
            type="button"
            className="secondary small"
            onClick={onRestart}
            disabled={restarting || server.state === 'disabled'}
          >
            {restarting ? 'Restarting…' : 'Restart'}
          </button>
        </span>
      </header>
      {state.tone !== 'ok' && (
        <p className={state.tone === 'failed' ? 'problem' : 'hint'}>{state.text}</p>
      )}
      {error && <p className="problem">Last error: {error}</p>}
      {server.stderrTail.length > 0 && (
        <details>
          <summary>Its stderr, last {server.stderrTail.length} lines</summary>
          <pre className="console">{server.stderrTail.join('\n')}</pre>
        </details>
      )}
      {server.tools === undefined ? (
        server.state !== 'disabled' && (
          <p className="empty">Its tools are listed once it has started.</p>
        )
      ) : server.tools.length === 0 ? (
        <p className="empty">It lists no tools.</p>
      ) : (
        <ul className="upstream-tools" aria-label={`Tools of ${server.name}`}>
          {server.tools.map((tool) => (
            <ToolRow
              key={tool.name}
              tool={tool}
              onAllow={(allowed) => onAllow(tool.name, allowed)}
              onTry={() => setTrying(tool)}
              canTry={server.state !== 'disabled'}
            />
          ))}
        </ul>
      )}
      {trying && (
        <TryToolDialog
          client={client}
          server={server.name}
          tool={trying}
          onClose={() => setTrying(undefined)}
        />
      )}
    </article>
  );
}

function ToolRow({
  tool,
  onAllow,
  onTry,
  canTry,
}: {
  tool: UpstreamTool;
  onAllow: (allowed: boolean) => Promise<void>;
  onTry: () => void;
  canTry: boolean;
}) {
  // The switch moves at once and stays while it is saved; a refusal puts it back and says why.
  const [wanted, setWanted] = useState<boolean>();
  const [problem, setProblem] = useState<string>();
  const change = (allowed: boolean) => {
    setWanted(allowed);
    setProblem(undefined);
    onAllow(allowed)
      .catch((error: Error) => setProblem(error.message))
      .finally(() => setWanted(undefined));
  };
  const checked = wanted ?? tool.allowed;
  return (
    <li className="upstream-tool">
      <div className="row tool-line">
        <code className="tool-name">{tool.name}</code>
        {tool.title && <strong>{tool.title}</strong>}
        <span className="row push">
          <label className="check">
            <input
              type="checkbox"
              role="switch"
              aria-label={`Code may call ${tool.name}`}
              checked={checked}
              aria-checked={checked}
              disabled={wanted !== undefined}
              onChange={(event) => change(event.target.checked)}
            />
            Code may call
          </label>
          <button type="button" className="secondary small" onClick={onTry} disabled={!canTry}>
            Try<span className="visually-hidden"> {tool.name}</span>
          </button>
        </span>
      </div>
      {tool.description && <p className="hint pre-line">{tool.description}</p>}
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <details>
        <summary>Input schema</summary>
        <pre className="json">{JSON.stringify(tool.inputSchema, null, 2)}</pre>
      </details>
    </li>
  );
}
