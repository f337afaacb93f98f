// Chromium from the system, never downloaded, with the flags this environment needs; for playwright-core users
// (launchChromium) and for launchers that take a path and arguments (the widget's web-test-runner).

import { chromium, type Browser } from 'playwright-core';

/** `CHROME_PATH` when set, else the distribution's /usr/bin/chromium. */
export function chromiumPath(): string {
  const path = process.env['CHROME_PATH'];
  return path === undefined || path === '' ? '/usr/bin/chromium' : path;
}

/**
 * No sandbox (containers run as root without user namespaces), no GPU (none here), and no background traffic or
 * first-run work that would make runs slower and less repeatable.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** A headless Chromium for playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}
