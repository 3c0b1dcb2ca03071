// The host side of one live run's files (guest/files.js asks through a synchronous isolated-vm
// Reference): the tree the run starts from, each content it reads, and the tree it leaves. What
// the guest hands back is checked as hostile input: normal paths, a real tree, the limits, and
// content it names by hash only if its base tree holds it (a hash is no key to other files).
import { readFileSync } from 'node:fs';
import {
  displayKindOf,
  isMediaType,
  normalFilePath,
  type RunFiles as ReportedFiles,
  type ShownItem,
} from '../../../contract/session-files.ts';
import { blobHash } from '../../store/blob-store.ts';
import type { DataLayout } from '../../store/data-dir.ts';
import {
  brokenFileLimit,
  changesBetween,
  EMPTY_TREE,
  type FileLimits,
  type InputFile,
  manifestOf,
  nodesOfManifest,
  type TreeNode,
  treeProblem,
  withInputFiles,
} from '../../store/file-tree.ts';
import type { FilesRecord } from '../../store/journal-entry.ts';

/** What the guest hands back at the end of a live run that touched files (`done`). */
interface GuestTree {
  nodes: (TreeNode & { content?: number })[];
  shown: { path: string; mimeType: string }[];
}

/** Items one run may show: each is content in its result. */
const MAX_SHOWN = 1000;

export class RunFiles {
  private readonly layout: Pick<DataLayout, 'blob'>;
  private readonly limits: FileLimits;
  private readonly parentTree: string;
  private readonly input: readonly InputFile[];
  private readonly time: number;
  private trees?: { parent: TreeNode[]; base: { hash: string; nodes: TreeNode[] } };
  private known?: Map<string, number>;
  private loaded = false;
  private readonly read = new Map<string, Uint8Array>();
  private after?: { nodes: TreeNode[]; shown: ShownItem[] };
  /** Bytes the run's entry names that the store must hold before it commits. */
  readonly blobs = new Map<string, Uint8Array>();
  /** Why the guest's answer was refused: the run fails with it. */
  failure?: string;

  /**
   * The run's files over the parent heap's tree `parentTree`, with `input` written at `time`.
   * Nothing is read before the run touches its files or was given some.
   */
  constructor(options: {
    layout: Pick<DataLayout, 'blob'>;
    parentTree: string;
    input: readonly InputFile[];
    time: number;
    limits: FileLimits;
  }) {
    this.layout = options.layout;
    this.limits = options.limits;
    this.parentTree = options.parentTree;
    this.input = options.input;
    this.time = options.time;
  }

  /** Given files: the run touched files whether or not its code does. */
  private get given(): boolean {
    return this.input.length > 0;
  }

  /**
   * The parent's tree and the one the run starts from (the parent's with the files given),
   * read from the store at first need (synchronously: the guest waits on it anyway).
   */
  private get base(): { hash: string; nodes: TreeNode[] } {
    return this.loadTrees().base;
  }

  private loadTrees(): NonNullable<RunFiles['trees']> {
    if (this.trees) return this.trees;
    const parent =
      this.parentTree === EMPTY_TREE ? [] : nodesOfManifest(this.blob(this.parentTree));
    let base = { hash: this.parentTree, nodes: parent };
    if (this.given) {
      const maxNodes = Math.max(this.limits.sessionFiles, parent.length);
      const merged = withInputFiles(parent, this.input, this.time, maxNodes);
      if ('problem' in merged) throw new Error(merged.problem);
      const broken = brokenFileLimit(merged.nodes, this.limits, parent);
      if (broken) throw new Error(`the files given break ${broken.limit}`);
      for (const [hash, bytes] of merged.blobs) this.blobs.set(hash, bytes);
      const manifest = manifestOf(merged.nodes);
      this.blobs.set(manifest.hash, manifest.bytes);
      base = { hash: manifest.hash, nodes: merged.nodes };
    }
    this.trees = { parent, base };
    return this.trees;
  }

  /** The Reference's target: the guest's `tree`, `read` and `done`. */
  host(op: unknown, args: unknown[]): unknown {
    if (op === 'done') {
      this.done(args[0], args.slice(1));
      return undefined;
    }
    try {
      if (op === 'tree') {
        this.loaded = true;
        return JSON.stringify({ limits: this.limits, nodes: this.base.nodes });
      }
      if (op === 'read') return this.readContent(args[0]);
      throw new Error('no such file operation');
    } catch (error) {
      // The guest sees EIO and may catch it, but its replay could not: the run must fail.
      this.failure ??= error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private readContent(hash: unknown): ArrayBuffer {
    if (!this.loaded || typeof hash !== 'string' || !this.contents().has(hash)) {
      throw new Error('no such file content in this run');
    }
    let bytes = this.read.get(hash) ?? this.blobs.get(hash);
    if (!bytes) bytes = this.blob(hash);
    this.read.set(hash, bytes);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  private done(json: unknown, buffers: unknown[]): void {
    try {
      this.after = this.checkedTree(json, buffers);
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
    }
  }

  private checkedTree(json: unknown, buffers: unknown[]): NonNullable<RunFiles['after']> {
    if (!this.loaded || this.after) throw new Error('files handed back out of turn');
    if (typeof json !== 'string') throw new Error('files handed back in the wrong shape');
    const tree = JSON.parse(json) as GuestTree;
    if (!Array.isArray(tree?.nodes) || !Array.isArray(tree.shown)) {
      throw new Error('files handed back in the wrong shape');
    }
    const known = this.contents();
    const fresh = new Map<string, Uint8Array>();
    const nodes = tree.nodes.map(({ path, dir, mtime, hash, content }): TreeNode => {
      if (dir === true) return { path, dir, size: 0, mtime };
      if (content !== undefined) {
        const buffer = buffers[content];
        if (!Number.isInteger(content) || !(buffer instanceof ArrayBuffer)) {
          throw new Error(`no content handed back for ${String(path)}`);
        }
        const bytes = new Uint8Array(buffer);
        const hashed = blobHash(bytes);
        fresh.set(hashed, bytes);
        return { path, size: bytes.byteLength, mtime, hash: hashed };
      }
      const size = typeof hash === 'string' ? known.get(hash) : undefined;
      if (size === undefined) throw new Error(`${String(path)} names content the run never had`);
      return { path, size, mtime, hash };
    });
    const problem = treeProblem(nodes);
    if (problem) throw new Error(`the run left no valid file tree: ${problem}`);
    const broken = brokenFileLimit(nodes, this.limits, this.base.nodes);
    if (broken) throw new Error(`the run's files break ${broken.limit}`);
    const files = new Map(nodes.map((node) => [node.path, node]));
    if (tree.shown.length > MAX_SHOWN)
      throw new Error(`the run showed more than ${MAX_SHOWN} items`);
    let shownBytes = 0;
    const shown = tree.shown.map(({ path, mimeType }): ShownItem => {
      const normal = typeof path === 'string' ? normalFilePath(path) : undefined;
      if (!normal || !('path' in normal) || normal.path !== path) {
        throw new Error('a shown item names no file path');
      }
      if (typeof mimeType !== 'string' || !isMediaType(mimeType)) {
        throw new Error('a shown item has no type');
      }
      // Removed later in the run, it was shown all the same: its size counts as nothing kept.
      const node = files.get(path);
      const size = node && !node.dir ? node.size : 0;
      shownBytes += size;
      return { path, mimeType, kind: displayKindOf(mimeType), size };
    });
    if (shownBytes > this.limits.displayBytes)
      throw new Error("the run's display() breaks displayBytes");
    for (const [hash, bytes] of fresh) this.blobs.set(hash, bytes);
    return { nodes, shown };
  }

  /** The contents of the run's base tree, by hash, with their sizes. */
  private contents(): Map<string, number> {
    this.known ??= new Map(
      this.base.nodes.flatMap((node) => (node.hash ? [[node.hash, node.size]] : [])),
    );
    return this.known;
  }

  /** Whether the run touched files: its entry then records them. */
  get touched(): boolean {
    return this.loaded || this.given;
  }

  /**
   * The entry's record of the run's files (the manifest it left kept with the blobs), or
   * undefined when it touched none; a run whose code loaded the tree must have handed it back.
   */
  record(): FilesRecord | undefined {
    if (!this.touched) return undefined;
    if (this.failure !== undefined) throw new Error(this.failure);
    if (this.loaded && !this.after) throw new Error('the run did not hand back its files');
    const nodes = this.after?.nodes ?? this.base.nodes;
    const manifest = manifestOf(nodes);
    if (manifest.hash !== EMPTY_TREE) this.blobs.set(manifest.hash, manifest.bytes);
    return {
      tree: manifest.hash,
      ...(this.given && { base: this.base.hash }),
      ...(this.read.size > 0 && { read: [...this.read.keys()].sort() }),
      limits: this.limits,
    };
  }

  /** What the run did to the files and what it showed, for its report. */
  report(): ReportedFiles | undefined {
    if (!this.touched) return undefined;
    const nodes = this.after?.nodes ?? this.base.nodes;
    const changed = changesBetween(this.loadTrees().parent, nodes);
    const shown = this.after?.shown ?? [];
    return changed.length > 0 || shown.length > 0 ? { changed, shown } : undefined;
  }

  private blob(hash: string): Uint8Array {
    const bytes = readFileSync(this.layout.blob(hash));
    if (blobHash(bytes) !== hash) throw new Error(`the stored file content ${hash} is damaged`);
    return bytes;
  }
}
