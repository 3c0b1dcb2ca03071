import { Fragment } from 'react';
import type { PackageLoad } from '../../../contract/server-types.ts';
import { packageLoadRow, packageLoadsHeading } from '../logic/package-rows.ts';

/**
 * The packages a run imported for the first time in its heap, in the order asked; failed ones
 * with why. It looks like the network panel (its table styles) since it reads the same way.
 */
export function RunPackages({ loads }: { loads: readonly PackageLoad[] }) {
  const rows = loads.map(packageLoadRow);
  return (
    <table className="network run-packages" data-testid="run-packages">
      <caption>{packageLoadsHeading(loads)}</caption>
      <colgroup>
        <col />
        <col />
        <col className="size" />
        <col className="from" />
        <col className="time" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Import</th>
          <th scope="col">Package</th>
          <th scope="col">Bundle</th>
          <th scope="col">From</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          // A run's imports have no id; their order is the run's and never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Fragment key={index}>
            <tr className={row.outcome}>
              <td className="url" title={row.specifier}>
                {row.specifier}
              </td>
              <td className="url" title={row.resolved}>
                {row.resolved}
              </td>
              <td>{row.size}</td>
              <td>{row.from}</td>
              <td>{row.time}</td>
            </tr>
            {row.reason !== undefined && (
              <tr className={`reason ${row.outcome}`}>
                <td colSpan={5}>{row.reason}</td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
