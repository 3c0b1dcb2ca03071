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
  const open: (Keys | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char <= SPACE) continue; // Most of a pretty-printed file is indentation.
    if (char === QUOTE) {
      const end = closingQuote(text, i);
      const keys = open.at(-1);
      if (keyNext && keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (!keys.add(key)) {
          return `has the key ${JSON.stringify(key)} twice in one object (a rewrite would keep only the last)`;
        }
      }
      keyNext = false;
      i = end;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      open.push(char === OPEN_BRACE ? new Keys() : null);
      if (open.length > MAX_JSON_DEPTH)
        return `nests deeper than ${MAX_JSON_DEPTH} levels, too deep to rewrite`;
      keyNext = char === OPEN_BRACE;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      open.pop();
    } else if (char === COMMA) {
      keyNext = open.at(-1) instanceof Keys;
    } else if (char === MINUS || (char >= ZERO && char <= NINE)) {
      let end = i + 1;
      while (end < text.length && isNumberPart(text.charCodeAt(end))) end++;
      const number = text.slice(i, end);
      if (!keptExactly(number)) {
        return `has a number that cannot be kept exactly in a rewrite (${number.length > 40 ? `${number.slice(0, 40)}…` : number})`;
      }
      i = end - 1;
    }
  }
  return undefined;
}

// Character codes: the scan compares numbers, not one-character strings.
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** A digit, a sign, a decimal point or an exponent's e. */
const isNumberPart = (char: number) =>
  (char >= ZERO && char <= NINE) || '+-.eE'.includes(String.fromCharCode(char));

/** An object's keys so far: a list while it is short (most are), a set past that. */
class Keys {
  private list: string[] = [];
  private set: Set<string> | undefined;
  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    if (this.set) return this.set.size < this.set.add(key).size;
    if (this.list.includes(key)) return false;
    this.list.push(key);
    if (this.list.length > 16) this.set = new Set(this.list);
    return true;
  }
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
