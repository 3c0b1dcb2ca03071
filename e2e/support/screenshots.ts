import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where the browser tests leave their screenshots (the README's are copied from here). */
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** `NAME.png` in light and `NAME-dark.png` in dark, as the system setting would show them. */
export async function shootLightAndDark(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}
