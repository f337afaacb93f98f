// Content-Security-Policy violations a page reports, recorded both ways a browser reports one: the console message and
// the `securitypolicyviolation` event (listened to before any page script runs).

import type { Page } from 'playwright-core';

/** Starts recording on `page` (call before navigating); the array fills as violations are reported. */
export async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report: unknown = Reflect.get(window, 'reportViolation');
      if (typeof report === 'function') Reflect.apply(report, undefined, [`${event.violatedDirective} blocked ${event.blockedURI}`]);
    });
  });
  return violations;
}
