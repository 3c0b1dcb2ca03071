import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { consoleText, formatDuration } from '../logic/format.ts';
import { directionText, upstreamBadge } from '../logic/message-columns.ts';
import { type DetailPart, readableParts } from '../logic/message-detail.ts';
import type { MessageSummary } from '../logic/message-summary.ts';
import { MESSAGE_ERA } from '../logic/protocol-era.ts';

interface Props {
  message: LoggedMessage;
  /** Its request or response. */
  pair?: LoggedMessage;
  summary: MessageSummary;
  /** Shows the JSON as logged instead of the readable parts. */
  raw: boolean;
  onRawChange: (raw: boolean) => void;
  /** Opens the session a run went to. */
  onShowRun?: (session: string) => void;
}

/** One message: readable (code as code, console as lines) or as raw JSON, with its pair. */
export function MessageDetail({ message, pair, summary, raw, onRawChange, onShowRun }: Props) {
  const session = summary.session;
  const isRun = summary.call === 'tools/call run_js';
  return (
    <>
      <h2>
        {summary.call || message.kind} {message.id !== undefined && `#${message.id}`}
      </h2>
      <p className="meta">
        {message.upstream !== undefined && (
          <>
            <span className="badge upstream">{upstreamBadge(message.upstream)}</span>{' '}
          </>
        )}
        {message.kind} · {directionText(message)} · {message.size} bytes
        {message.truncated && ' (cut for the log)'} · {message.transport} · {message.connection}
        {message.era && (
          <>
            {' · '}
            <span data-testid="message-era">{MESSAGE_ERA[message.era].words}</span>
          </>
        )}
        {summary.status && ` · ${summary.status}`}
        {summary.latencyMs !== undefined && ` · ${formatDuration(summary.latencyMs)}`}
      </p>
      <div className="actions">
        <button
          type="button"
          className="secondary small"
          aria-pressed={raw}
          onClick={() => onRawChange(!raw)}
        >
          Raw JSON
        </button>
        {isRun && session !== undefined && onShowRun && (
          <button type="button" className="secondary small" onClick={() => onShowRun(session)}>
            Show run
          </button>
        )}
      </div>
      <div data-testid="message-json">
        <Body message={message} raw={raw} />
      </div>
      {pair && (
        <>
          <h3>{pair.kind === 'request' ? 'Its request' : 'Its response'}</h3>
          <Body message={pair} raw={raw} />
        </>
      )}
    </>
  );
}

function Body({ message, raw }: { message: LoggedMessage; raw: boolean }) {
  if (raw) {
    return (
      <pre className="json">
        {message.truncated ? String(message.body) : JSON.stringify(message.body, null, 2)}
      </pre>
    );
  }
  return readableParts(message).map((part, at) => (
    // The parts of one message never change order: their place is their key.
    // biome-ignore lint/suspicious/noArrayIndexKey: see above
    <Part key={at} part={part} />
  ));
}

function Part({ part }: { part: DetailPart }) {
  switch (part.kind) {
    case 'fields':
      return (
        <dl className="message-fields">
          {part.fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'code':
      return <Labelled label="Code" className="code" text={part.text} />;
    case 'console':
      return <Labelled label="Console" className="console" text={consoleText(part.lines)} />;
    case 'value':
      return <Labelled label="Value" className="value" text={part.text} />;
    case 'error':
      return <Labelled label="Error" className="error" text={part.text} />;
    case 'text':
      return <pre className="text">{part.text}</pre>;
    case 'json':
      return <pre className="json">{JSON.stringify(part.value, null, 2)}</pre>;
  }
}

function Labelled({ label, className, text }: { label: string; className: string; text: string }) {
  return (
    <>
      <h4 className="part-label">{label}</h4>
      <pre className={className}>{text}</pre>
    </>
  );
}
