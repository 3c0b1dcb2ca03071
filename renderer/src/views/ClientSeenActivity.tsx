import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import type { ClientActivity } from '../logic/client-activity.ts';
import { clientName } from '../logic/connection-lists.ts';
import { formatDuration, formatTime } from '../logic/format.ts';
import { eraText } from '../logic/protocol-era.ts';

const STATUS_BADGE: Record<string, string> = {
  ok: 'ok',
  pending: 'busy',
  'tool error': 'failed',
  'protocol error': 'failed',
};

interface Props {
  entry: ConnectionInfo;
  activity?: ClientActivity;
  /** Its runs under way. */
  runs: ActiveRun[];
  onShowMessages: (connection: string) => void;
  onShowSession?: (session: string) => void;
}

/**
 * A 2026 client over HTTP, which has no connection to show: its newest requests and the runs it
 * asked for, from the message log and the runs under way, with its whole traffic one click away.
 */
export function ClientSeenActivity({
  entry,
  activity,
  runs,
  onShowMessages,
  onShowSession,
}: Props) {
  const name = clientName(entry);
  const titleId = `activity-${entry.id}`;
  const requests = activity?.requests ?? [];
  const finished = activity?.finishedRuns ?? [];
  return (
    <section aria-labelledby={titleId} className="client-activity" data-testid="client-activity">
      <div className="row">
        <h2 id={titleId}>Requests of {name}</h2>
        <span className="meta">{entry.id}</span>
        <button
          type="button"
          className="secondary small"
          aria-label={`All its messages, of ${name}, in the message log`}
          onClick={() => onShowMessages(entry.id)}
        >
          All its messages
        </button>
      </div>
      <p className="meta">{eraText(entry)?.meaning}</p>
      {requests.length === 0 ? (
        <p className="empty">None of its requests is in the message log.</p>
      ) : (
        <table className="grid" aria-labelledby={titleId} data-testid="client-requests">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
            </tr>
          </thead>
          <tbody>
            {requests.map(({ request, summary }) => (
              <tr key={request.seq}>
                <td>{formatTime(request.time)}</td>
                <td className="long">{summary.call}</td>
                <td>
                  {summary.status && (
                    <span className={`badge ${STATUS_BADGE[summary.status] ?? 'off'}`}>
                      {summary.status}
                    </span>
                  )}
                </td>
                <td>{summary.latencyMs !== undefined ? formatDuration(summary.latencyMs) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Its runs</h3>
      {runs.length === 0 && finished.length === 0 ? (
        <p className="empty">No run of it is under way or in the message log.</p>
      ) : (
        <ul className="client-runs" aria-label={`Runs of ${name}`}>
          {runs.map((run) => (
            <li key={run.id}>
              <span className="badge busy">Running</span> {run.session}
              <span className="meta"> · since {formatTime(run.startedAt)}</span>
            </li>
          ))}
          {finished.map(({ request, summary }) => (
            <li key={request.seq}>
              <span className={`badge ${STATUS_BADGE[summary.status ?? ''] ?? 'off'}`}>
                {summary.status}
              </span>{' '}
              {summary.session ?? 'no session'}
              <span className="meta">
                {' '}
                · {formatTime(request.time)}
                {summary.latencyMs !== undefined && ` · ${formatDuration(summary.latencyMs)}`}
              </span>
              {summary.session !== undefined && onShowSession && (
                <SessionButton session={summary.session} onShowSession={onShowSession} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionButton({
  session,
  onShowSession,
}: {
  session: string;
  onShowSession: (session: string) => void;
}) {
  return (
    <button
      type="button"
      className="secondary small"
      aria-label={`Show session ${session}`}
      onClick={() => onShowSession(session)}
    >
      Show session
    </button>
  );
}
