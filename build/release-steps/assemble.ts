// The release's files from the packaging runners' artifacts (one folder each, as
// actions/download-artifact leaves them): every installer, blockmap and update feed, once.
// Both macOS runners write a latest-mac.yml for their own arch; electron-updater's MacUpdater
// reads one feed and picks the zip for its arch from its files, so the two become one.
//   node build/release-steps/assemble.ts ARTIFACTS_DIR RELEASE_DIR
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const MAC_FEED = 'latest-mac.yml';

interface Feed {
  version: string;
  files: { url: string }[];
  releaseDate?: string;
}

/** One feed listing every file of `feeds`, which must be of one version; the first's other fields. */
export function mergeFeeds(feeds: Feed[]): Feed {
  const [first, ...rest] = feeds;
  if (!first) throw new Error('no feed to merge');
  for (const feed of rest) {
    if (feed.version !== first.version) {
      throw new Error(`feeds of versions ${first.version} and ${feed.version} cannot be merged`);
    }
  }
  return { ...first, files: feeds.flatMap((feed) => feed.files) };
}

export async function assemble(artifacts: string, release: string): Promise<string[]> {
  await mkdir(release, { recursive: true });
  const placed = new Map<string, string>();
  const macFeeds: Feed[] = [];
  for (const folder of (await readdir(artifacts)).sort()) {
    for (const name of (await readdir(join(artifacts, folder))).sort()) {
      const from = join(artifacts, folder, name);
      if (name === MAC_FEED) {
        macFeeds.push(parse(await readFile(from, 'utf8')) as Feed);
        continue;
      }
      const before = placed.get(name);
      if (before) throw new Error(`${name} is in both ${before} and ${folder}`);
      placed.set(name, folder);
      await copyFile(from, join(release, name));
    }
  }
  if (macFeeds.length > 0) {
    await writeFile(join(release, MAC_FEED), stringify(mergeFeeds(macFeeds)));
    placed.set(MAC_FEED, 'merged');
  }
  return [...placed.keys()].sort();
}

if (import.meta.main) {
  const [artifacts, release] = process.argv.slice(2);
  if (!artifacts || !release) throw new Error('usage: assemble.ts ARTIFACTS_DIR RELEASE_DIR');
  for (const name of await assemble(artifacts, release)) console.log(name);
}
