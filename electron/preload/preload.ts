// The renderer's only door: one function per DesktopApi operation and a subscription to the
// event stream, over the typed channels. Raw ipcRenderer never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopEvent } from '../../contract/desktop-api.ts';
import { channelOf, DESKTOP_EVENT_CHANNEL, DESKTOP_OPERATIONS } from '../ipc/desktop-channels.ts';

const api = Object.fromEntries(
  DESKTOP_OPERATIONS.map((operation) => [
    operation,
    (input: unknown) => ipcRenderer.invoke(channelOf(operation), input),
  ]),
);

contextBridge.exposeInMainWorld('desktop', {
  ...api,
  subscribe(listener: (event: DesktopEvent) => void) {
    const forward = (_event: unknown, desktopEvent: DesktopEvent) => listener(desktopEvent);
    ipcRenderer.on(DESKTOP_EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(DESKTOP_EVENT_CHANNEL, forward);
  },
});
