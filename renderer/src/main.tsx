import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { App } from './app/App.tsx';
import { BrowserApp } from './app/BrowserApp.tsx';
import './styles.css';

// In the desktop app the preload provides the client over IPC. In browser mode the server
// printed this page's address with its admin token in the fragment.
const desktop = (window as { desktop?: DesktopClient }).desktop;
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    {desktop ? <App client={desktop} onServerMoved={() => undefined} /> : <BrowserApp />}
  </StrictMode>,
);
