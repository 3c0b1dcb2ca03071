import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DesktopError } from '../../../contract/http-desktop-client.ts';
import { failureText, serverProblem } from './server-problem.ts';

test('a refused token says so and where the right address is; an unanswered one says the server is not there', () => {
  const refused = serverProblem(
    new DesktopError('unauthorized', 'the admin token is wrong', 'token-refused'),
    'answering',
  );
  assert.equal(refused.failure, 'token-refused');
  assert.match(refused.text, /refused this page's admin token/);
  assert.match(refused.text, /#token=…/);
  assert.match(refused.text, /guiUrl in server\.json/);
  const away = serverProblem(
    new DesktopError('unreachable', 'nothing answers', 'unreachable'),
    'the event stream',
  );
  assert.equal(away.failure, 'unreachable');
  assert.match(away.text, /does not answer/);
  assert.doesNotMatch(away.text, /refused/);
  assert.match(failureText('token-missing'), /needs the admin token/);
});

test("any other error is the server's own message, after what failed", () => {
  assert.deepEqual(
    serverProblem(new DesktopError('not_found', 'no session named x'), 'answering'),
    {
      text: 'The server could not answer: no session named x',
    },
  );
  assert.deepEqual(
    serverProblem(new Error('the server closed the event stream'), 'the event stream'),
    {
      text: 'Lost the connection to the server: the server closed the event stream',
    },
  );
});
