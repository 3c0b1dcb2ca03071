// Pieces of TypeScript text made from an upstream server's strings, which may hold anything: a
// quoted name stays one string, a comment stays a comment, and every piece counts against a
// budget of bytes so that no schema can make the text large.

/** What is left of one tool's bytes: its description and both its types spend from it. */
export interface Budget {
  bytes: number;
}

/** UTF-8 bytes, the unit the declarations' limits count. */
export const byteLength = (text: string): number => Buffer.byteLength(text);

/** Takes `text`'s bytes from the budget. Once a piece does not fit, the budget is spent: nothing
 *  after it is written, so the text never grows past a piece that was refused. */
export function spend(budget: Budget, text: string): boolean {
  const bytes = byteLength(text);
  if (bytes > budget.bytes) {
    budget.bytes = 0;
    return false;
  }
  budget.bytes -= bytes;
  return true;
}

/** A string literal: JSON's escapes, and the two line separators escaped too, since an editor
 *  breaks the line there. */
export const quote = (text: string): string =>
  JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property name in a type: bare when it is an identifier, else quoted. */
export const propertyKey = (name: string): string => (IDENTIFIER.test(name) ? name : quote(name));

/** `.name` or `["na-me"]`, as code reaches a property. */
export const memberAccess = (name: string): string =>
  IDENTIFIER.test(name) ? `.${name}` : `[${quote(name)}]`;

/** At most `max` bytes of `text`, cut at a character and ended with an ellipsis. */
export function clip(text: string, max: number): string {
  if (byteLength(text) <= max) return text;
  // A prefix of `max` characters holds at least `max` bytes; cutting its bytes may split the last
  // character, which decodes as U+FFFD and is dropped.
  const cut = Buffer.from(text.slice(0, max))
    .subarray(0, Math.max(0, max - 3))
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return `${cut}…`;
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** Text that cannot close the block comment it is put in. */
export const inComment = (text: string): string => text.replaceAll('*/', '*\\/');

/** A `//` comment on one line, whatever line breaks the text holds. */
export const lineComment = (text: string): string => `// ${text.split(LINE_BREAK).join(' ')}`;

/** A JSDoc block at `pad`, one line when the text is, with a line ending it. */
export function docComment(lines: readonly string[], pad: string): string {
  const all = lines.flatMap((line) => inComment(line).split(LINE_BREAK)).map((l) => l.trimEnd());
  if (all.length === 0) return '';
  if (all.length === 1) return `${pad}/** ${all[0]} */\n`;
  const body = all.map((line) => (line ? `${pad} * ${line}` : `${pad} *`)).join('\n');
  return `${pad}/**\n${body}\n${pad} */\n`;
}
