import { app, dialog } from 'electron';
import { declineMove, moveDeclined, offerMoveToApplications } from './move-to-applications.ts';

/**
 * On macOS, run from the dmg or a translocated copy: offers to move the app to Applications.
 * True when it moved: Electron then quits this copy and starts the moved one.
 */
export async function movedToApplications(dataDir: string): Promise<boolean> {
  const darwin = process.platform === 'darwin';
  const offer = offerMoveToApplications({
    platform: process.platform,
    packaged: app.isPackaged,
    // Only macOS has the call.
    inApplications: !darwin || app.isInApplicationsFolder(),
    declined: await moveDeclined(dataDir),
    underSpecs: process.env.MCP_ISOLATE_TEST_SPECS === '1',
  });
  if (!offer) return false;
  const { response, checkboxChecked } = await dialog.showMessageBox({
    type: 'question',
    message: 'Move MCP Isolate to the Applications folder?',
    detail:
      'Run from here (the disk image, or a folder macOS keeps apart), it cannot update itself.',
    buttons: ['Move to Applications', 'Not Now'],
    defaultId: 0,
    cancelId: 1,
    checkboxLabel: "Don't ask again",
  });
  if (response === 0) {
    try {
      return app.moveToApplicationsFolder();
    } catch (error) {
      dialog.showErrorBox('MCP Isolate could not move itself', (error as Error).message);
      return false;
    }
  }
  if (checkboxChecked) await declineMove(dataDir);
  return false;
}
