import type { ZodError } from 'zod';

/** What is wrong with an input, one `path: message` per problem, for an error message. */
export function inputProblems(error: ZodError, root: string): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || root}: ${issue.message}`)
    .join('; ');
}
