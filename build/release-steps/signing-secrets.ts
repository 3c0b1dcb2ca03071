// A tagged release must be signed: macOS with a Developer ID certificate and notarized, Windows
// with a code-signing certificate. The first job names every secret that is missing before any
// runner packages anything. The workflow hands this step only whether each secret exists
// (HAS_NAME=true|false), never a secret itself.
//   node build/release-steps/signing-secrets.ts

/** Each requirement is met when one of its alternatives has all of its secrets. */
export const SIGNING_REQUIREMENTS = [
  { what: 'the macOS Developer ID certificate', oneOf: [['CSC_LINK', 'CSC_KEY_PASSWORD']] },
  {
    what: 'notarization',
    oneOf: [
      ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
      ['APPLE_API_KEY_P8', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
    ],
  },
  {
    what: 'the Windows code-signing certificate',
    oneOf: [['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']],
  },
] as const;

/** Every secret a tagged release reads, in the order the requirements name them. */
export const SIGNING_SECRETS = SIGNING_REQUIREMENTS.flatMap((r) => r.oneOf.flat());

/** One line per unmet requirement, naming the secrets that would meet it; empty when all are met. */
export function missingSigning(has: (secret: string) => boolean): string[] {
  return SIGNING_REQUIREMENTS.flatMap(({ what, oneOf }) => {
    if (oneOf.some((secrets) => secrets.every(has))) return [];
    const options = oneOf.map((secrets) => secrets.filter((s) => !has(s)).join(', '));
    return [`${what}: missing ${options.join(', or else ')}`];
  });
}

if (import.meta.main) {
  const missing = missingSigning((secret) => process.env[`HAS_${secret}`] === 'true');
  if (missing.length > 0) {
    console.error(
      `A tagged release is signed and notarized; set these repository secrets:\n${missing.join('\n')}\n(an unsigned build: run the release workflow by hand, without a tag)`,
    );
    process.exitCode = 1;
  } else {
    console.log('every signing secret is set');
  }
}
