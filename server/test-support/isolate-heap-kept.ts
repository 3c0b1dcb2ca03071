// Run as a sandbox process: compiles a few thousand distinct scripts in one isolate, as a
// session's runs do, and reports how many bytes its heap still holds after a full collection.
import { setFlagsFromString } from 'node:v8';
import ivm from 'isolated-vm';

setFlagsFromString('--expose-gc');
const isolate = new ivm.Isolate({ memoryLimit: 64 });
const context = await isolate.createContext();
const usedAfterGc = async () => {
  await context.eval('gc()');
  return isolate.getHeapStatisticsSync().used_heap_size;
};
const before = await usedAfterGc();
for (let i = 0; i < 5000; i++) await context.eval(`var n = ${i}; n`);
process.send?.({ keptBytes: (await usedAfterGc()) - before }, () => process.disconnect());
