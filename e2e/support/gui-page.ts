import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  type ServerProcess,
  startServerProcess,
} from '../../server/test-support/server-process.ts';
import { launchChromium } from './chromium.ts';

const GUI_BUILT = fileURLToPath(new URL('../../renderer/dist/index.html', import.meta.url));

export interface GuiPage {
  server: ServerProcess;
  /** The GUI's address with its admin token, as the server wrote it to server.json. */
  guiUrl: string;
  browser: Browser;
  page: Page;
  /** Errors thrown in the page so far: a test ends by checking there were none. */
  pageErrors: string[];
  /** The button of a view in the navigation. */
  view: (name: RegExp) => Locator;
}

/**
 * A real server (started with `args`, on `dataDir` when given) and a Chromium page for its GUI, not yet opened: the test
 * connects its clients first, then goes to `guiUrl`. Both stop after the test file.
 */
export async function openGuiPage(
  args: string[] = [],
  options: {
    height?: number;
    permissions?: string[];
    dataDir?: string;
    /** The server's environment over this process's: a HOME of the test's, say. */
    env?: Record<string, string>;
  } = {},
): Promise<GuiPage> {
  assert.ok(existsSync(GUI_BUILT), 'the GUI is built first: npm run build');
  const server = await startServerProcess(args, {
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.env && { env: options.env }),
  });
  const { guiUrl } = JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8'));
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: options.height ?? 800 },
  });
  if (options.permissions) {
    await context.grantPermissions(options.permissions, { origin: new URL(server.url).origin });
  }
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const view = (name: RegExp) =>
    page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
  return { server, guiUrl, browser, page, pageErrors, view };
}
