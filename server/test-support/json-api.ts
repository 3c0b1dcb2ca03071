import { z } from 'zod';
import { type RunJsOutput, runJsOutput } from '../mcp/tool-schemas.ts';

const runJsOutputSchema = z.object(runJsOutput);

/**
 * One run through the JSON API (`POST /api/exec`), as a script would send it; throws with the
 * answer unless 200, or unless it has the shape of `run_js`'s output.
 */
export async function execOverApi(
  server: { url: string },
  run: { session?: string; code: string },
): Promise<RunJsOutput> {
  const response = await fetch(`${server.url}/api/exec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(run),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`/api/exec: ${response.status} ${text}`);
  return runJsOutputSchema.parse(JSON.parse(text));
}
