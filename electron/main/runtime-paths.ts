import { join } from 'node:path';

export interface RuntimeContext {
  /** `app.isPackaged`. */
  packaged: boolean;
  /** `process.resourcesPath` (packaged) . */
  resourcesPath: string;
  /** The project folder (development). */
  projectRoot: string;
  platform: NodeJS.Platform;
}

export interface RuntimePaths {
  /** The Node 24 runtime the server runs on. */
  node: string;
  /** The server's entry point. */
  serverScript: string;
  /** The built GUI. */
  gui: string;
}

/**
 * Where the runtime, the server and the GUI are: in the app's resources when packaged (the
 * staging script puts them there), in the project when developing.
 */
export function runtimePaths({
  packaged,
  resourcesPath,
  projectRoot,
  platform,
}: RuntimeContext): RuntimePaths {
  const exe = platform === 'win32' ? 'node.exe' : 'node';
  if (packaged) {
    return {
      node: join(resourcesPath, 'runtime', platform === 'win32' ? exe : join('bin', exe)),
      serverScript: join(resourcesPath, 'server', 'bin', 'mcp-isolate.mjs'),
      gui: join(resourcesPath, 'server', 'renderer', 'dist', 'index.html'),
    };
  }
  return {
    node: join(projectRoot, 'node_modules', 'node', 'bin', exe),
    serverScript: join(projectRoot, 'bin', 'mcp-isolate.mjs'),
    gui: join(projectRoot, 'renderer', 'dist', 'index.html'),
  };
}
