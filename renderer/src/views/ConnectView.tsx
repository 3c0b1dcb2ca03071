import { useEffect, useState } from 'react';
import { clientConfigs } from '../../../contract/client-configs.ts';
import type { Status } from '../../../contract/desktop-api.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { ClientList } from './ClientList.tsx';
import { CopyButton } from './CopyButton.tsx';

export function ConnectView({
  client,
  status,
  clientsVersion,
}: {
  client: DesktopClient;
  status?: Status;
  clientsVersion: number;
}) {
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
      <ClientList
        client={client}
        stdioCommand={status.endpoints.stdioCommand}
        version={clientsVersion}
      />
      <h2 id="copy-title">Copy a configuration</h2>
      <p className="hint">
        For a client not listed, or to edit a file yourself: generated from the server's current
        address and settings.
      </p>
      {clientConfigs(status, token).map((config) => (
        <article key={config.client} className="config">
          <header>
            <h3>{config.client}</h3>
            <span className="meta">
              {config.under ? `an entry of "${config.under}" in ${config.where}` : config.where}
            </span>
            <CopyButton text={config.text} label={`${config.client} configuration`} />
          </header>
          <pre>{config.text}</pre>
        </article>
      ))}
    </section>
  );
}
