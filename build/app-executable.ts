// Where electron-builder puts the app's executable for a target, unpacked: the release workflow
// hands it to the Electron specs (MCP_ISOLATE_APP_EXECUTABLE).
//   node build/app-executable.ts --platform darwin --arch arm64
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseTarget, type Target } from './targets.ts';

// productName and linux.executableName in electron-builder.yml.
const PRODUCT = 'MCP Isolate';
const LINUX_EXECUTABLE = 'mcp-isolate';

/**
 * app-builder-lib 26.17.0 (platformPackager.js computeAppOutDir): `mac`, `win` or `linux`, then
 * `-ARCH` unless the arch is x64 (the default arch), then `-unpacked` except on macOS. The macOS
 * executable is the bundle's CFBundleExecutable, the product name (macPackager.js
 * applyCommonInfo); Windows' is PRODUCT.exe (ElectronFramework.js beforeCopyExtraFiles).
 */
export function appExecutable({ platform, arch }: Target, dist: string): string {
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  switch (platform) {
    case 'darwin':
      return join(dist, `mac${suffix}`, `${PRODUCT}.app`, 'Contents', 'MacOS', PRODUCT);
    case 'win32':
      return join(dist, `win${suffix}-unpacked`, `${PRODUCT}.exe`);
    case 'linux':
      return join(dist, `linux${suffix}-unpacked`, LINUX_EXECUTABLE);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string', default: process.platform },
      arch: { type: 'string', default: process.arch },
    },
  });
  console.log(appExecutable(parseTarget(values.platform, values.arch), resolve('build', 'dist')));
}
