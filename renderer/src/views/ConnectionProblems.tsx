import { useEffect, useMemo, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { Refusal } from '../../../contract/refusals.ts';
import { formatTime, plural } from '../logic/format.ts';
import { groupRefusals, mergeRefusals } from '../logic/refusals.ts';

/** "Why can't my client connect?": the requests the server refused, what each means, what to do. */
export function ConnectionProblems({ client }: { client: DesktopClient }) {
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    // Listening first, then listing: a refusal in between comes by one or the other, or both.
    const unsubscribe = client.subscribe(
      (event) => {
        if (event.type === 'refusal')
          setRefusals((current) => mergeRefusals(current, [event.refusal]));
      },
      // The window's own event stream reports a lost server.
      () => undefined,
    );
    client.listRefusals({}).then(
      (listed) => setRefusals((current) => mergeRefusals(listed.refusals, current)),
      (error: Error) => setProblem(`The server could not list them: ${error.message}`),
    );
    return unsubscribe;
  }, [client]);
  const groups = useMemo(() => groupRefusals(refusals), [refusals]);
  return (
    <section aria-labelledby="connection-problems-title">
      <h2 id="connection-problems-title">Connection problems</h2>
      {problem && <p className="problem">{problem}</p>}
      {groups.length === 0 ? (
        <p className="empty">
          No request was refused. When a client cannot connect, why shows here.
        </p>
      ) : (
        <ul className="connection-problems" data-testid="connection-problems">
          {groups.map(({ advice, count, latest }) => (
            <li key={advice}>
              <p className="advice">{advice}</p>
              <p className="meta">
                {plural(count, 'time')}, last {formatTime(latest.time)} ·{' '}
                {latest.method && `${latest.method} ${latest.path} `}
                {latest.remoteAddress && `from ${latest.remoteAddress}`}
                {latest.userAgent && ` (${latest.userAgent})`} · the client was told:{' '}
                {latest.reason}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
