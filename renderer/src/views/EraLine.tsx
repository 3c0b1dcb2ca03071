import type { ConnectionInfo } from '../../../contract/connections.ts';
import { eraText } from '../logic/protocol-era.ts';

/** How an entry speaks, under its transport: its revision, and a session or none. */
export function EraLine({ connection }: { connection: ConnectionInfo }) {
  const era = eraText(connection);
  if (!era) return null;
  return (
    <span className="meta below" title={era.meaning} data-testid="era">
      {era.label}
    </span>
  );
}
