import { BrowserWindow } from 'electron';
import { GUI_INDEX_URL } from './gui-protocol.ts';
import { type RendererFailure, RendererRecovery } from './renderer-recovery.ts';

export interface WindowOptions {
  preload: string;
  /** macOS: the app shows in the dock only while its window is open. */
  onVisibilityChange: (visible: boolean) => void;
  /** The page crashed or failed to load: what was done about it, in a sentence for the user. */
  onRecovery: (message: string) => void;
}

/**
 * The one window: the GUI from its own scheme with only the preload's DesktopApi, no Node,
 * sandboxed (navigation, new windows and permissions are refused by `lockDown`). Closing it
 * hides it; a page that crashes or fails to load is loaded again.
 */
export function createMainWindow({ preload, onVisibilityChange, onRecovery }: WindowOptions) {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'MCP Isolate',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  let quitting = false;
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.on('show', () => onVisibilityChange(true));
  window.on('hide', () => onVisibilityChange(false));
  // A crashed or unloaded page is loaded again, a bounded number of times (renderer-recovery.ts).
  const recovery = new RendererRecovery();
  const recover = (failure: RendererFailure) => {
    const decision = recovery.decide(failure, Date.now());
    if (!decision) return;
    if (decision.reload) void window.loadURL(GUI_INDEX_URL);
    onRecovery(decision.message);
  };
  window.webContents.on('render-process-gone', (_event, { reason }) =>
    recover({ kind: 'gone', reason }),
  );
  window.webContents.on('did-fail-load', (_event, errorCode, description, _url, mainFrame) =>
    recover({ kind: 'load-failed', errorCode, description, mainFrame }),
  );
  void window.loadURL(GUI_INDEX_URL);
  return {
    window,
    show() {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    /** Lets the window really close (on quit). */
    allowClose() {
      quitting = true;
    },
  };
}
