import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';

/** Browser mode: replaces the admin token; this page goes on with the new one. */
export function AdminTokenButton({
  client,
  onRenewed,
}: {
  client: DesktopClient;
  onRenewed: (token: string) => void;
}) {
  const [problem, setProblem] = useState<string>();
  const renew = () => {
    setProblem(undefined);
    client.renewAdminToken({}).then(
      ({ token }) => onRenewed(token),
      (error: Error) => setProblem(error.message),
    );
  };
  return (
    <>
      <h2>Admin token</h2>
      <p className="hint">
        New token revokes the token in this page&apos;s address: bookmarks and other tabs with it
        stop working, this page goes on with the new one (also in server.json).
      </p>
      <button type="button" className="secondary" onClick={renew}>
        New token
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </>
  );
}
