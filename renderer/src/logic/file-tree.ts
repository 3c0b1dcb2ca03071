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

interface Node {
  info?: FileInfo;
  children: string[];
  size: number;
}

const parentOf = (path: string) => path.slice(0, Math.max(1, path.lastIndexOf('/')));
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Whether a folder shows what is inside: the top level (/work, /display) opens by itself, deeper
 * folders stay closed; a folder in `toggled` is the other way round.
 */
export const folderOpen = (path: string, depth: number, toggled: ReadonlySet<string>) =>
  (depth === 0) !== toggled.has(path);

/**
 * The tree's rows from a heap's listing, in the order they show: each folder before what is in
 * it (folders first, then files, each by name), only the rows of open folders. Folders the
 * listing leaves implicit (/work always, any folder above a listed path) are added, so every row
 * has its parent; the listing's own order is not relied on.
 */
export function fileTreeRows(files: readonly FileInfo[], toggled: ReadonlySet<string>): FileRow[] {
  const nodes = new Map<string, Node>([['/', { children: [], size: 0 }]]);
  const add = (path: string): Node => {
    const known = nodes.get(path);
    if (known) return known;
    const node: Node = { children: [], size: 0 };
    nodes.set(path, node);
    add(parentOf(path)).children.push(path);
    return node;
  };
  add(FILES_CWD);
  for (const info of files) {
    if (info.path === '/') continue;
    add(info.path).info = info;
  }
  const isDir = (path: string) => (nodes.get(path)?.info?.kind ?? 'dir') === 'dir';
  const sizeOf = (path: string): number => {
    const node = nodes.get(path) as Node;
    node.size =
      node.info?.kind === 'file'
        ? node.info.size
        : node.children.reduce((sum, child) => sum + sizeOf(child), 0);
    return node.size;
  };
  sizeOf('/');
  const byKindAndName = (a: string, b: string) =>
    Number(isDir(b)) - Number(isDir(a)) || (a < b ? -1 : a > b ? 1 : 0);

  const rows: FileRow[] = [];
  const walk = (path: string, depth: number) => {
    for (const child of [...(nodes.get(path) as Node).children].sort(byKindAndName)) {
      const node = nodes.get(child) as Node;
      const dir = isDir(child);
      const open = dir && folderOpen(child, depth, toggled);
      rows.push({
        path: child,
        name: nameOf(child),
        depth,
        kind: dir ? 'dir' : 'file',
        size: node.size,
        ...(node.info && { mtime: node.info.mtime }),
        ...(node.info?.mimeType !== undefined && { mimeType: node.info.mimeType }),
        ...(dir && { open, entries: node.children.length }),
      });
      if (open) walk(child, depth + 1);
    }
  };
  walk('/', 0);
  return rows;
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
