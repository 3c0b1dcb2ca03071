import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { httpDesktopClient } from '../../server/admin/http-desktop-client.ts';
import { App } from './app/App.tsx';
import './styles.css';

// Browser mode: the server printed this page's address with its admin token in the fragment
// (never sent over the network); the desktop shell provides its own client instead.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const root = createRoot(document.getElementById('root') as HTMLElement);
if (token) {
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
