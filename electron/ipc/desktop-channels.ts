import { DESKTOP_INPUTS, type DesktopOperation } from '../../contract/desktop-api.ts';

// The one map of IPC channels between the main process and the preload: a channel per DesktopApi
// operation, derived from the contract, and one for the event stream.

export type DesktopChannel = `desktop:${DesktopOperation}`;

export const DESKTOP_EVENT_CHANNEL = 'desktop:event';

export const DESKTOP_OPERATIONS = Object.keys(DESKTOP_INPUTS) as DesktopOperation[];

export const channelOf = (operation: DesktopOperation): DesktopChannel => `desktop:${operation}`;
