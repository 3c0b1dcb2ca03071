/** The admin token in a page address's fragment (`#token=…`), or undefined. */
export function tokenInHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') || undefined;
}
