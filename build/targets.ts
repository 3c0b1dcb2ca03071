// The platforms the desktop app is released for: one runner each in the release workflow.
export type Platform = 'darwin' | 'linux' | 'win32';
export type Arch = 'arm64' | 'x64';

export interface Target {
  platform: Platform;
  arch: Arch;
}

export const RELEASE_TARGETS: readonly Target[] = [
  { platform: 'darwin', arch: 'arm64' },
  { platform: 'darwin', arch: 'x64' },
  { platform: 'win32', arch: 'x64' },
  { platform: 'linux', arch: 'x64' },
];

/** `darwin-arm64`: the name of a staging folder, an isolated-vm prebuild folder, a Node tuple. */
export const targetName = ({ platform, arch }: Target) => `${platform}-${arch}`;

/** A release target from command-line words; anything else is refused, naming the ones there are. */
export function parseTarget(platform: string, arch: string): Target {
  const target = RELEASE_TARGETS.find((t) => t.platform === platform && t.arch === arch);
  if (!target) {
    throw new Error(
      `no release target ${platform}-${arch}; there are ${RELEASE_TARGETS.map(targetName).join(', ')}`,
    );
  }
  return target;
}
