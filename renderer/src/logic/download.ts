/** Saves `text` as a file named `fileName` through the browser's download. */
export function downloadText(fileName: string, text: string, type: string): void {
  download(fileName, new Blob([text], { type }));
}

/** Saves `bytes` as a file named `fileName` through the browser's download. */
export function downloadBytes(
  fileName: string,
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
): void {
  download(fileName, new Blob([bytes], { type }));
}

function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * The name a session's file downloads as: its last name only, never a path (the browser saves
 * it in the user's downloads folder, whatever folder the session kept it in).
 */
export function downloadName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}
