import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { httpDesktopClient } from '../../contract/http-desktop-client.ts';
import { App } from './app/App.tsx';
import './styles.css';

// In the desktop app the preload provides the client over IPC. In browser mode the server
// printed this page's address with its admin token in the fragment (never sent over the network).
const desktop = (window as { desktop?: DesktopClient }).desktop;
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const root = createRoot(document.getElementById('root') as HTMLElement);
if (desktop) {
  root.render(
    <StrictMode>
      <App client={desktop} onServerMoved={() => undefined} />
    </StrictMode>,
  );
} else if (token) {
  root.render(
    <StrictMode>
      <App
        client={httpDesktopClient(location.origin, token)}
        // The server now listens elsewhere: this page follows it, with its token.
        onServerMoved={(url) => location.assign(`${url}/#token=${token}`)}
      />
    </StrictMode>,
  );
} else {
  root.render(
    <p className="problem banner" role="alert">
      This page needs the admin token: open the address the server printed when it started (it ends
      in #token=…), or read it from server.json in the data directory.
    </p>,
  );
}
