import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { clientOverBridge, type DesktopBridge } from '../../contract/desktop-answer.ts';
import { App } from './app/App.tsx';
import { BrowserApp } from './app/BrowserApp.tsx';
import './styles.css';

// In the desktop app the preload provides the client over IPC, made here so that its errors are
// this page's DesktopErrors. In browser mode the server printed this page's address with its
// admin token in the fragment.
const bridge = (window as { desktop?: DesktopBridge }).desktop;
const desktop = bridge && clientOverBridge(bridge);
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    {desktop ? <App client={desktop} onServerMoved={() => undefined} /> : <BrowserApp />}
  </StrictMode>,
);
