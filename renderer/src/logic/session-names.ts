/**
 * A name for a new session that starts from `base`'s heap, offered to the user: `base-2`, or the
 * next number free among `taken` (a name that already ends in a number counts on from it).
 */
export function freshSessionName(base: string, taken: readonly string[]): string {
  const match = /^(.*?)-(\d+)$/.exec(base);
  const stem = match?.[1] || base;
  const names = new Set(taken);
  for (let n = match ? Number(match[2]) + 1 : 2; ; n++) {
    const name = `${stem}-${n}`;
    if (!names.has(name)) return name;
  }
}
