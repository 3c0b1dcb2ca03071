// Control, format and bidi characters are invisible or reorder what follows them: in a name
// (U+202E makes "\u202Egnp.exe" read "exe.png") they would spoof the file's kind.
const CONTROLS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * `text` with each control or format character (bidi overrides and isolates, zero widths, NUL,
 * line breaks) written out as `\uXXXX`, so a name shows what it holds.
 */
export const visibleText = (text: string) =>
  text.replace(
    CONTROLS,
    (char) => `\\u${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`,
  );
