import {
  type FileInfo,
  type InputFiles,
  isTextType,
  mimeTypeOf,
  normalFilePath,
} from '../../../contract/session-files.ts';
import type { Settings } from '../../../contract/settings-registry.ts';
import { formatBytes, plural } from './format.ts';

/** What an upload sends (uploadFiles' `files`), and what it amounts to. */
export interface UploadInput {
  files: InputFiles;
  /** The paths written, in the order given. */
  paths: string[];
  bytes: number;
}

/** Bytes in base64, in slices, so a large file does not overflow the call's arguments. */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** `bytes` as text when they are UTF-8 (a byte order mark kept), else undefined. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Files picked or dropped as one upload into `folder`: each under its own name only (a browser
 * gives no path, and none is taken), text types as text when they are UTF-8, anything else in
 * base64. A name the path rules refuse, or two files of one name, is a problem to show, and
 * nothing is sent.
 */
export async function uploadInput(
  files: readonly Pick<File, 'name' | 'arrayBuffer'>[],
  folder: string,
  onRead: (count: number) => void = () => {},
): Promise<UploadInput | { problem: string }> {
  if (files.length === 0) return { problem: 'No files to upload.' };
  const input: InputFiles = {};
  const paths: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const checked = normalFilePath(`${folder}/${file.name}`);
    if ('problem' in checked)
      return { problem: `Cannot upload “${file.name}”: ${checked.problem}.` };
    const { path } = checked;
    // A name such as `..` or `a/b` would land elsewhere than in the folder.
    if (path.slice(0, path.lastIndexOf('/') || 1) !== folder) {
      return { problem: `Cannot upload “${file.name}”: it is not the name of a file.` };
    }
    if (Object.hasOwn(input, path)) {
      return { problem: `Two files are named “${file.name}”: upload one of them at a time.` };
    }
    const content = new Uint8Array(await file.arrayBuffer());
    const text = isTextType(mimeTypeOf(path)) ? utf8Text(content) : undefined;
    input[path] = text ?? { base64: base64Of(content) };
    paths.push(path);
    bytes += content.byteLength;
    onRead(paths.length);
  }
  return { files: input, paths, bytes };
}

export type FileLimits = Pick<Settings, 'fileBytes' | 'sessionFileBytes' | 'sessionFiles'>;

/**
 * Why an upload would break a file limit, found from the files' sizes before any is read (a file
 * over fileBytes is refused at once, not after seconds of encoding), else undefined. `session` is
 * the newest heap's files (the session's summary); `existing`, when known, the files already in
 * the folder, which an upload of the same name replaces rather than adds to. The server checks
 * again: this only spares reading what it would refuse.
 */
export function uploadRefusal(
  files: readonly Pick<File, 'name' | 'size'>[],
  folder: string,
  limits: FileLimits,
  session: { fileBytes: number; files: number },
  existing: readonly Pick<FileInfo, 'path' | 'size'>[] = [],
): string | undefined {
  const big = files.find((file) => file.size > limits.fileBytes);
  if (big) {
    return `Cannot upload “${big.name}”: it is ${formatBytes(big.size)}, over the largest file a session keeps (fileBytes, ${formatBytes(limits.fileBytes)}).`;
  }
  const sizes = new Map(existing.map((file) => [file.path, file.size]));
  let bytes = session.fileBytes;
  let count = session.files;
  for (const file of files) {
    const before = sizes.get(`${folder === '/' ? '' : folder}/${file.name}`);
    bytes += file.size - (before ?? 0);
    if (before === undefined) count += 1;
  }
  if (bytes > limits.sessionFileBytes) {
    return `Cannot upload ${plural(files.length, 'file')}: the session's files would come to ${formatBytes(bytes)}, over sessionFileBytes (${formatBytes(limits.sessionFileBytes)}).`;
  }
  if (count > limits.sessionFiles) {
    return `Cannot upload ${plural(files.length, 'file')}: the session would have ${count.toLocaleString('en')} files and folders, over sessionFiles (${limits.sessionFiles.toLocaleString('en')}).`;
  }
  return undefined;
}

/** Whether an upload of `bytes` more, in `count` more files, could break a session limit. */
export const nearSessionLimits = (
  files: readonly Pick<File, 'size'>[],
  limits: FileLimits,
  session: { fileBytes: number; files: number },
) =>
  session.fileBytes + files.reduce((sum, file) => sum + file.size, 0) > limits.sessionFileBytes ||
  session.files + files.length > limits.sessionFiles;

/** An upload as the window follows it, per session. */
export interface UploadState {
  /** Tells apart two uploads to one session. */
  id: number;
  session: string;
  folder: string;
  /** Where it was made, and so where it is followed: a drop on the Sessions list, or the panel. */
  from: 'list' | 'panel';
  names: string[];
  bytes: number;
  /** Reading the files from the disk (`read` of them so far), sending them, or how it ended. */
  phase: 'reading' | 'sending' | 'done' | 'failed';
  read?: number;
  /** Why it failed, in the server's words (a broken limit names its setting). */
  problem?: string;
  /** The problem is the window's own, a whole sentence that names the file. */
  refused?: boolean;
}

/**
 * A session's uploads as its status lists them, with `state` put in (an upload going on is
 * replaced by its news): a new upload clears the ended ones, never one still under way, so two
 * uploads at once each keep their own line.
 */
export function withUpload(
  uploads: readonly UploadState[],
  state: UploadState,
): readonly UploadState[] {
  if (uploads.some((upload) => upload.id === state.id)) {
    return uploads.map((upload) => (upload.id === state.id ? state : upload));
  }
  const going = uploads.filter(
    (upload) => upload.phase === 'reading' || upload.phase === 'sending',
  );
  return [...going, state];
}

const namesText = (names: readonly string[]) =>
  names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;

/** What the window says of an upload: under way, done, or why it failed. */
export function uploadStatusText(state: UploadState): string {
  const { folder, names, bytes, phase, problem } = state;
  const what = names.length === 1 ? names[0] : plural(names.length, 'file');
  switch (phase) {
    case 'reading':
      return `Reading ${state.read ?? 0} of ${plural(names.length, 'file')} (${formatBytes(bytes)}) to upload to ${folder}…`;
    case 'sending':
      return `Uploading ${what} (${formatBytes(bytes)}) to ${folder}…`;
    case 'done':
      return `Uploaded ${namesText(names)} to ${folder}.`;
    case 'failed':
      if (state.refused && problem !== undefined) return problem;
      return `Could not upload ${namesText(names)}: ${problem ?? 'the server refused it'}`;
  }
}
