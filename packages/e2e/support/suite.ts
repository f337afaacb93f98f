// One stack and one browser per test file, started before its tests and always stopped after them.

import { launchChromium } from '@ichat/test-kit/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack, type StackOptions } from './stack.js';

export interface Suite {
  readonly stack: Stack;
  readonly browser: Browser;
}

/** Registers the file's hooks; read `stack` and `browser` inside tests (they exist once `beforeAll` ran). */
export function useStackAndBrowser(options: () => StackOptions = () => ({})): Suite {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startStack(options());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack(): Stack {
      if (stack === undefined) throw new Error('the stack is not started yet');
      return stack;
    },
    get browser(): Browser {
      if (browser === undefined) throw new Error('the browser is not started yet');
      return browser;
    },
  };
}
