// Files given to a run (run_js `files`, the window's upload), checked where they come in: each
// path made normal (never above `/`), the content decoded strictly, every file limit held. A
// refusal names the path and the setting; the run never starts.
import type { Limits } from '../../contract/limits.ts';
import { type InputFiles, normalFilePath } from '../../contract/session-files.ts';
import {
  brokenFileLimit,
  IMPLICIT_DIRS,
  type InputFile,
  type TreeNode,
  withInputFiles,
} from '../store/file-tree.ts';
import { EngineError } from './engine-error.ts';

type FileLimits = Pick<Limits, 'fileBytes' | 'sessionFileBytes' | 'sessionFiles'>;

/**
 * `text` decoded when it is base64 as Node writes it, else undefined. A round trip, in linear
 * time: a regular expression of repeated groups overflowed V8's stack on a 3 MiB file.
 */
function strictBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

const refused = (message: string) => new EngineError('invalid_files', message);

const shown = (path: string) => JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);

/** The files as paths and bytes, each checked alone; throws `invalid_files` saying why not. */
export function inputFilesOf(files: InputFiles, limits: FileLimits): InputFile[] {
  const entries = Object.entries(files);
  if (entries.length > limits.sessionFiles) {
    throw refused(`${entries.length} files given, over sessionFiles=${limits.sessionFiles}`);
  }
  const seen = new Set<string>();
  let total = 0;
  return entries.map(([given, content]) => {
    const normal = normalFilePath(given);
    if (!('path' in normal)) throw refused(`file ${shown(given)}: ${normal.problem}`);
    const { path } = normal;
    if (IMPLICIT_DIRS.has(path)) throw refused(`file ${shown(given)} names the folder ${path}`);
    if (seen.has(path)) throw refused(`file ${path} is given twice`);
    seen.add(path);
    const bytes =
      typeof content === 'string' ? Buffer.from(content, 'utf8') : strictBase64(content.base64);
    if (!bytes) throw refused(`file ${path}: its base64 is not valid base64`);
    if (bytes.byteLength > limits.fileBytes) {
      throw refused(
        `file ${path} is ${bytes.byteLength} bytes, over fileBytes=${limits.fileBytes}`,
      );
    }
    total += bytes.byteLength;
    if (total > limits.sessionFileBytes) {
      throw refused(
        `the files given come to more than sessionFileBytes=${limits.sessionFileBytes}`,
      );
    }
    return { path, bytes };
  });
}

/** Throws `invalid_files` when `inputs` cannot be written over `nodes` within the limits. */
export function checkInputOver(
  nodes: readonly TreeNode[],
  inputs: readonly InputFile[],
  limits: FileLimits,
): void {
  const merged = withInputFiles(nodes, inputs, 0, Math.max(limits.sessionFiles, nodes.length));
  const broken =
    'problem' in merged
      ? merged.tooMany && { limit: 'sessionFiles' as const }
      : brokenFileLimit(merged.nodes, limits, nodes);
  if ('problem' in merged && !broken) throw refused(merged.problem);
  if (broken) {
    throw refused(
      `with the files given, the session's files would break ${broken.limit}=${limits[broken.limit as keyof FileLimits]}`,
    );
  }
}
