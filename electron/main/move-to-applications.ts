import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MoveFacts {
  platform: NodeJS.Platform;
  packaged: boolean;
  /** `app.isInApplicationsFolder()`: false when run from the dmg or a translocated copy. */
  inApplications: boolean;
  /** The user ticked "Don't ask again" before. */
  declined: boolean;
  /** The release's Electron specs (MCP_ISOLATE_TEST_SPECS=1) run the app where the build left it. */
  underSpecs: boolean;
}

/**
 * Whether to offer moving the app to /Applications: a packaged macOS app run from elsewhere (the
 * dmg, Downloads, a translocated copy macOS runs from a random read-only path) cannot update
 * itself, unless the user said not to ask again (or the release's specs run it: no dialog).
 */
export const offerMoveToApplications = ({
  platform,
  packaged,
  inApplications,
  declined,
  underSpecs,
}: MoveFacts): boolean =>
  platform === 'darwin' && packaged && !inApplications && !declined && !underSpecs;

/** Where the shell remembers the answer: its own small file in the data directory. */
const fileIn = (dataDir: string) => join(dataDir, 'app-preferences.json');

interface Preferences {
  dontOfferMoveToApplications?: boolean;
}

async function preferences(dataDir: string): Promise<Preferences> {
  try {
    return JSON.parse(await readFile(fileIn(dataDir), 'utf8')) as Preferences;
  } catch {
    return {};
  }
}

/** The user said not to be asked again to move the app. */
export async function moveDeclined(dataDir: string): Promise<boolean> {
  return (await preferences(dataDir)).dontOfferMoveToApplications === true;
}

export async function declineMove(dataDir: string): Promise<void> {
  const kept = await preferences(dataDir);
  await writeFile(
    fileIn(dataDir),
    `${JSON.stringify({ ...kept, dontOfferMoveToApplications: true }, null, 2)}\n`,
  );
}
