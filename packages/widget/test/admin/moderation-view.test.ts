// The moderation view of <ichat-admin>: the queue with each report's context, actions that close the report and show
// in the log, and a new report arriving live.

import { expect } from '@esm-bundle/chai';
import { createClient, memoryStorage, type IChatClient, type ModerationEntry, type StatsResult } from '@ichat/sdk';
import '../../src/admin.js';
import type { IChatAdmin } from '../../src/ichat-admin.js';
import { grantAdmin, ichatServer, nextEvent, register, uniqueName, until } from '../support/fixtures.js';
import { runAxe } from '../support/axe.js';

let adminToken = '';

function shadow(element: IChatAdmin): ShadowRoot {
  if (element.shadowRoot === null) throw new Error('no shadow root');
  return element.shadowRoot;
}

async function client(token: string): Promise<IChatClient> {
  const created = createClient({ url: await ichatServer(), token, storage: memoryStorage() });
  await created.whenSynced();
  return created;
}

/** Two people, one message reported by the other; answers the reported text. */
async function reportedMessage(text: string): Promise<string> {
  const [reporter, sender] = await Promise.all([register(uniqueName('rep')), register(uniqueName('spam'))]);
  const [reporterClient, senderClient] = await Promise.all([client(reporter.token), client(sender.token)]);
  const chat = await senderClient.openDirect(reporter.user.username);
  await senderClient.send(chat.roomId, 'hello there');
  const bad = await senderClient.send(chat.roomId, text);
  await reporterClient.reportMessage(chat.roomId, bad.seq, 'spam', `about ${text}`);
  reporterClient.close();
  senderClient.close();
  return text;
}

async function mountModeration(): Promise<IChatAdmin> {
  const element = document.createElement('ichat-admin');
  element.server = await ichatServer();
  element.tz = 'UTC';
  element.token = adminToken;
  const loaded = nextEvent<CustomEvent<StatsResult>>(element, 'ichat-stats');
  document.body.append(element);
  await loaded;
  const input = [...shadow(element).querySelectorAll<HTMLInputElement>('input[name="view"]')].find((item) => item.value === 'moderation');
  input?.click();
  await until(() => shadow(element).querySelector('.moderation'), 'the moderation view');
  return element;
}

function card(element: IChatAdmin, text: string): HTMLElement | undefined {
  return [...shadow(element).querySelectorAll<HTMLElement>('article.report')].find((item) => item.textContent?.includes(`about ${text}`));
}

before(async () => {
  const admin = await register(uniqueName('modadmin'));
  await grantAdmin(admin.user.email);
  adminToken = admin.token;
});

afterEach(() => {
  for (const element of document.querySelectorAll('ichat-admin')) element.remove();
});

describe('<ichat-admin> moderation view', () => {
  it('shows an open report with its context, the reported message marked, all as text', async () => {
    const text = await reportedMessage('<img src=x onerror=alert(1)> cheap pills');
    const element = await mountModeration();
    const report = await until(() => card(element, text), 'the report');
    expect(report.classList.contains('open')).to.equal(true);
    expect([...report.querySelectorAll('.context li .text')].map((item) => item.textContent)).to.deep.equal(['hello there', text]);
    expect(report.querySelector('li.reported .text')?.textContent).to.equal(text);
    expect(report.querySelector('img')).to.equal(null);
    // A direct chat has fixed members: no removal is offered.
    expect([...report.querySelectorAll('button')].map((button) => button.textContent?.trim())).to.not.include('Remove from group');
    await runAxe(element);
  });

  it('dismisses a report: it closes, and the log names the action', async () => {
    const text = await reportedMessage('spam to dismiss');
    const element = await mountModeration();
    const report = await until(() => card(element, text), 'the report');
    const acted = nextEvent<CustomEvent<ModerationEntry>>(element, 'ichat-moderation');
    report.querySelector<HTMLButtonElement>('button.dismiss')?.click();
    expect((await acted).detail.action).to.equal('dismiss');
    await until(() => card(element, text)?.classList.contains('dismissed'), 'the dismissed report');
    await until(
      () => [...shadow(element).querySelectorAll('table.moderation-log td')].some((cell) => cell.textContent === 'Dismissed a report'),
      'the log entry',
    );
  });

  it('shows a new report without a reload', async () => {
    const element = await mountModeration();
    await until(() => shadow(element).querySelector('.moderation') !== null && element.shadowRoot?.querySelector('.live'), 'the live feed');
    const text = await reportedMessage('a fresh one');
    await until(() => card(element, text), 'the live report', 10_000);
  });
});
