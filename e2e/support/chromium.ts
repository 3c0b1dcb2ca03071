import { existsSync } from 'node:fs';
import { after } from 'node:test';
import { type Browser, chromium } from 'playwright-core';

/** The system's Chromium (Debian's package); Playwright's own browser downloads are not used. */
export const CHROMIUM = process.env.MCP_ISOLATE_CHROMIUM ?? '/usr/bin/chromium';

/** A headless Chromium, closed after the test file. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set MCP_ISOLATE_CHROMIUM`,
    );
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  after(() => browser.close());
  return browser;
}
