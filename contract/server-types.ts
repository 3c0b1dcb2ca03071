// The server's own types of every object the GUI and the shell see, re-exported as types only:
// the contract names them without a second copy to keep in sync, and brings no server code along.
export type { RunRecord } from '../server/admin/run-history.ts';
export type { ConnectionInfo } from '../server/connections/connection-registry.ts';
export type {
  ActiveRun,
  HeapSummary,
  RunOrigin,
  SessionPackage,
  SessionSummary,
} from '../server/engine/engine-types.ts';
export type { LoggedMessage } from '../server/messages/message-log.ts';
export type { Refusal } from '../server/messages/refusal-log.ts';
export type { HeapEntry, HeapInspection } from '../server/sandbox/protocol.ts';
export type { SettingProblem } from '../server/settings/resolve-settings.ts';
