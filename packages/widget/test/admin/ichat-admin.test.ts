import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import type { StatsResult } from '@ichat/protocol';
import '../../src/admin.js';
import type { IChatAdmin } from '../../src/ichat-admin.js';
import { fullLabel } from '../../src/charts/bucket-labels.js';
import { grantAdmin, ichatServer, nextEvent, register, seedUsers, uniqueName, until } from '../support/fixtures.js';
import { runAxe } from '../support/axe.js';

const DAY = 86_400_000;
let adminToken = '';

function noonDaysAgo(days: number): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days, 12);
}

async function mount(attributes: Record<string, string> = {}): Promise<{ element: IChatAdmin; stats: StatsResult }> {
  const element = document.createElement('ichat-admin');
  element.server = await ichatServer();
  element.tz = 'UTC';
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const loaded = nextEvent<CustomEvent<StatsResult>>(element, 'ichat-stats');
  if (attributes['token'] === undefined) element.token = adminToken;
  document.body.append(element);
  const stats = (await loaded).detail;
  await element.updateComplete;
  return { element, stats };
}

function shadow(element: IChatAdmin): ShadowRoot {
  if (element.shadowRoot === null) throw new Error('no shadow root');
  return element.shadowRoot;
}

before(async () => {
  const admin = await register(uniqueName('admin'));
  await grantAdmin(admin.user.email);
  adminToken = admin.token;
  // Two accounts 3 days ago, one 1 day ago, four 10 days ago (noon UTC, away from any day boundary).
  await seedUsers([noonDaysAgo(3), noonDaysAgo(3), noonDaysAgo(1), ...Array.from({ length: 4 }, () => noonDaysAgo(10))]);
});

afterEach(() => {
  for (const element of document.querySelectorAll('ichat-admin')) element.remove();
});

describe('<ichat-admin>', () => {
  it('draws one bar per day of the range, with heights proportional to the counts', async () => {
    const { element, stats } = await mount();
    const bars = await until(() => {
      const found = shadow(element).querySelectorAll('rect.bar');
      return found.length === stats.buckets.length && found;
    }, 'bars');
    expect(stats.buckets.length).to.be.within(30, 32);
    const index = (ms: number): number => stats.buckets.findIndex((b) => b.start <= ms && ms < b.start + DAY);
    const tenDaysAgo = index(noonDaysAgo(10));
    const oneDayAgo = index(noonDaysAgo(1));
    expect(stats.buckets[tenDaysAgo]?.count).to.equal(4);
    expect(stats.buckets[oneDayAgo]?.count).to.be.at.least(1);
    // Transitions run for ~350 ms; wait for the bars to settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const height = (i: number): number => Number(bars[i]?.getAttribute('height'));
    const perAccount = height(tenDaysAgo) / 4;
    expect(perAccount).to.be.greaterThan(0);
    expect(height(index(noonDaysAgo(3))) / perAccount).to.be.closeTo(stats.buckets[index(noonDaysAgo(3))]!.count, 0.01);
  });

  it('labels the time axis with the bucket dates', async () => {
    const { element, stats } = await mount();
    const first = await until(() => shadow(element).querySelector('.x-axis .tick text')?.textContent, 'axis labels');
    const firstStart = new Date(stats.buckets[0]!.start);
    expect(first).to.contain(String(firstStart.getDate()));
  });

  it('refetches when the bucket switches to weeks', async () => {
    const { element, stats } = await mount();
    const refetched = nextEvent<CustomEvent<StatsResult>>(element, 'ichat-stats');
    const week = [...shadow(element).querySelectorAll<HTMLInputElement>('input[name="bucket"]')].find((input) => input.value === 'week');
    week?.click();
    const weekly = (await refetched).detail;
    expect(weekly.bucket).to.equal('week');
    expect(weekly.buckets.length).to.be.lessThan(stats.buckets.length);
    await until(() => shadow(element).querySelectorAll('rect.bar').length === weekly.buckets.length, 'weekly bars');
  });

  it('shows exact figures in a tooltip reachable by keyboard', async () => {
    const { element, stats } = await mount();
    const svg = shadow(element).querySelector<SVGSVGElement>('svg.chart');
    svg?.focus();
    svg?.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await element.updateComplete;
    const last = stats.buckets.at(-1)!;
    const tooltip = await until(() => shadow(element).querySelector('.tooltip')?.textContent, 'tooltip');
    expect(tooltip).to.contain(fullLabel('day', last.start));
    expect(tooltip).to.contain(`New accounts ${last.count.toLocaleString()}`);
    expect(tooltip).to.contain(`Total accounts ${last.cumulative.toLocaleString()}`);
  });

  it('offers a table with the same numbers as the chart', async () => {
    const { element, stats } = await mount();
    shadow(element).querySelector<HTMLButtonElement>('button[aria-pressed]')?.click();
    await element.updateComplete;
    const rows = [...shadow(element).querySelectorAll('tbody tr')];
    expect(rows.length).to.equal(stats.buckets.length);
    rows.forEach((row, i) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim());
      expect(cells).to.deep.equal([stats.buckets[i]!.count.toLocaleString(), stats.buckets[i]!.cumulative.toLocaleString()]);
    });
  });

  it('updates without reload when someone registers', async () => {
    const { element, stats } = await mount();
    await until(() => shadow(element).querySelector('.live'), 'live badge');
    const refreshed = nextEvent<CustomEvent<StatsResult>>(element, 'ichat-stats');
    await register(uniqueName('newcomer'));
    const after = (await refreshed).detail;
    expect(after.buckets.at(-1)!.cumulative).to.equal(stats.buckets.at(-1)!.cumulative + 1);
  });

  it('asks for an administrator login and refuses other accounts', async () => {
    const plain = await register(uniqueName('plain'));
    const element = document.createElement('ichat-admin');
    element.server = await ichatServer();
    document.body.append(element);
    const form = await until(() => shadow(element).querySelector('form'), 'login form');
    form.querySelector<HTMLInputElement>('input[name="email"]')!.value = plain.user.email;
    form.querySelector<HTMLInputElement>('input[name="password"]')!.value = plain.password;
    form.requestSubmit();
    const alert = await until(() => shadow(element).querySelector('[role="alert"]')?.textContent, 'refusal');
    expect(alert).to.contain('not an administrator');
  });

  it('has no axe violations in the chart, the table and the login form', async () => {
    const { element } = await mount();
    await runAxe(element);
    shadow(element).querySelector<HTMLButtonElement>('button[aria-pressed]')?.click();
    await element.updateComplete;
    await runAxe(element);
    element.remove();
    const login = document.createElement('ichat-admin');
    login.server = await ichatServer();
    document.body.append(login);
    await until(() => shadow(login).querySelector('form'), 'login form');
    await runAxe(login);
  });

  for (const [width, height] of [
    [375, 667],
    [1280, 800],
  ] as const) {
    it(`fits a ${width}×${height} screen without horizontal scrolling`, async () => {
      await setViewport({ width, height });
      const { element } = await mount();
      await until(() => shadow(element).querySelector('rect.bar'), 'bars');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(document.documentElement.scrollWidth).to.be.at.most(width);
      const svg = shadow(element).querySelector('svg.chart')!;
      expect(svg.getBoundingClientRect().right).to.be.at.most(width);
    });
  }
});
