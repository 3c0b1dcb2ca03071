import { FILES_CWD, type FileInfo, type FileListing } from '../../../contract/session-files.ts';
import { formatBytes } from './format.ts';

/** One line of the Files panel's tree: a file, or a folder that opens and closes. */
export interface FileRow {
  path: string;
  name: string;
  /** 0 for what lies in `/`. */
  depth: number;
  kind: 'file' | 'dir';
  /** A file's bytes; a folder's: all the files below it together. */
  size: number;
  /** When it was last written (a folder the listing never names, such as /work, has none). */
  mtime?: string;
  mimeType?: string;
  /** Folders: whether the rows inside show. */
  open?: boolean;
  /** Folders: how many files and folders are right inside. */
  entries?: number;
}

/** Under a folder of many entries, the row that shows more of them. */
export interface MoreRow {
  kind: 'more';
  /** The folder whose entries these are. */
  path: string;
  depth: number;
  /** How many are not shown yet. */
  hidden: number;
}

/** How many entries of one folder show at first, and how many more each "Show more" adds. */
export const FOLDER_ROWS = 500;

interface Node {
  info?: FileInfo;
  /** Folders first, then files, each by name. */
  children: string[];
  size: number;
  dir: boolean;
}

/** A heap's listing as a tree, made once per listing (the rows are walked from it at each click). */
export type FileTree = ReadonlyMap<string, Node>;

const parentOf = (path: string) => path.slice(0, Math.max(1, path.lastIndexOf('/')));
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Whether a folder shows what is inside: the top level (/work, /display) opens by itself, deeper
 * folders stay closed; a folder in `toggled` is the other way round.
 */
export const folderOpen = (path: string, depth: number, toggled: ReadonlySet<string>) =>
  (depth === 0) !== toggled.has(path);

/**
 * The tree of a heap's listing. Folders the listing leaves implicit (/work always, any folder
 * above a listed path) are added, so every node has its parent; the listing's own order is not
 * relied on.
 */
export function fileTreeOf(files: readonly FileInfo[]): FileTree {
  const nodes = new Map<string, Node>([['/', { children: [], size: 0, dir: true }]]);
  const add = (path: string): Node => {
    const known = nodes.get(path);
    if (known) return known;
    const node: Node = { children: [], size: 0, dir: true };
    nodes.set(path, node);
    add(parentOf(path)).children.push(path);
    return node;
  };
  add(FILES_CWD);
  for (const info of files) {
    if (info.path === '/') continue;
    const node = add(info.path);
    node.info = info;
    node.dir = info.kind === 'dir';
  }
  const byKindAndName = (a: string, b: string) =>
    Number((nodes.get(b) as Node).dir) - Number((nodes.get(a) as Node).dir) ||
    (a < b ? -1 : a > b ? 1 : 0);
  // Sizes from the deepest up, without recursion: a tree may be deeper than the stack.
  const paths = [...nodes.keys()].sort((a, b) => b.length - a.length);
  for (const path of paths) {
    const node = nodes.get(path) as Node;
    if (!node.dir) node.size = node.info?.size ?? 0;
    node.children.sort(byKindAndName);
    if (path !== '/') (nodes.get(parentOf(path)) as Node).size += node.size;
  }
  return nodes;
}

/**
 * The tree's rows in the order they show: each folder before what is in it, only the rows of
 * open folders, and of a folder's entries the first FOLDER_ROWS (more as `widened` says), then a
 * row that shows more: a folder of 100,000 files would otherwise be 100,000 rows at each click.
 */
export function fileTreeRows(
  tree: FileTree,
  toggled: ReadonlySet<string>,
  widened: ReadonlyMap<string, number> = new Map(),
): (FileRow | MoreRow)[] {
  const rows: (FileRow | MoreRow)[] = [];
  // Depth first without recursion: [folder, depth, next child].
  const stack: [string, number, number][] = [['/', 0, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [string, number, number];
    const [path, depth, next] = top;
    const { children } = tree.get(path) as Node;
    const shown = Math.min(children.length, FOLDER_ROWS + (widened.get(path) ?? 0));
    if (next >= shown) {
      stack.pop();
      if (shown < children.length) {
        rows.push({ kind: 'more', path, depth, hidden: children.length - shown });
      }
      continue;
    }
    top[2] = next + 1;
    const child = children[next] as string;
    const node = tree.get(child) as Node;
    const open = node.dir && folderOpen(child, depth, toggled);
    rows.push({
      path: child,
      name: nameOf(child),
      depth,
      kind: node.dir ? 'dir' : 'file',
      size: node.size,
      ...(node.info && { mtime: node.info.mtime }),
      ...(node.info?.mimeType !== undefined && { mimeType: node.info.mimeType }),
      ...(node.dir && { open, entries: node.children.length }),
    });
    if (open) stack.push([child, depth + 1, 0]);
  }
  return rows;
}

/** `widened` with FOLDER_ROWS more of `folder`'s entries shown. */
export function widenedFolder(
  widened: ReadonlyMap<string, number>,
  folder: string,
): Map<string, number> {
  return new Map(widened).set(folder, (widened.get(folder) ?? 0) + FOLDER_ROWS);
}

/** `widened` with enough of each folder above `path` shown for its row to show (a file opened from a run cell). */
export function widenedTo(
  tree: FileTree,
  widened: ReadonlyMap<string, number>,
  path: string,
): ReadonlyMap<string, number> {
  let next = widened;
  for (let child = path; child !== '/'; child = parentOf(child)) {
    const folder = parentOf(child);
    const index = tree.get(folder)?.children.indexOf(child) ?? -1;
    while (index >= FOLDER_ROWS + (next.get(folder) ?? 0)) next = widenedFolder(next, folder);
  }
  return next;
}

/** How deep the tree indents: deeper rows stand at this depth, so a deep tree stays narrow. */
export const INDENT_LEVELS = 12;

/** A folder's path short enough for a button: "/work/data", or "…/d98/d99" for a deep or long one. */
export function shortFolder(path: string, max = 32): string {
  if (path.length <= max) return path;
  const names = path.split('/');
  let short = names.at(-1) as string;
  for (
    let i = names.length - 2;
    i > 0 && short.length + (names[i] as string).length + 3 <= max;
    i--
  ) {
    short = `${names[i]}/${short}`;
  }
  return short.length + 2 > max ? `…${short.slice(-(max - 1))}` : `…/${short}`;
}

/** The set of toggled folders with `path` flipped. */
export function toggledFolder(toggled: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(toggled);
  if (!next.delete(path)) next.add(path);
  return next;
}

/**
 * The folders to flip so that `path`'s row shows (a file opened from a run cell): each closed
 * folder above it.
 */
export function revealed(toggled: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(toggled);
  const names = path.split('/').filter((name) => name !== '');
  for (let depth = 0; depth < names.length - 1; depth++) {
    const folder = `/${names.slice(0, depth + 1).join('/')}`;
    if (!folderOpen(folder, depth, next) && !next.delete(folder)) next.add(folder);
  }
  return next;
}

/** Where an upload goes: the folder chosen, the folder of the file chosen, else /work. */
export function uploadFolder(chosen: Pick<FileRow, 'path' | 'kind'> | undefined): string {
  if (!chosen) return FILES_CWD;
  return chosen.kind === 'dir' ? chosen.path : parentOf(chosen.path);
}

/** A heap's files in a line: "3 files and folders · 1.2 KiB". */
export const fileTotals = ({
  totalFiles,
  totalBytes,
}: Pick<FileListing, 'totalFiles' | 'totalBytes'>) =>
  `${totalFiles} ${totalFiles === 1 ? 'file or folder' : 'files and folders'} · ${formatBytes(totalBytes)}`;
