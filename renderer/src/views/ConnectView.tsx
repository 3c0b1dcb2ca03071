import { useEffect, useState } from 'react';
import { clientConfigs } from '../../../contract/client-configs.ts';
import type { Status } from '../../../contract/desktop-api.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { CopyButton } from './CopyButton.tsx';

export function ConnectView({ client, status }: { client: DesktopClient; status?: Status }) {
  const [token, setToken] = useState<string>();
  useEffect(() => {
    client.getSettings({}).then(
      (settings) => setToken(settings.token),
      () => undefined,
    );
  }, [client]);
  if (!status) return <p className="empty">Connecting to the server…</p>;
  return (
    <section aria-labelledby="connect-title">
      <header className="view-header">
        <h1 id="connect-title">Connect a client</h1>
      </header>
      <p className="hint">Generated from the server's current address and settings.</p>
      {clientConfigs(status, token).map((config) => (
        <article key={config.client} className="config">
          <header>
            <h2>{config.client}</h2>
            <span className="meta">{config.where}</span>
            <CopyButton text={config.text} label={`${config.client} configuration`} />
          </header>
          <pre>{config.text}</pre>
        </article>
      ))}
    </section>
  );
}
