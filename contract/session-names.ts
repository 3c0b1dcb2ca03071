// What a session may be called: the server applies it to every name it is given (a run's, a
// fork's, a rename's), and the window checks a name as it is typed by the same rule.

// A session is a folder, so its name must mean one folder on every platform: lowercase only
// (macOS and Windows fold case), no trailing dot (Windows drops it), no reserved device name.
const SESSION_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/;

export function isValidSessionName(name: string): boolean {
  return SESSION_NAME.test(name) && !name.endsWith('.') && !WINDOWS_DEVICE.test(name);
}

/** Why `name` cannot name a session, or undefined when it can. */
export function sessionNameProblem(name: string): string | undefined {
  if (isValidSessionName(name)) return undefined;
  return `invalid session name ${JSON.stringify(name)}: use 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, not ending with '.', and not a Windows device name such as "con"`;
}

/**
 * A name the server chose, for a run or a fork that named none: `session-` and 8 hex digits
 * (server/engine/session-access.ts makes them). Only these may expire (session-retention.ts); a
 * name a client or a person chose never does.
 */
export const isUnnamedSession = (name: string) => /^session-[0-9a-f]{8}$/.test(name);

/**
 * A name to offer a new session that starts from `base`'s heap (the window's Run from here):
 * `base-2`, or the next number free among `taken` (a name that already ends in a number counts
 * on from it), cut so it stays within the 64 characters a name may have.
 */
export function freshSessionName(base: string, taken: readonly string[]): string {
  const match = /^(.*?)-(\d+)$/.exec(base);
  const stem = match?.[1] || base;
  const names = new Set(taken);
  for (let n = match ? Number(match[2]) + 1 : 2; ; n++) {
    const suffix = `-${n}`;
    const name = `${stem.slice(0, 64 - suffix.length)}${suffix}`;
    if (!names.has(name)) return name;
  }
}
