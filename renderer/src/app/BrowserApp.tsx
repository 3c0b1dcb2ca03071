import { useEffect, useMemo, useState } from 'react';
import { httpDesktopClient } from '../../../contract/http-desktop-client.ts';
import { tokenInHash } from '../logic/admin-token.ts';
import { failureText } from '../logic/server-problem.ts';
import { App } from './App.tsx';

/**
 * Browser mode: the GUI with the admin token from this page's address (`#token=…`, never sent
 * over the network). A token pasted into the address later, or made with New token, is used at
 * once, without a reload.
 */
export function BrowserApp() {
  const [token, setToken] = useState(() => tokenInHash(location.hash));
  useEffect(() => {
    const follow = () => {
      const pasted = tokenInHash(location.hash);
      if (pasted) setToken(pasted);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const client = useMemo(() => token && httpDesktopClient(location.origin, token), [token]);
  if (!client) {
    return (
      <p className="problem banner" role="alert">
        {failureText('token-missing')}
      </p>
    );
  }
  return (
    <App
      client={client}
      // The server now listens elsewhere: this page follows it, with its token.
      onServerMoved={(url) => location.assign(`${url}/#token=${token}`)}
      onAdminTokenRenewed={(renewed) => {
        // The address keeps the token that works (for a bookmark), without a history entry.
        history.replaceState(null, '', `#token=${renewed}`);
        setToken(renewed);
      }}
    />
  );
}
