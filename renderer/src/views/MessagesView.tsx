import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { ConnectionInfo, LoggedMessage } from '../../../contract/server-types.ts';
import { formatMs, formatTime } from '../logic/format.ts';
import {
  counterpart,
  filterMessages,
  type MessageFilter,
  NO_FILTER,
  toJsonLines,
} from '../logic/message-filter.ts';

const ROW_HEIGHT = 28;

interface Props {
  client: DesktopClient;
  messages: LoggedMessage[];
  connections: ConnectionInfo[];
  connection?: string;
}

export function MessagesView({ client, messages, connections, connection }: Props) {
  const [filter, setFilter] = useState<MessageFilter>({
    ...NO_FILTER,
    connection: connection ?? '',
  });
  const [paused, setPaused] = useState<LoggedMessage[]>();
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<LoggedMessage>();
  const source = paused ?? messages;
  const shown = useMemo(() => filterMessages(source, filter), [source, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  useEffect(() => {
    if (follow && shown.length > 0) rows.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, rows]);
  const set = (change: Partial<MessageFilter>) =>
    setFilter((current) => ({ ...current, ...change }));
  const exportLines = () => {
    const url = URL.createObjectURL(new Blob([toJsonLines(shown)], { type: 'application/jsonl' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `mcp-isolate-messages-${new Date().toISOString().replaceAll(':', '-')}.jsonl`;
    link.click();
    URL.revokeObjectURL(url);
  };
  const pair = selected && counterpart(source, selected);

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
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.client?.name ?? c.id} ({c.transport})
              </option>
            ))}
            {filter.connection && !connections.some((c) => c.id === filter.connection) && (
              <option value={filter.connection}>{filter.connection} (closed)</option>
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
      <div className="split">
        <div
          ref={scroller}
          className="message-list"
          role="listbox"
          aria-label="Messages"
          tabIndex={0}
          aria-activedescendant={selected ? `message-${selected.seq}` : undefined}
          onKeyDown={(event) => {
            // Arrow keys, Home and End move the selection through the (filtered) list.
            const index = selected ? shown.indexOf(selected) : -1;
            const to = {
              ArrowDown: index + 1,
              ArrowUp: Math.max(0, index - 1),
              Home: 0,
              End: shown.length - 1,
            }[event.key];
            const next = to === undefined ? undefined : shown[to];
            if (!next) return;
            event.preventDefault();
            setFollow(false);
            setSelected(next);
            rows.scrollToIndex(shown.indexOf(next));
          }}
          onScroll={(event) => {
            const el = event.currentTarget;
            const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
            if (!atBottom && follow) setFollow(false);
          }}
        >
          {shown.length === 0 ? (
            <p className="empty">
              {source.length === 0
                ? 'No messages yet: they appear here as clients talk to the server.'
                : 'No message matches the filter.'}
            </p>
          ) : (
            <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
              {rows.getVirtualItems().map((row) => {
                const message = shown[row.index] as LoggedMessage;
                return (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the list handles the keys (arrows, Home, End)
                  <div
                    key={message.seq}
                    role="option"
                    id={`message-${message.seq}`}
                    aria-selected={selected?.seq === message.seq}
                    className={`message-row ${message.direction}${message.isError ? ' error' : ''}`}
                    style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                    onClick={() => setSelected(message)}
                    // The list holds the focus; rows are chosen with the arrow keys.
                    tabIndex={-1}
                  >
                    <span className="time">{formatTime(message.time)}</span>
                    <span className="dir">{message.direction === 'in' ? '→' : '←'}</span>
                    <span className="kind">{message.kind}</span>
                    <span className="method">{message.method ?? ''}</span>
                    <span className="id">{message.id ?? ''}</span>
                    <span className="latency">
                      {message.latencyMs !== undefined ? formatMs(message.latencyMs) : ''}
                    </span>
                    <span className="client">{message.client?.name ?? message.connection}</span>
                  </div>
                );
              })}
            </div>
          )}
        </div>
        <div className="detail-pane message-detail">
          {selected ? (
            <>
              <h2>
                {selected.kind} {selected.method ?? ''}{' '}
                {selected.id !== undefined && `#${selected.id}`}
              </h2>
              <p className="meta">
                {selected.direction === 'in' ? 'client → server' : 'server → client'} ·{' '}
                {selected.size} bytes · {selected.transport} · {selected.connection}
                {selected.latencyMs !== undefined && ` · ${formatMs(selected.latencyMs)}`}
              </p>
              <pre className="json" data-testid="message-json">
                {selected.truncated
                  ? String(selected.body)
                  : JSON.stringify(selected.body, null, 2)}
              </pre>
              {pair && (
                <>
                  <h3>{pair.kind === 'request' ? 'Its request' : 'Its response'}</h3>
                  <pre className="json">{JSON.stringify(pair.body, null, 2)}</pre>
                </>
              )}
            </>
          ) : (
            <p className="empty">
              Select a message to see it as JSON with its request or response.
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
