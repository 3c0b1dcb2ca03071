// The renderer's only door: one function per DesktopApi operation and a subscription to the
// event stream, over the typed channels. Raw ipcRenderer never reaches the page. Calls answer a
// DesktopAnswer, which the page turns into values and DesktopErrors (contract/desktop-answer.ts):
// an error thrown across contextBridge would keep only its message.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../../contract/desktop-answer.ts';
import type { DesktopEvent } from '../../contract/desktop-api.ts';
import { channelOf, DESKTOP_EVENT_CHANNEL, DESKTOP_OPERATIONS } from '../ipc/desktop-channels.ts';

const operations = Object.fromEntries(
  DESKTOP_OPERATIONS.map((operation) => [
    operation,
    (input: unknown) => ipcRenderer.invoke(channelOf(operation), input),
  ]),
) as Omit<DesktopBridge, 'subscribe'>;

const bridge: DesktopBridge = {
  ...operations,
  subscribe(listener: (event: DesktopEvent) => void) {
    const forward = (_event: unknown, desktopEvent: DesktopEvent) => listener(desktopEvent);
    ipcRenderer.on(DESKTOP_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.off(DESKTOP_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('desktop', bridge);
