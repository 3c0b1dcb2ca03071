// A server in a process of its own that only starts a snapshot process: given a SnapshotTask as
// JSON, it prints the snapshot process's id once the task is on its way, so a test can kill this
// server while the snapshot is being made.

import { forkSandbox } from '../engine/sandbox-process.ts';
import type { SnapshotTask } from '../sandbox/protocol.ts';

const task = JSON.parse(process.argv[2] ?? '') as SnapshotTask;
const maker = forkSandbox(new URL('../sandbox/snapshot-maker.ts', import.meta.url));
maker.send(task, () => process.stdout.write(`${JSON.stringify({ pid: maker.pid })}\n`));
