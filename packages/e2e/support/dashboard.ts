// Driving <ichat-admin> as an administrator would: log in, then wait until the chart is drawn and the feed is live.

import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Person } from './widget-user.js';

/** Logs `admin` in on the dashboard of `page` and waits for bars and the live badge; returns the dashboard. */
export async function logInToDashboard(page: Page, admin: Person): Promise<Locator> {
  const dashboard = page.locator('ichat-admin');
  await dashboard.getByLabel('Email').fill(admin.email);
  await dashboard.getByLabel('Password').fill(admin.password);
  await dashboard.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => dashboard.locator('rect.bar').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => dashboard.getByText('Live').isVisible(), { timeout: 15_000 }).toBe(true);
  return dashboard;
}
