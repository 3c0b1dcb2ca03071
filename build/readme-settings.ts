// The README's settings table, made from the settings registry: `npm run readme-settings` writes
// it between its markers, and readme-settings.test.ts fails when the README holds another.
import { readFile, writeFile } from 'node:fs/promises';
import { baseUnitOf } from '../contract/human-units.ts';
import { defaultUsage, envUsage, flagUsage } from '../contract/setting-usage.ts';
import { SETTINGS } from '../contract/settings-registry.ts';

export const README = new URL('../README.md', import.meta.url);
const START =
  '<!-- settings table: made by npm run readme-settings from contract/settings-registry.ts -->';
const END = '<!-- end of settings table -->';

/** One row per setting, in the registry's order. */
export function settingsTable(): string {
  // A table cell escapes its pipes (code spans too) and, outside code, the asterisks of patterns.
  const code = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;
  const plain = (text: string) => text.replaceAll('*', '\\*');
  const rows = SETTINGS.map((setting) => {
    const unit = baseUnitOf(setting);
    const what = `${setting.help}${unit ? ` (${unit})` : ''}${setting.secret ? '; secret: masked in the window and the admin API' : ''}`;
    return `| ${code(setting.key)} | ${code(flagUsage(setting))} | ${code(envUsage(setting))} | ${plain(defaultUsage(setting))} | ${plain(what)} |`;
  });
  return [
    '| setting (`settings.json` key) | flag | variable | default | what |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The table the README holds now, between its markers. */
export function tableIn(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START.length, end).trim();
}

if (import.meta.main) {
  const readme = await readFile(README, 'utf8');
  if (tableIn(readme) === undefined) throw new Error(`README.md lacks the markers ${START} ${END}`);
  const start = readme.indexOf(START) + START.length;
  await writeFile(
    README,
    `${readme.slice(0, start)}\n${settingsTable()}\n${readme.slice(readme.indexOf(END))}`,
  );
}
