import { type DragEvent, useEffect } from 'react';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * The handlers that make an element take files dropped on it (text or links dragged are left to
 * the page): `onOver` says whether files are held over it, to show it takes them.
 */
export function fileDropProps(onFiles: (files: File[]) => void, onOver: (over: boolean) => void) {
  return {
    onDragOver(event: DragEvent<HTMLElement>) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      onOver(true);
    },
    onDragLeave(event: DragEvent<HTMLElement>) {
      // Leaving for one of its own children is still over it.
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onOver(false);
    },
    onDrop(event: DragEvent<HTMLElement>) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      onOver(false);
      const files = [...event.dataTransfer.files];
      if (files.length > 0) onFiles(files);
    },
  };
}

/**
 * Files dropped where nothing takes them are ignored: a browser would otherwise open the file in
 * place of the window. A drop zone's handlers (above) run first and have the drop.
 */
export function useStrayDropsIgnored(): void {
  useEffect(() => {
    const ignore = (event: globalThis.DragEvent) => {
      if (event.defaultPrevented || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);
}
