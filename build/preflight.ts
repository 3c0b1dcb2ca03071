// The release workflow's first job: the pinned Node runtime must exist in the npm registry for
// every release target, or no runner should start staging one.
//   node build/preflight.ts
import { missingRuntimesMessage, runtimeSpecs } from './staging/node-runtime.ts';
import { registryHas } from './staging/registry.ts';

/** The runtime packages (NAME@VERSION) that `has` does not find, each line logged. */
export async function missingRuntimes(
  specs: Map<string, string>,
  has: (spec: string) => Promise<boolean>,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const missing: string[] = [];
  for (const [target, spec] of specs) {
    const found = await has(spec);
    log(`${found ? 'found  ' : 'MISSING'} ${target.padEnd(12)} ${spec}`);
    if (!found) missing.push(spec);
  }
  return missing;
}

if (import.meta.main) {
  const missing = await missingRuntimes(runtimeSpecs(), registryHas, (line) => console.log(line));
  if (missing.length > 0) {
    console.error(missingRuntimesMessage(missing));
    process.exitCode = 1;
  }
}
