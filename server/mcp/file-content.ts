import type {
  BlobResourceContents,
  ContentBlock,
  TextResourceContents,
} from '@modelcontextprotocol/server';
import {
  type DisplayKind,
  displayKindOf,
  type FileListing,
  fileUri,
  imageTypeOf,
  isTextType,
  mimeTypeOf,
  type ShownItem,
} from '../../contract/session-files.ts';
import type { RunJsOutput } from './tool-schemas.ts';

// A session's files as MCP content: what run_js shows and links, what read_file and
// resources/read answer, and list_files' text.

/** Resource links one run_js result carries at most; the text counts the rest. */
export const MAX_RESOURCE_LINKS = 50;
/** Lines of list_files' text at most (structuredContent lists every file). */
export const MAX_LISTING_LINES = 500;

/** The text of `bytes`, or undefined when they are not UTF-8 (then they go as a blob). */
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** How a file of `mimeType` is read: an image, text (json and xml too), or bytes. */
export function readKindOf(mimeType: string): DisplayKind {
  if (displayKindOf(mimeType) === 'image') return 'image';
  return isTextType(mimeType) ? 'text' : 'resource';
}

/**
 * `mimeType`, unless it is an image type the bytes are not (a name says .png, whatever the bytes
 * are; a run may overwrite what it displayed): then bytes, which no client shows as an image.
 */
const checkedType = (mimeType: string, bytes: Uint8Array): string =>
  displayKindOf(mimeType) === 'image' && imageTypeOf(bytes) !== mimeType
    ? 'application/octet-stream'
    : mimeType;

/**
 * Bytes as one content block of `kind`: an image only when the bytes are the image they are
 * named; text that is not UTF-8, and an image that is not one, go as an embedded blob.
 */
export function contentOf(
  kind: DisplayKind,
  file: { uri: string; mimeType: string; bytes: Uint8Array },
): ContentBlock {
  const base64 = Buffer.from(file.bytes).toString('base64');
  if (kind === 'image' && imageTypeOf(file.bytes) === file.mimeType) {
    return { type: 'image', data: base64, mimeType: file.mimeType };
  }
  const text = kind === 'text' ? utf8(file.bytes) : undefined;
  if (text !== undefined) return { type: 'text', text };
  const mimeType = checkedType(file.mimeType, file.bytes);
  return { type: 'resource', resource: { uri: file.uri, mimeType, blob: base64 } };
}

/** A file as resources/read answers it: text when its type is text and it is UTF-8. */
export function resourceContentsOf(file: {
  uri: string;
  mimeType: string;
  bytes: Uint8Array;
}): TextResourceContents | BlobResourceContents {
  const text = isTextType(file.mimeType) ? utf8(file.bytes) : undefined;
  if (text !== undefined) return { uri: file.uri, mimeType: file.mimeType, text };
  const blob = Buffer.from(file.bytes).toString('base64');
  return { uri: file.uri, mimeType: checkedType(file.mimeType, file.bytes), blob };
}

/**
 * What run_js's result adds after its text: each item the run showed, in order (read from the
 * heap it made: `read` gives undefined for one the heap no longer holds), then a link to each file
 * it created or changed, at most MAX_RESOURCE_LINKS. The run committed, so this never fails: a
 * shown item that cannot be read (a blob lost) is left out, and the text after says how many.
 */
export async function runFileContent(
  run: RunJsOutput,
  read: (path: string) => Promise<Uint8Array | undefined>,
): Promise<ContentBlock[]> {
  if (!run.files) return [];
  const blocks: ContentBlock[] = [];
  let failed = 0;
  for (const item of run.files.shown) {
    try {
      blocks.push(await shownContent(run.session, item, read));
    } catch {
      failed += 1;
    }
  }
  for (const change of linkedChanges(run).slice(0, MAX_RESOURCE_LINKS)) {
    blocks.push({
      type: 'resource_link',
      uri: fileUri(run.session, change.path),
      name: change.path,
      mimeType: mimeTypeOf(change.path),
      size: change.size,
    });
  }
  if (failed > 0) {
    blocks.push({
      type: 'text',
      text: `(${failed} file${failed === 1 ? '' : 's'} could not be shown)`,
    });
  }
  return blocks;
}

async function shownContent(
  session: string,
  item: ShownItem,
  read: (path: string) => Promise<Uint8Array | undefined>,
): Promise<ContentBlock> {
  const bytes = await read(item.path);
  if (bytes === undefined) {
    return {
      type: 'text',
      text: `(${item.path} was shown, and the run's heap no longer holds it)`,
    };
  }
  const uri = fileUri(session, item.path);
  return contentOf(item.kind, { uri, mimeType: item.mimeType, bytes });
}

/** The files a run created or changed (not folders, not what it deleted). */
export const linkedChanges = (run: RunJsOutput) =>
  (run.files?.changed ?? []).filter(
    (change) => change.kind === 'file' && change.change !== 'deleted',
  );

/** list_files' text: the heap and its totals, then one line a file or folder. */
export function listingText(listing: FileListing): string {
  const { files, totalFiles, totalBytes } = listing;
  const head = `Session ${listing.session} at heap ${listing.heap}: ${totalFiles} files and folders, ${totalBytes} bytes in all`;
  if (files.length === 0) return `${head}\n(nothing in ${listing.path})`;
  const lines = files
    .slice(0, MAX_LISTING_LINES)
    .map((file) =>
      file.kind === 'dir'
        ? `${file.path}/`
        : `${file.path} (${file.size} bytes, ${file.mimeType ?? 'file'}, ${file.mtime})`,
    );
  if (files.length > MAX_LISTING_LINES) {
    lines.push(`… and ${files.length - MAX_LISTING_LINES} more: list a folder with path`);
  }
  return [head, ...lines].join('\n');
}
