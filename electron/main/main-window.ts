import { BrowserWindow, shell } from 'electron';

export interface WindowOptions {
  gui: string;
  preload: string;
  /** macOS: the app shows in the dock only while its window is open. */
  onVisibilityChange: (visible: boolean) => void;
}

/**
 * The one window: the GUI with only the preload's DesktopApi, no Node, sandboxed; it never
 * navigates away or opens windows (links open in the browser). Closing it hides it.
 */
export function createMainWindow({ gui, preload, onVisibilityChange }: WindowOptions) {
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
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  let quitting = false;
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.on('show', () => onVisibilityChange(true));
  window.on('hide', () => onVisibilityChange(false));
  void window.loadFile(gui);
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
