import {
  type InputFiles,
  isTextType,
  mimeTypeOf,
  normalFilePath,
} from '../../../contract/session-files.ts';
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
): Promise<UploadInput | { problem: string }> {
  if (files.length === 0) return { problem: 'No files to upload.' };
  const input: InputFiles = {};
  const paths: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const checked = normalFilePath(`${folder}/${file.name}`);
    if ('problem' in checked) return { problem: `Cannot upload ${file.name}: ${checked.problem}.` };
    const { path } = checked;
    // A name such as `..` or `a/b` would land elsewhere than in the folder.
    if (path.slice(0, path.lastIndexOf('/') || 1) !== folder) {
      return { problem: `Cannot upload “${file.name}”: it is not the name of a file.` };
    }
    if (Object.hasOwn(input, path)) {
      return { problem: `Two files are named ${file.name}: upload one of them at a time.` };
    }
    const content = new Uint8Array(await file.arrayBuffer());
    const text = isTextType(mimeTypeOf(path)) ? utf8Text(content) : undefined;
    input[path] = text ?? { base64: base64Of(content) };
    paths.push(path);
    bytes += content.byteLength;
  }
  return { files: input, paths, bytes };
}

/** An upload as the window follows it, per session. */
export interface UploadState {
  session: string;
  folder: string;
  /** Where it was made, and so where it is followed: a drop on the Sessions list, or the panel. */
  from: 'list' | 'panel';
  names: string[];
  bytes: number;
  phase: 'sending' | 'done' | 'failed';
  /** Why it failed, in the server's words (a broken limit names its setting). */
  problem?: string;
}

const namesText = (names: readonly string[]) =>
  names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;

/** What the window says of an upload: under way, done, or why it failed. */
export function uploadStatusText({ folder, names, bytes, phase, problem }: UploadState): string {
  const what = names.length === 1 ? names[0] : plural(names.length, 'file');
  switch (phase) {
    case 'sending':
      return `Uploading ${what} (${formatBytes(bytes)}) to ${folder}…`;
    case 'done':
      return `Uploaded ${namesText(names)} to ${folder}.`;
    case 'failed':
      return `Could not upload ${namesText(names)}: ${problem ?? 'the server refused it'}`;
  }
}
