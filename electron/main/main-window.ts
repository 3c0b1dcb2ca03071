import { BrowserWindow } from 'electron';
import { GUI_INDEX_URL } from './gui-protocol.ts';

export interface WindowOptions {
  preload: string;
  /** macOS: the app shows in the dock only while its window is open. */
  onVisibilityChange: (visible: boolean) => void;
}

/**
 * The one window: the GUI from its own scheme with only the preload's DesktopApi, no Node,
 * sandboxed (navigation, new windows and permissions are refused by `lockDown`). Closing it
 * hides it.
 */
export function createMainWindow({ preload, onVisibilityChange }: WindowOptions) {
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
