import type { SessionPackage } from '../../../contract/sessions.ts';
import { sessionPackageRows, sessionPackagesHeading } from '../logic/package-rows.ts';

/** The packages a session pinned (its lockfile): what its runs import again without asking the registry. */
export function PackagesPanel({ packages }: { packages: readonly SessionPackage[] }) {
  if (packages.length === 0) {
    return (
      <p className="empty" data-testid="packages">
        This session has imported no packages yet.
      </p>
    );
  }
  return (
    <div data-testid="packages">
      <table className="packages">
        <caption>{sessionPackagesHeading(packages)}</caption>
        <thead>
          <tr>
            <th scope="col">Package</th>
            <th scope="col">Version</th>
            <th scope="col">Tarball</th>
            <th scope="col">Bundles</th>
            <th scope="col">Dependencies</th>
          </tr>
        </thead>
        <tbody>
          {sessionPackageRows(packages).map((row) => (
            <tr key={row.key}>
              <td>
                <code>{row.name}</code>
              </td>
              <td>{row.version}</td>
              <td>{row.tarball}</td>
              <td>
                {row.bundles.length === 0 ? (
                  <span className="meta">none</span>
                ) : (
                  <ul className="bundles">
                    {row.bundles.map((bundle) => (
                      <li key={bundle.entry}>
                        <code>{bundle.entry}</code> <span className="meta">{bundle.size}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{row.dependencies}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Later imports in this session take these versions, not the registry's newest; a fork keeps
        them.
      </p>
    </div>
  );
}
