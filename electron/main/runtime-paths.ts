import { join } from 'node:path';

export interface RuntimeContext {
  /** `app.isPackaged`. */
  packaged: boolean;
  /** `process.resourcesPath` (packaged). */
  resourcesPath: string;
  /** `app.getAppPath()`: app.asar when packaged, the project folder in development. */
  appPath: string;
  platform: NodeJS.Platform;
}

export interface RuntimePaths {
  /** The Node 24 runtime the server runs on. */
  node: string;
  /** The server's entry point. */
  serverScript: string;
  /** The folder of the built GUI, served to the window by the main process. */
  gui: string;
  /** The tray icons: plain files beside app.asar when packaged (Windows reads a tray .ico with a file API that cannot look inside it). */
  icons: string;
}

/**
 * Where things are. The shell (main, preload, GUI) is the app itself, in app.asar when
 * packaged; the tray icons, the runtime and the server ride along as resources beside it (the
 * staging script puts the last two there), and are the project's own in development.
 */
export function runtimePaths({
  packaged,
  resourcesPath,
  appPath,
  platform,
}: RuntimeContext): RuntimePaths {
  const exe = platform === 'win32' ? 'node.exe' : 'node';
  const gui = join(appPath, 'renderer', 'dist');
  if (packaged) {
    return {
      node: join(resourcesPath, 'runtime', platform === 'win32' ? exe : join('bin', exe)),
      serverScript: join(resourcesPath, 'server', 'bin', 'mcp-isolate.mjs'),
      gui,
      icons: join(resourcesPath, 'icons'),
    };
  }
  return {
    node: join(appPath, 'node_modules', 'node', 'bin', exe),
    serverScript: join(appPath, 'bin', 'mcp-isolate.mjs'),
    gui,
    icons: join(appPath, 'electron', 'icons'),
  };
}
