import { z } from 'zod';

// A session's files, as every transport and the window see them: each heap has a tree of POSIX
// paths from `/` (code starts in `/work`), stored by the server, never on the host's own paths.
// The rules a path follows are here once; the guest runtime (guest/files.js) applies the same.

/** The working directory of every run: relative paths start here. */
export const FILES_CWD = '/work';
/** Where display() keeps what a run shows (`/display/1.png`, ...). */
export const DISPLAY_DIR = '/display';
/** Longest name of one file or folder, in UTF-8 bytes, and longest path (as Linux's). */
export const NAME_MAX_BYTES = 255;
export const PATH_MAX_BYTES = 4096;
/** The latest time a Date holds (ms since the epoch): no file's mtime is past it. */
export const MAX_TIME = 8.64e15;

export const fileInfoSchema = z.strictObject({
  path: z.string().describe('Absolute, from /'),
  kind: z.enum(['file', 'dir']),
  size: z.number().describe('Bytes (0 for a folder)'),
  mtime: z.string().describe("Last written, on the session's virtual clock (ISO 8601)"),
  mimeType: z
    .string()
    .optional()
    .describe(
      'Files only, from the name; reading an image checks its bytes, and answers bytes that are not that image as application/octet-stream',
    ),
});
export type FileInfo = z.infer<typeof fileInfoSchema>;

export const fileListingSchema = z.strictObject({
  session: z.string(),
  heap: z.string().describe('The heap whose files these are'),
  path: z.string().describe('The folder listed'),
  files: z.array(fileInfoSchema).describe('Everything below path, depth first, in path order'),
  totalBytes: z.number().describe("All the heap's files together"),
  totalFiles: z.number().describe("Files and folders in the heap's tree"),
});
export type FileListing = z.infer<typeof fileListingSchema>;

/** How display() content reaches a client: image, text, or an embedded resource. */
export const displayKindSchema = z.enum(['image', 'text', 'resource']);
export type DisplayKind = z.infer<typeof displayKindSchema>;

export const fileChangeSchema = z.strictObject({
  path: z.string(),
  change: z.enum(['created', 'changed', 'deleted']),
  kind: z.enum(['file', 'dir']),
  size: z.number(),
});
export type FileChange = z.infer<typeof fileChangeSchema>;

export const shownItemSchema = z.strictObject({
  path: z.string().describe('The file it is also kept as'),
  mimeType: z.string(),
  kind: displayKindSchema,
  size: z.number(),
});
export type ShownItem = z.infer<typeof shownItemSchema>;

/** What a committed run did to its session's files. */
export const runFilesSchema = z.strictObject({
  changed: z
    .array(fileChangeSchema)
    .describe('Files and folders the run created, changed or deleted'),
  shown: z.array(shownItemSchema).describe("What the run's display() calls showed, in order"),
});
export type RunFiles = z.infer<typeof runFilesSchema>;

const filesRecord = z.record(
  z.string(),
  z.union([z.string(), z.strictObject({ base64: z.string() })]),
);

/** Files given to a run (run_js `files`) or uploaded: text as it is, anything else in base64. */
export const inputFilesSchema = z.preprocess(
  // zod's record skips a `__proto__` key before its key schema sees it (assigned, it would be the
  // record's prototype): the file would be dropped unseen, so the input is checked before.
  (files: z.input<typeof filesRecord>, context) => {
    if (typeof files === 'object' && files !== null && Object.hasOwn(files, '__proto__')) {
      context.addIssue({
        code: 'custom',
        path: ['__proto__'],
        message: 'a file may not be named __proto__ (give it as ./__proto__)',
      });
    }
    return files;
  },
  filesRecord,
);
export type InputFiles = z.infer<typeof inputFilesSchema>;

const MEDIA_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(?:;[A-Za-z0-9!#$&^_.+= -]*)*$/;

/**
 * Whether `text` is a media type as RFC 6838 names one (its restricted characters, and
 * `; name=value` parameters): display() takes no other, so no quote or angle bracket reaches a
 * client or the window in a type. guest/display.js applies the same rule.
 */
export const isMediaType = (text: string): boolean => text.length <= 255 && MEDIA_TYPE.test(text);

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** How content of `mimeType` is shown: the four image types MCP clients show, text, or else a resource. */
export function displayKindOf(mimeType: string): DisplayKind {
  if (IMAGE_TYPES.has(mimeType)) return 'image';
  return mimeType.startsWith('text/') ? 'text' : 'resource';
}

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  ts: 'text/plain',
  xml: 'application/xml',
  json: 'application/json',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

/** A file's type from its name; `application/octet-stream` when the name does not say. */
export function mimeTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** The extension display() names a file of `mimeType` with. */
export function extensionOf(mimeType: string): string {
  const found = Object.entries(BY_EXTENSION).find(([, type]) => type === mimeType);
  if (found) return found[0];
  return mimeType.startsWith('text/') ? 'txt' : 'bin';
}

/** Whether `mimeType`'s files are read as text (read_file answers text, the window previews it). */
export const isTextType = (mimeType: string): boolean =>
  mimeType.startsWith('text/') ||
  mimeType === 'application/json' ||
  mimeType === 'application/xml' ||
  mimeType === 'image/svg+xml';

export type PathCheck = { path: string } | { code: 'EINVAL' | 'ENAMETOOLONG'; problem: string };

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

/**
 * `path` made absolute (from FILES_CWD) and normal: `.` and empty names dropped, `..` going up
 * but never above `/`. A NUL, a name over NAME_MAX_BYTES or a path over PATH_MAX_BYTES is refused.
 */
export function normalFilePath(path: string): PathCheck {
  if (path.includes('\0'))
    return { code: 'EINVAL', problem: 'a path may not hold a NUL character' };
  // A lone surrogate has no UTF-8 form: no URI, file name or JSON elsewhere can carry it.
  if (!path.isWellFormed()) {
    return { code: 'EINVAL', problem: 'a path may not hold a lone surrogate (not valid Unicode)' };
  }
  const names: string[] = [];
  const from = path.startsWith('/') ? path : `${FILES_CWD}/${path}`;
  for (const name of from.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') names.pop();
    else if (utf8Bytes(name) > NAME_MAX_BYTES) {
      return { code: 'ENAMETOOLONG', problem: `a name is longer than ${NAME_MAX_BYTES} bytes` };
    } else names.push(name);
  }
  const normal = `/${names.join('/')}`;
  if (utf8Bytes(normal) > PATH_MAX_BYTES) {
    return { code: 'ENAMETOOLONG', problem: `the path is longer than ${PATH_MAX_BYTES} bytes` };
  }
  return { path: normal };
}

const FILE_URI_PREFIX = 'mcp-isolate://sessions/';

/** The MCP resource a session's file is: `mcp-isolate://sessions/{session}/files/{path}`. */
export function fileUri(session: string, path: string): string {
  const encoded = path
    .split('/')
    .filter((name) => name !== '')
    .map((name) => encodeURIComponent(name.toWellFormed()))
    .join('/');
  return `${FILE_URI_PREFIX}${encodeURIComponent(session.toWellFormed())}/files/${encoded}`;
}

/** The session and path a file resource names, or undefined when it names none. */
export function parseFileUri(uri: string): { session: string; path: string } | undefined {
  if (!uri.startsWith(FILE_URI_PREFIX)) return undefined;
  const rest = uri.slice(FILE_URI_PREFIX.length);
  const match = /^([^/]+)\/files\/(.*)$/s.exec(rest);
  if (!match) return undefined;
  try {
    const session = decodeURIComponent(match[1] as string);
    const names = (match[2] as string).split('/').map(decodeURIComponent);
    return { session, path: `/${names.filter((name) => name !== '').join('/')}` };
  } catch {
    return undefined;
  }
}

/**
 * The image type `bytes` are by their first bytes (PNG, JPEG, GIF or WebP), or undefined: a
 * file's name says what it should be, and only bytes that are one go to a client as an image.
 */
export function imageTypeOf(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 12));
  if (head.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (head.startsWith('\xff\xd8\xff')) return 'image/jpeg';
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'image/gif';
  // RIFF, the size, WEBP
  if (head.startsWith('RIFF') && head.slice(8) === 'WEBP') return 'image/webp';
  return undefined;
}
