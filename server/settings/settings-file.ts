import { readFile } from 'node:fs/promises';
import { notJsonProblem } from '../../contract/setting-usage.ts';
import type { Settings } from '../../contract/settings-registry.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { SettingsError } from './resolve-settings.ts';

/** The settings file's object; an absent file is empty, an unreadable one an error. */
export async function readSettingsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch (error) {
    // Never JSON.parse's message, which quotes the text: the file holds secrets.
    throw new SettingsError([`settings file ${path}: ${notJsonProblem(text, error)}`]);
  }
  throw new SettingsError([`settings file ${path}: must hold a JSON object`]);
}

/** Saves settings changed in the GUI, read back at the next start. */
export async function writeSettingsFile(path: string, settings: Settings): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`);
}
