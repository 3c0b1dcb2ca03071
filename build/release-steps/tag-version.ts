// The release's tag must be `v` and package.json's version: the installers, the update feeds and
// the app's own version all come from package.json, so a tag that says otherwise would publish a
// release whose files disagree with its name.
//   node build/release-steps/tag-version.ts v0.1.0
import { readFile } from 'node:fs/promises';

/** Why `tag` cannot release `version`, or undefined when it is `v` + version. */
export function tagMismatch(tag: string, version: string): string | undefined {
  if (tag === `v${version}`) return undefined;
  return `the tag ${tag} is not v${version}, package.json's version: tag the commit v${version} or bump the version`;
}

if (import.meta.main) {
  const tag = process.argv[2] ?? '';
  const { version } = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  const why = tagMismatch(tag, version);
  if (why) {
    console.error(why);
    process.exitCode = 1;
  } else {
    console.log(`tag ${tag} is package.json's version`);
  }
}
