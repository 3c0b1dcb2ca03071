// List settings edited as text (allowed hosts, allowed packages): one pattern a line, commas also
// separating, as in their environment variables.

export const patternsOf = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter(Boolean);

/** What is wrong with each line, as "line N: why", by `problemOf` (undefined: nothing). */
export function patternProblems(
  text: string,
  problemOf: (pattern: string) => string | undefined,
): string[] {
  return text.split('\n').flatMap((line, index) =>
    patternsOf(line).flatMap((pattern) => {
      const problem = problemOf(pattern);
      return problem ? [`line ${index + 1}: ${problem}`] : [];
    }),
  );
}
