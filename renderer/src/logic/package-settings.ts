import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { npmTokenProblem, sameRegistryOrigin } from '../../../contract/package-policy.ts';
import { patternsOf } from './pattern-list.ts';

/**
 * The npm token as the form holds it. The server sends a saved token only as the mask, so the
 * form knows whether one is set, never what it is; a new one is typed into an uncontrolled input
 * and read only when saving.
 */
export interface NpmTokenDraft {
  /** Whether the server holds a token. */
  set: boolean;
  /** `keep` the saved one (or none), `replace` it with a typed one, `remove` it. */
  change: 'keep' | 'replace' | 'remove';
}

/** The allow-list's text as patterns. */
export const allowPackagePatterns = patternsOf;

/**
 * What to send as `npmToken`: the typed token, '' to remove the saved one, the mask to keep it,
 * nothing when there is none and none was typed; or why the typed text cannot be a token.
 */
export function npmTokenToSend(
  token: NpmTokenDraft,
  typed: string,
): { npmToken?: string } | { problem: string } {
  if (token.change === 'remove') return { npmToken: '' };
  const value = typed.trim();
  // The mask would read as "keep the saved token" to the server.
  if (value === MASKED_SECRET) return { problem: 'type the token itself' };
  const problem = value === '' ? undefined : npmTokenProblem(value);
  if (problem) return { problem };
  if (value !== '') return { npmToken: value };
  return token.set ? { npmToken: MASKED_SECRET } : {};
}

/**
 * Whether saving drops the saved token: the registry moves to another origin and no new token
 * was typed (the server removes a kept token then, and says so).
 */
export const tokenStaysBehind = (
  savedRegistry: string,
  draft: { npmRegistry: string; npmToken: NpmTokenDraft },
): boolean =>
  draft.npmToken.set &&
  draft.npmToken.change === 'keep' &&
  !sameRegistryOrigin(savedRegistry, draft.npmRegistry);
