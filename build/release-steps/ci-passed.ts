// The release builds only a commit CI passed: it asks GitHub for the `ci` workflow's runs on this
// commit, waits while one is still going, and fails unless one concluded success.
//   GH_TOKEN=... GITHUB_REPOSITORY=owner/name node build/release-steps/ci-passed.ts SHA

export interface WorkflowRun {
  status: string;
  conclusion: string | null;
  html_url: string;
}

export type Verdict = { kind: 'passed' | 'wait' } | { kind: 'failed'; why: string };

/**
 * How long a commit may show no ci run at all: a tag pushed with its commit starts both
 * workflows at once, and GitHub may list the ci run only after the release has asked.
 */
export const FIRST_RUN_WAIT_MS = 10 * 60_000;

/**
 * Passed once any run succeeded; wait while one is unfinished, or while none has appeared yet
 * (for FIRST_RUN_WAIT_MS since the release began asking); otherwise failed, saying how.
 */
export function ciVerdict(runs: WorkflowRun[], askingForMs = 0): Verdict {
  if (runs.some((run) => run.conclusion === 'success')) return { kind: 'passed' };
  if (runs.some((run) => run.status !== 'completed')) return { kind: 'wait' };
  if (runs.length === 0) {
    return askingForMs < FIRST_RUN_WAIT_MS
      ? { kind: 'wait' }
      : { kind: 'failed', why: 'ci never ran on this commit' };
  }
  const ended = runs.map((run) => `${run.conclusion}: ${run.html_url}`).join('\n');
  return { kind: 'failed', why: `no ci run on this commit succeeded:\n${ended}` };
}

async function ciRuns(sha: string): Promise<WorkflowRun[]> {
  const api = process.env.GITHUB_API_URL ?? 'https://api.github.com';
  const url = `${api}/repos/${process.env.GITHUB_REPOSITORY}/actions/workflows/ci.yml/runs?head_sha=${sha}&per_page=100`;
  const response = await fetch(url, {
    headers: {
      authorization: `Bearer ${process.env.GH_TOKEN}`,
      accept: 'application/vnd.github+json',
    },
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { workflow_runs: WorkflowRun[] }).workflow_runs;
}

if (import.meta.main) {
  const sha = process.argv[2] ?? '';
  // CI on the same push may still be running: a tag pushed with its commit starts both at once.
  const started = Date.now();
  const deadline = started + 60 * 60_000;
  for (;;) {
    const verdict = ciVerdict(await ciRuns(sha), Date.now() - started);
    if (verdict.kind === 'passed') {
      console.log(`ci passed on ${sha}`);
      break;
    }
    if (verdict.kind === 'failed' || Date.now() > deadline) {
      console.error(
        verdict.kind === 'failed' ? verdict.why : `ci on ${sha} did not finish in time`,
      );
      process.exitCode = 1;
      break;
    }
    console.log(`ci is still running on ${sha}; asking again in a minute`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
}
