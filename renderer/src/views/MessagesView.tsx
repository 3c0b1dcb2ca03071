import { useEffect, useMemo, useState } from 'react';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { upstreamConnection, upstreamLive } from '../../../contract/mcp-upstreams.ts';
import {
  connectionChoices,
  filterMessages,
  type MessageFilter,
  NO_FILTER,
  selectionUnder,
  toJsonLines,
} from '../logic/message-filter.ts';
import { MessageIndex } from '../logic/message-index.ts';
import { summarize } from '../logic/message-summary.ts';
import { MessageDetail } from './MessageDetail.tsx';
import { MessageList } from './MessageList.tsx';

/** A client's request: its connection and JSON-RPC id. */
export interface MessageFocus {
  connection: string;
  id: string | number;
}

interface Props {
  client: DesktopClient;
  messages: LoggedMessage[];
  connections: ConnectionInfo[];
  connection?: string;
  /** A request to select and scroll to (a run's, from the Sessions view). */
  focus?: MessageFocus;
  /** Opens the session a run_js call went to. */
  onShowRun?: (session: string) => void;
  /** Bumps when an upstream MCP server's state changed: its requests may be answered while it lives. */
  upstreamsVersion: number;
}

export function MessagesView({
  client,
  messages,
  connections,
  connection,
  focus,
  upstreamsVersion,
  onShowRun,
}: Props) {
  const [filter, setFilter] = useState<MessageFilter>({
    ...NO_FILTER,
    connection: focus?.connection ?? connection ?? '',
  });
  const [paused, setPaused] = useState<LoggedMessage[]>();
  const [follow, setFollow] = useState(!focus);
  const [selected, setSelected] = useState<LoggedMessage>();
  const [raw, setRaw] = useState(false);
  const [focused, setFocused] = useState<LoggedMessage>();
  const source = paused ?? messages;
  const shown = useMemo(() => filterMessages(source, filter), [source, filter]);
  // One index for the view's life, brought up to the list at each render (adding what is new).
  const [index] = useState(() => new MessageIndex());
  index.update(source);
  const liveUpstreams = useLiveUpstreams(client, upstreamsVersion);
  const open = useMemo(
    () => new Set([...connections.map((c) => c.id), ...liveUpstreams]),
    [connections, liveUpstreams],
  );

  // The focused request is selected once it is in the list (it may arrive after the view opens).
  useEffect(() => {
    if (!focus) return;
    for (let at = source.length - 1; at >= 0; at--) {
      const message = source[at] as LoggedMessage;
      if (
        message.kind === 'request' &&
        message.connection === focus.connection &&
        message.id === focus.id
      ) {
        if (message === focused) return;
        setFocused(message);
        setFollow(false);
        setSelected(message);
        return;
      }
    }
  }, [focus, source, focused]);

  const set = (change: Partial<MessageFilter>) => {
    const next = { ...filter, ...change };
    setFilter(next);
    setSelected((current) => selectionUnder(current, next));
  };
  const exportLines = () => {
    const url = URL.createObjectURL(new Blob([toJsonLines(shown)], { type: 'application/jsonl' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `mcp-isolate-messages-${new Date().toISOString().replaceAll(':', '-')}.jsonl`;
    link.click();
    URL.revokeObjectURL(url);
  };
  const choices = connectionChoices(connections, index.connections());
  const offered = (id: string) =>
    [...choices.clients, ...choices.upstreams].some((choice) => choice.id === id);
  const pair = selected && index.counterpart(selected);

  return (
    <section aria-labelledby="messages-title" className="messages">
      <header className="view-header">
        <h1 id="messages-title">Messages</h1>
        <span className="meta" data-testid="message-count">
          {shown.length} of {source.length}
        </span>
      </header>
      <form className="filters" aria-label="Filter messages" onSubmit={(e) => e.preventDefault()}>
        <label>
          Connection
          <select value={filter.connection} onChange={(e) => set({ connection: e.target.value })}>
            <option value="">All</option>
            {choices.clients.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
            {filter.connection && !offered(filter.connection) && (
              <option value={filter.connection}>{filter.connection} (closed)</option>
            )}
            {choices.upstreams.length > 0 && (
              <optgroup label="Upstream MCP servers">
                {choices.upstreams.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.label}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label>
          Direction
          <select
            value={filter.direction}
            onChange={(e) => set({ direction: e.target.value as MessageFilter['direction'] })}
          >
            <option value="">Both</option>
            <option value="in">Client → server</option>
            <option value="out">Server → client</option>
          </select>
        </label>
        <label>
          Method
          <input value={filter.method} onChange={(e) => set({ method: e.target.value })} />
        </label>
        <label>
          Search
          <input
            type="search"
            value={filter.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.errorsOnly}
            onChange={(e) => set({ errorsOnly: e.target.checked })}
          />
          Errors only
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <button
          type="button"
          className="secondary"
          onClick={() => setPaused(paused ? undefined : messages)}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setSelected(undefined);
            void client.clearMessages({});
          }}
        >
          Clear
        </button>
        <button
          type="button"
          className="secondary"
          onClick={exportLines}
          disabled={shown.length === 0}
        >
          Export JSON lines
        </button>
      </form>
      <div className={selected ? 'split' : 'split nothing-open'}>
        <MessageList
          shown={shown}
          index={index}
          open={open}
          selected={selected}
          onSelect={setSelected}
          follow={follow}
          onFollowChange={setFollow}
          reveal={focused}
          empty={
            source.length === 0
              ? 'No messages yet: they appear here as clients talk to the server.'
              : 'No message matches the filter.'
          }
        />
        <div className="detail-pane message-detail">
          {selected ? (
            <MessageDetail
              message={selected}
              pair={pair}
              summary={summarize(selected, pair, open.has(selected.connection))}
              raw={raw}
              onRawChange={setRaw}
              onShowRun={onShowRun}
            />
          ) : (
            <p className="empty">
              Select a message to read it (code, console, value or error) with its request or
              response, or as raw JSON.
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

/** The connections of the upstream servers that may still answer (started or starting). */
function useLiveUpstreams(client: DesktopClient, version: number): string[] {
  const [live, setLive] = useState<string[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the event's count: each one lists them again
  useEffect(() => {
    let current = true;
    client.listUpstreams({}).then(
      ({ servers }) => {
        if (!current) return;
        setLive(
          servers
            .filter((server) => upstreamLive(server.state))
            .map((server) => upstreamConnection(server.name)),
        );
      },
      // The list only refines "pending" against "no answer": without it, requests show as before.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, version]);
  return live;
}
