import { Fragment } from 'react';
import type { RequestSummary } from '../../../contract/server-types.ts';
import { networkHeading, networkRow } from '../logic/network-rows.ts';

/** A run's fetches in the order made, like a browser's network panel; refused and failed ones with why. */
export function NetworkPanel({ requests }: { requests: readonly RequestSummary[] }) {
  const rows = requests.map(networkRow);
  const withRedirects = rows.some((row) => row.redirects !== '');
  const columns = withRedirects ? 6 : 5;
  return (
    <table className="network" data-testid="network">
      <caption>{networkHeading(requests)}</caption>
      <colgroup>
        <col className="method" />
        <col />
        <col className="status" />
        <col className="size" />
        <col className="time" />
        {withRedirects && <col className="redirects" />}
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col">URL</th>
          <th scope="col">Status</th>
          <th scope="col">Size</th>
          <th scope="col">Time</th>
          {withRedirects && <th scope="col">Redirects</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          // Requests have no id; their order is the run's and never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Fragment key={index}>
            <tr className={row.outcome}>
              <td>{row.method}</td>
              <td className="url" title={row.url}>
                {row.url}
              </td>
              <td>{row.status}</td>
              <td>{row.size}</td>
              <td>{row.time}</td>
              {withRedirects && <td>{row.redirects}</td>}
            </tr>
            {row.reason !== undefined && (
              <tr className={`reason ${row.outcome}`}>
                <td colSpan={columns}>{row.reason}</td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
