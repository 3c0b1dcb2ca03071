// Waiting for something a test cannot be told of (a file appearing or going, a process ending):
// checked every few milliseconds until it holds, and failed with what was awaited when it never
// does within a generous bound (never a fixed wait that hopes it happened).
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  withinMs = 60_000,
): Promise<void> {
  const until = performance.now() + withinMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`waited ${withinMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
