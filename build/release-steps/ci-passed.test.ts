import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ciVerdict, FIRST_RUN_WAIT_MS, type WorkflowRun } from './ci-passed.ts';

const run = (status: string, conclusion: string | null, n = 1): WorkflowRun => ({
  status,
  conclusion,
  html_url: `https://github.com/o/r/actions/runs/${n}`,
});

test('one successful ci run on the commit lets the release go on, whatever the others did', () => {
  assert.deepEqual(ciVerdict([run('completed', 'failure'), run('completed', 'success')]), {
    kind: 'passed',
  });
  assert.deepEqual(ciVerdict([run('in_progress', null), run('completed', 'success')]), {
    kind: 'passed',
  });
});

test('while a ci run is unfinished and none succeeded, the release waits', () => {
  assert.deepEqual(ciVerdict([run('queued', null)]), { kind: 'wait' });
  assert.deepEqual(ciVerdict([run('completed', 'failure'), run('in_progress', null)]), {
    kind: 'wait',
  });
});

test('a commit ci never ran on, or whose runs all ended otherwise, is refused, naming them', () => {
  assert.deepEqual(ciVerdict([], FIRST_RUN_WAIT_MS), {
    kind: 'failed',
    why: 'ci never ran on this commit',
  });
  assert.deepEqual(ciVerdict([run('completed', 'failure', 7), run('completed', 'cancelled', 8)]), {
    kind: 'failed',
    why: 'no ci run on this commit succeeded:\nfailure: https://github.com/o/r/actions/runs/7\ncancelled: https://github.com/o/r/actions/runs/8',
  });
});

test('a commit with no ci run yet is waited for a while, since GitHub may list the run late', () => {
  assert.deepEqual(ciVerdict([]), { kind: 'wait' });
  assert.deepEqual(ciVerdict([], FIRST_RUN_WAIT_MS - 1), { kind: 'wait' });
});
