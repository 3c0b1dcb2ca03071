import {
  displayKindOf,
  type FileInfo,
  imageTypeOf,
  isTextType,
  mimeTypeOf,
} from '../../../contract/session-files.ts';
import { formatBytes } from './format.ts';

/** The largest text file the panel reads to preview, and how much of it it shows. */
export const TEXT_PREVIEW_BYTES = 1024 * 1024;
export const TEXT_PREVIEW_CHARS = 100_000;
/** The largest image it reads to show. */
export const IMAGE_PREVIEW_BYTES = 16 * 1024 * 1024;

/** What the panel does with a file chosen: read it as text or as an image, or say why not. */
export type PreviewPlan = { kind: 'text' | 'image' } | { kind: 'none'; why: string };

/** A file's type: the listing's (an image's checked by the server), else from its name. */
export const typeOf = (file: Pick<FileInfo, 'path' | 'mimeType'>) =>
  file.mimeType ?? mimeTypeOf(file.path);

/**
 * How a file is previewed: text and the four image types MCP clients show, each up to its bound
 * (a file over it would be read whole, base64 in one answer, to show a part); anything else is
 * offered for download only.
 */
export function previewPlan(file: Pick<FileInfo, 'path' | 'size' | 'mimeType'>): PreviewPlan {
  const type = typeOf(file);
  const kind = displayKindOf(type) === 'image' ? 'image' : isTextType(type) ? 'text' : undefined;
  if (!kind) return { kind: 'none', why: `No preview of ${type}: download it to open it.` };
  const bound = kind === 'image' ? IMAGE_PREVIEW_BYTES : TEXT_PREVIEW_BYTES;
  if (file.size > bound) {
    return {
      kind: 'none',
      why: `Too large to preview here (${formatBytes(file.size)}, over ${formatBytes(bound)}): download it to open it.`,
    };
  }
  return { kind };
}

/** Bytes from base64, as the server sends a file. */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A text file's preview: its bytes read as UTF-8 (what is not UTF-8 shows as U+FFFD), cut to
 * `chars` characters; `cut` says it was.
 */
export function previewText(
  base64: string,
  chars = TEXT_PREVIEW_CHARS,
): { text: string; cut: boolean } {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytesOfBase64(base64));
  return text.length > chars ? { text: text.slice(0, chars), cut: true } : { text, cut: false };
}

/** An image the page shows from its bytes (the window's CSP allows data: images, no others). */
export const dataUrl = (mimeType: string, base64: string) => `data:${mimeType};base64,${base64}`;

const IMAGE_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};

/** What the panel says of a file named as an image whose bytes are not one it can draw. */
export const notAnImage = (type: string) =>
  `Not a ${IMAGE_NAMES[type] ?? type} image: download it to open it.`;

/**
 * Why the bytes of a file named as the image type `type` are not drawn, else undefined: their
 * magic (imageTypeOf, the first 12 bytes) must be that type's.
 */
export function imageProblem(type: string, base64: string): string | undefined {
  return imageTypeOf(bytesOfBase64(base64.slice(0, 16))) === type ? undefined : notAnImage(type);
}
