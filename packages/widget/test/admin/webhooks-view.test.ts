import { expect } from '@esm-bundle/chai';
import type { StatsResult, WebhooksResult } from '@ichat/protocol';
import '../../src/admin.js';
import type { IChatAdmin } from '../../src/ichat-admin.js';
import { addWebhook, grantAdmin, ichatServer, nextEvent, register, uniqueName, until } from '../support/fixtures.js';
import { runAxe } from '../support/axe.js';

/** Nothing listens on port 9 (discard) here: every attempt fails with a refused connection and is retried. */
const ENDPOINT = 'http://127.0.0.1:9/<b>hooks</b>?next=<img src=x onerror=alert(1)>';
let adminToken = '';

function shadow(element: IChatAdmin): ShadowRoot {
  if (element.shadowRoot === null) throw new Error('no shadow root');
  return element.shadowRoot;
}

function viewSwitch(element: IChatAdmin, value: string): HTMLInputElement {
  const input = [...shadow(element).querySelectorAll<HTMLInputElement>('input[name="view"]')].find((item) => item.value === value);
  if (input === undefined) throw new Error(`no ${value} switch`);
  return input;
}

async function mount(): Promise<IChatAdmin> {
  const element = document.createElement('ichat-admin');
  element.server = await ichatServer();
  element.tz = 'UTC';
  element.token = adminToken;
  const loaded = nextEvent<CustomEvent<StatsResult>>(element, 'ichat-stats');
  document.body.append(element);
  await loaded;
  await element.updateComplete;
  return element;
}

before(async () => {
  const admin = await register(uniqueName('hookadmin'));
  await grantAdmin(admin.user.email);
  adminToken = admin.token;
  await addWebhook(ENDPOINT);
  // A registration the endpoint is owed: its delivery fails, and is shown with its error.
  await register(uniqueName('hooked'));
});

afterEach(() => {
  for (const element of document.querySelectorAll('ichat-admin')) element.remove();
});

describe('<ichat-admin> webhooks view', () => {
  it('lists the endpoint with its counts and a failing delivery with its error, all as text', async () => {
    const element = await mount();
    let loaded = nextEvent<CustomEvent<WebhooksResult>>(element, 'ichat-webhooks');
    viewSwitch(element, 'webhooks').click();
    let result = (await loaded).detail;
    // The first attempt is made within a poll or two; refresh until it is recorded.
    while (!result.deliveries.some((delivery) => delivery.attempts > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      loaded = nextEvent<CustomEvent<WebhooksResult>>(element, 'ichat-webhooks');
      shadow(element).querySelector<HTMLButtonElement>('button.refresh')?.click();
      result = (await loaded).detail;
    }
    await element.updateComplete;
    const root = shadow(element);
    expect(root.querySelector('h2')?.textContent).to.equal('Webhooks');
    const url = root.querySelector('tr.endpoint .url');
    expect(url?.textContent).to.equal(ENDPOINT);
    // Rendered as text: the markup in the URL made no element.
    expect(root.querySelector('.webhooks b, .webhooks img')).to.equal(null);
    const row = await until(() => root.querySelector('tr.delivery.pending'), 'a pending delivery row');
    const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim());
    expect(cells[0]).to.equal('user.created');
    expect(cells[1]).to.equal('Pending');
    expect(Number(cells[2])).to.be.at.least(1);
    expect(cells[5]).to.not.equal('–');
    expect(cells[6]).to.not.equal('–');
    const endpointCells = [...root.querySelectorAll('tr.endpoint td')].map((cell) => cell.textContent?.trim());
    expect(endpointCells[0]).to.equal('user.created');
    expect(Number(endpointCells[2])).to.be.at.least(1);
    await runAxe(element);
  });

  it('goes back to the statistics, which still load', async () => {
    const element = await mount();
    const webhooks = nextEvent(element, 'ichat-webhooks');
    viewSwitch(element, 'webhooks').click();
    await webhooks;
    const stats = nextEvent<CustomEvent<StatsResult>>(element, 'ichat-stats');
    viewSwitch(element, 'stats').click();
    expect((await stats).detail.series).to.equal('registrations');
    await element.updateComplete;
    expect(shadow(element).querySelector('.webhooks')).to.equal(null);
    expect(shadow(element).querySelector('input[name="series"]')).to.not.equal(null);
  });
});
