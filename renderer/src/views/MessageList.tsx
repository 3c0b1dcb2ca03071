import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { contentColumns, type TextMeasure } from '../logic/content-columns.ts';
import { formatDuration, formatTime } from '../logic/format.ts';
import { clientText, eraBadge, kindText, messageColumns } from '../logic/message-columns.ts';
import type { MessageIndex } from '../logic/message-index.ts';
import { type MessageStatus, summarize } from '../logic/message-summary.ts';
import { MESSAGE_ERA } from '../logic/protocol-era.ts';

const ROW_HEIGHT = 28;

const STATUS_CLASS: Record<MessageStatus, string> = {
  pending: 'pending',
  ok: 'ok',
  'tool error': 'failed',
  'protocol error': 'failed',
  'no answer': 'muted',
};

interface Props {
  /** The messages shown (filtered), oldest first. */
  shown: LoggedMessage[];
  index: MessageIndex;
  /** The connections still open: a request on another one will get no answer. */
  open: ReadonlySet<string>;
  selected?: LoggedMessage;
  onSelect: (message: LoggedMessage) => void;
  /** Keeps the newest row in view as messages arrive. */
  follow: boolean;
  onFollowChange: (follow: boolean) => void;
  /** A message to scroll to (a run's request, shown from the Sessions view). */
  reveal?: LoggedMessage;
  /** What to say when no row is shown. */
  empty: string;
}

/**
 * The log as a table: one row per message, virtualised (the log may hold 100,000), with the call,
 * its session, its status and latency, and the protocol era it speaks. Its columns are as wide as
 * what they hold (the rows are drawn apart, so the widths are measured rather than left to the
 * browser). Arrow keys, Home and End move the selection.
 */
export function MessageList({
  shown,
  index,
  open,
  selected,
  onSelect,
  follow,
  onFollowChange,
  reveal,
  empty,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLDivElement>(null);
  const [metrics, setMetrics] = useState<TableMetrics>();
  const columns = messageColumns(shown, index);
  useLayoutEffect(() => {
    if (header.current) setMetrics(tableMetrics(header.current, columns.length));
  }, [columns.length]);
  const layout = metrics && contentColumns(columns, metrics.measure);
  const rows = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  useEffect(() => {
    if (follow && shown.length > 0) rows.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, rows]);
  // Scrolled to once, when it is first shown: later messages must not pull the view back.
  const revealed = useRef<LoggedMessage>(undefined);
  useEffect(() => {
    const at = reveal && reveal !== revealed.current ? shown.indexOf(reveal) : -1;
    if (at < 0) return;
    revealed.current = reveal;
    rows.scrollToIndex(at, { align: 'center' });
  }, [reveal, shown, rows]);

  return (
    <div
      className="message-table"
      style={
        layout &&
        ({
          '--message-columns': layout.template,
          width: layout.width + metrics.chrome,
        } as CSSProperties)
      }
    >
      <div ref={header} className="message-columns message-cells" data-testid="message-columns">
        {columns.map((column) => (
          <span key={column.heading}>{column.heading}</span>
        ))}
      </div>
      <div
        ref={scroller}
        className="message-list"
        role="listbox"
        aria-label="Messages"
        tabIndex={0}
        aria-activedescendant={selected ? `message-${selected.seq}` : undefined}
        onKeyDown={(event) => {
          const at = selected ? shown.indexOf(selected) : -1;
          const to = {
            ArrowDown: at + 1,
            ArrowUp: Math.max(0, at - 1),
            Home: 0,
            End: shown.length - 1,
          }[event.key];
          const next = to === undefined ? undefined : shown[to];
          if (!next) return;
          event.preventDefault();
          onFollowChange(false);
          onSelect(next);
          rows.scrollToIndex(shown.indexOf(next));
        }}
        onScroll={(event) => {
          const el = event.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
          if (!atBottom && follow) onFollowChange(false);
        }}
      >
        {shown.length === 0 ? (
          <p className="empty">{empty}</p>
        ) : (
          <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
            {rows.getVirtualItems().map((row) => {
              const message = shown[row.index] as LoggedMessage;
              const client = clientText(message);
              const summary = summarize(
                message,
                index.counterpart(message),
                open.has(message.connection),
              );
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the list handles the keys (arrows, Home, End)
                <div
                  key={message.seq}
                  role="option"
                  id={`message-${message.seq}`}
                  aria-selected={selected?.seq === message.seq}
                  className={`message-row message-cells ${message.direction}`}
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => onSelect(message)}
                  // The list holds the focus; rows are chosen with the arrow keys.
                  tabIndex={-1}
                >
                  <span className="time">{formatTime(message.time)}</span>
                  <span className="kind">{kindText(message)}</span>
                  <span className="method" title={summary.call}>
                    {summary.call}
                  </span>
                  <span className="session" title={summary.session}>
                    {summary.session ?? ''}
                  </span>
                  <span className={`status ${summary.status ? STATUS_CLASS[summary.status] : ''}`}>
                    {summary.status ?? ''}
                  </span>
                  <span className="latency">
                    {summary.latencyMs !== undefined ? formatDuration(summary.latencyMs) : ''}
                  </span>
                  <span className="era" title={message.era && MESSAGE_ERA[message.era].words}>
                    {eraBadge(message.era)}
                  </span>
                  <span className="client" title={client}>
                    {message.upstream === undefined ? (
                      client
                    ) : (
                      <span className="badge upstream">{client}</span>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

interface TableMetrics {
  measure: TextMeasure;
  /** The pixels a row takes besides its columns: the gaps, padding, scrollbar and border. */
  chrome: number;
}

/** How the header draws: its text widths (kept by text) and what it adds to its columns. */
function tableMetrics(header: HTMLElement, columns: number): TableMetrics {
  const style = getComputedStyle(header);
  const px = (value: string) => Number.parseFloat(value) || 0;
  const table = header.parentElement ?? header;
  const chrome =
    px(style.columnGap) * (columns - 1) +
    px(style.paddingLeft) +
    px(style.paddingRight) +
    // The scrollbar's gutter, which the header keeps too so its columns stay over the rows'.
    (header.offsetWidth - header.clientWidth) +
    (table.offsetWidth - table.clientWidth);
  const context = document.createElement('canvas').getContext('2d');
  const widths = new Map<string, number>();
  const measureIn = (font: string) => (text: string) => {
    const key = `${font}|${text}`;
    let width = widths.get(key);
    if (width === undefined && context) {
      context.font = font;
      width = context.measureText(text).width;
      widths.set(key, width);
    }
    return width ?? 0;
  };
  return {
    measure: {
      cell: measureIn(`${style.fontSize} ${style.fontFamily}`),
      heading: measureIn(`${style.fontWeight} ${style.fontSize} ${style.fontFamily}`),
    },
    chrome,
  };
}
