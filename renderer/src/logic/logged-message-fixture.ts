import type { LoggedMessage } from '../../../contract/logged-message.ts';

let seq = 0;

/** A logged message for the tests: an incoming stdio request unless `change` says otherwise. */
export const loggedMessage = (change: Partial<LoggedMessage>): LoggedMessage => ({
  seq: ++seq,
  time: '2026-11-23T10:00:00.000Z',
  connection: 'c1',
  transport: 'stdio',
  direction: 'in',
  kind: 'request',
  size: 10,
  body: {},
  ...change,
});
