// A heap's file tree: its folders and files by POSIX path (contract/session-files.ts), each file
// by the hash of its content in the blob store. A tree is stored as a manifest blob, so a heap
// names its files by one hash, shared by every heap whose tree is the same.
import {
  FILES_CWD,
  type FileChange,
  type FileInfo,
  MAX_TIME,
  mimeTypeOf,
  normalFilePath,
} from '../../contract/session-files.ts';
import { blobHash } from './blob-store.ts';

/** A folder (`dir`) or a file (`hash` of its content, `size` bytes), with its mtime (ms). */
export interface TreeNode {
  path: string;
  dir?: true;
  size: number;
  mtime: number;
  hash?: string;
}

/** The four file limits a run ran under (the settings of the same names). */
export interface FileLimits {
  fileBytes: number;
  sessionFileBytes: number;
  sessionFiles: number;
  displayBytes: number;
}

/** The folders every tree has without naming them: they cannot be removed. */
export const IMPLICIT_DIRS: ReadonlySet<string> = new Set(['/', FILES_CWD]);

/** The empty tree's hash: a heap whose runs never touched files has it. */
export const EMPTY_TREE = manifestOf([]).hash;

const HASH = /^[0-9a-f]{64}$/;

/** A tree's bytes as stored (canonical JSON, nodes in path order) and their hash. */
export function manifestOf(nodes: readonly TreeNode[]): { hash: string; bytes: Buffer } {
  const sorted = nodes.toSorted((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rows = sorted.map((node) =>
    node.dir ? [node.path, node.mtime] : [node.path, node.mtime, node.size, node.hash],
  );
  const bytes = Buffer.from(JSON.stringify({ files: 1, nodes: rows }));
  return { hash: blobHash(bytes), bytes };
}

/**
 * The nodes of a stored manifest, checked as anything read back from disk: a manifest that is
 * not one this server writes (a path not normal, a folder missing, a node twice) throws.
 */
export function nodesOfManifest(bytes: Uint8Array): TreeNode[] {
  const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
    files?: unknown;
    nodes?: unknown;
  };
  if (parsed?.files !== 1 || !Array.isArray(parsed.nodes)) throw new Error('not a file tree');
  const nodes = parsed.nodes.map((row: unknown): TreeNode => {
    if (!Array.isArray(row)) throw new Error('not a file tree');
    const [path, mtime, size, hash] = row as unknown[];
    if (typeof path !== 'string' || typeof mtime !== 'number') throw new Error('not a file tree');
    if (row.length === 2) return { path, dir: true, size: 0, mtime };
    if (typeof size !== 'number' || typeof hash !== 'string') throw new Error('not a file tree');
    return { path, size, mtime, hash };
  });
  const problem = treeProblem(nodes);
  if (problem) throw new Error(`a damaged file tree: ${problem}`);
  return nodes;
}

/**
 * Why `nodes` is not a tree this server keeps, or undefined: every path normal and not implicit,
 * none twice, every parent a folder of the tree, every file a size and a content hash, every
 * time a finite number. Checked on whatever a guest or a client hands in.
 */
export function treeProblem(nodes: readonly TreeNode[]): string | undefined {
  const kinds = new Map<string, boolean>();
  for (const node of nodes) {
    if (typeof node?.path !== 'string') return 'a node without a path';
    const normal = normalFilePath(node.path);
    if (!('path' in normal) || normal.path !== node.path)
      return `${JSON.stringify(node.path.slice(0, 300))} is not a normal path`;
    if (IMPLICIT_DIRS.has(node.path)) return `${node.path} is always there`;
    if (kinds.has(node.path)) return `${node.path} twice`;
    if (!(node.mtime >= 0 && node.mtime <= MAX_TIME))
      return `${node.path} has no time a date holds`;
    if (node.dir) {
      if (node.hash !== undefined || node.size !== 0) return `folder ${node.path} has content`;
    } else if (!Number.isSafeInteger(node.size) || node.size < 0 || !HASH.test(node.hash ?? '')) {
      return `file ${node.path} has no size or content hash`;
    }
    kinds.set(node.path, node.dir === true);
  }
  for (const node of nodes) {
    const parent = node.path.slice(0, node.path.lastIndexOf('/')) || '/';
    if (!IMPLICIT_DIRS.has(parent) && kinds.get(parent) !== true) {
      return `${node.path} is in ${parent}, which is not a folder of the tree`;
    }
  }
  return undefined;
}

/** All the files' bytes together and the count of nodes (files and folders). */
export function treeTotals(nodes: readonly TreeNode[]): { bytes: number; count: number } {
  return { bytes: nodes.reduce((sum, node) => sum + node.size, 0), count: nodes.length };
}

/**
 * Which limit the tree `nodes` breaks (the setting's name, and the file), or undefined. Against
 * the tree it came from, `before`, only growth counts: a file over `fileBytes` that was there
 * already, or totals over a limit lowered since that did not grow, break nothing, so a session
 * over a lowered limit can still read its files and remove some.
 */
export function brokenFileLimit(
  nodes: readonly TreeNode[],
  limits: Pick<FileLimits, 'fileBytes' | 'sessionFileBytes' | 'sessionFiles'>,
  before: readonly TreeNode[] = [],
): { limit: keyof FileLimits; path?: string } | undefined {
  const had = new Set(before.flatMap((node) => (node.hash ? [node.hash] : [])));
  const large = nodes.find((node) => node.size > limits.fileBytes && !had.has(node.hash ?? ''));
  if (large) return { limit: 'fileBytes', path: large.path };
  const now = treeTotals(nodes);
  const then = treeTotals(before);
  if (now.bytes > limits.sessionFileBytes && now.bytes > then.bytes) {
    return { limit: 'sessionFileBytes' };
  }
  if (now.count > limits.sessionFiles && now.count > then.count) return { limit: 'sessionFiles' };
  return undefined;
}

/** What a run did to the tree: each node created, changed (content or time) or deleted. */
export function changesBetween(
  before: readonly TreeNode[],
  after: readonly TreeNode[],
): FileChange[] {
  const old = new Map(before.map((node) => [node.path, node]));
  const changes: FileChange[] = [];
  for (const node of after) {
    const was = old.get(node.path);
    old.delete(node.path);
    const kind = node.dir ? 'dir' : 'file';
    if (!was || (was.dir === true) !== (node.dir === true)) {
      changes.push({ path: node.path, change: 'created', kind, size: node.size });
    } else if (!node.dir && (was.hash !== node.hash || was.mtime !== node.mtime)) {
      changes.push({ path: node.path, change: 'changed', kind, size: node.size });
    }
  }
  for (const node of old.values()) {
    changes.push({
      path: node.path,
      change: 'deleted',
      kind: node.dir ? 'dir' : 'file',
      size: node.size,
    });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A node as every transport shows it. */
export function fileInfoOf(node: TreeNode): FileInfo {
  return {
    path: node.path,
    kind: node.dir ? 'dir' : 'file',
    size: node.size,
    mtime: new Date(Math.min(Math.max(node.mtime, 0), MAX_TIME)).toISOString(),
    ...(!node.dir && { mimeType: mimeTypeOf(node.path) }),
  };
}

/** The nodes at and below folder `path` (normal), in path order; the folder itself left out. */
export function nodesBelow(nodes: readonly TreeNode[], path: string): TreeNode[] {
  const prefix = path === '/' ? '/' : `${path}/`;
  return nodes
    .filter((node) => node.path.startsWith(prefix))
    .toSorted((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A file given to a run or uploaded: its normal path and its bytes. */
export interface InputFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * `nodes` with `inputs` written at `time` (folders made as needed, as `mkdir -p` would), or why
 * not: a path that is a folder, or one below a file.
 */
export function withInputFiles(
  nodes: readonly TreeNode[],
  inputs: readonly InputFile[],
  time: number,
  maxNodes = Number.POSITIVE_INFINITY,
): { nodes: TreeNode[]; blobs: Map<string, Uint8Array> } | { problem: string; tooMany?: true } {
  const byPath = new Map(nodes.map((node) => [node.path, node]));
  const tooMany = { problem: `more than ${maxNodes} files and folders`, tooMany: true as const };
  const blobs = new Map<string, Uint8Array>();
  for (const { path, bytes } of inputs) {
    if (IMPLICIT_DIRS.has(path) || byPath.get(path)?.dir) return { problem: `${path} is a folder` };
    // Folders from the nearest one that exists down, each found once: deep paths cost their
    // length, not its square.
    const missing: string[] = [];
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) {
      const folder = path.slice(0, at);
      if (IMPLICIT_DIRS.has(folder)) break;
      const there = byPath.get(folder);
      if (there && !there.dir)
        return { problem: `${folder} is a file, so ${path} cannot be in it` };
      if (there) break;
      missing.push(folder);
      if (byPath.size + missing.length > maxNodes) return tooMany;
    }
    for (const folder of missing)
      byPath.set(folder, { path: folder, dir: true, size: 0, mtime: time });
    const hash = blobHash(bytes);
    blobs.set(hash, bytes);
    byPath.set(path, { path, size: bytes.byteLength, mtime: time, hash });
    if (byPath.size > maxNodes) return tooMany;
  }
  return { nodes: [...byPath.values()], blobs };
}
