// What JSON.parse and JSON.stringify would silently change in a file's text: a key given twice
// in one object (only the last is kept, dropping servers), a number that a double cannot hold
// (a large id, 1e400, which becomes null), and nesting too deep to write back (stringify
// recurses, and would overflow the stack).

/** Deeper than any config nests; far below what JSON.stringify can recurse. */
export const MAX_JSON_DEPTH = 512;

/**
 * What rewriting valid JSON `text` would lose, said as the end of a sentence about the file
 * ("has the key …"), or undefined when a parse and a rewrite keep it all. One pass, no recursion.
 */
export function whatRewritingLoses(text: string): string | undefined {
  // One entry per open object (its keys so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const end = closingQuote(text, i);
      const keys = open.at(-1);
      if (keyNext && keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (keys.has(key)) {
          return `has the key ${JSON.stringify(key)} twice in one object (a JSON reader keeps only the last)`;
        }
        keys.add(key);
      }
      keyNext = false;
      i = end;
    } else if (char === '{' || char === '[') {
      open.push(char === '{' ? new Set() : null);
      if (open.length > MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
      keyNext = char === '{';
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',') {
      keyNext = open.at(-1) instanceof Set;
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end] as string)) end++;
      const number = text.slice(i, end);
      if (!keptExactly(number)) {
        return `has a number that cannot be kept exactly (${number.length > 40 ? `${number.slice(0, 40)}…` : number})`;
      }
      i = end - 1;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `start`. */
function closingQuote(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text[end - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/**
 * Whether the number reads back as written: finite, and an integer exactly (past 2^53 a double
 * rounds it). A fraction's last digits are a double's anyway, for every reader, so they pass.
 */
function keptExactly(number: string): boolean {
  const value = Number(number);
  if (!Number.isFinite(value)) return false;
  if (/[.eE]/.test(number) || Number.isSafeInteger(value)) return true;
  return BigInt(number) === BigInt(value);
}
