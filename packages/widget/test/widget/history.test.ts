import { expect } from '@esm-bundle/chai';
import type { IChatClient } from '@ichat/sdk';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { $, account, bubbleTexts, cleanUp, mountWidget, openChat, peerClient, shadow, until, waitFor } from './widget-fixtures.js';

afterEach(cleanUp);

function log(element: IChatWidget): HTMLElement {
  return $(element, '[role="log"]');
}

function atBottom(element: IChatWidget): boolean {
  const node = log(element);
  return Math.abs(node.scrollHeight - node.scrollTop - node.clientHeight) <= 2;
}

/** Where a message sits relative to the top of the log's viewport. */
function offsetOf(element: IChatWidget, text: string): number {
  const bubble = [...shadow(element).querySelectorAll('.bubble')].find((node) => node.textContent?.endsWith(`: ${text}`));
  if (bubble === undefined) throw new Error(`no bubble ${text}`);
  return bubble.getBoundingClientRect().top - log(element).getBoundingClientRect().top;
}

async function scrollTo(element: IChatWidget, top: number): Promise<void> {
  const node = log(element);
  const scrolled = new Promise((resolve) => node.addEventListener('scroll', resolve, { once: true }));
  node.scrollTop = top;
  await scrolled;
  await element.updateComplete;
}

async function seed(peer: IChatClient, roomId: number, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) await peer.send(roomId, `message ${i}`);
}

describe('<ichat-widget> history and scrolling', () => {
  it('loads older pages when scrolled to the top without moving what the reader sees', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    await seed(peer, room.roomId, 120);
    const element = await mountWidget({ token: ada.token, height: '500px' });
    await openChat(element, grace.user.username);
    await until(() => bubbleTexts(element).length === 50, 'the newest page');
    expect(bubbleTexts(element)[0]).to.equal('message 71');
    expect(bubbleTexts(element).at(-1)).to.equal('message 120');
    await until(() => atBottom(element), 'opened at the bottom');

    await scrollTo(element, 0);
    const before = offsetOf(element, 'message 71');
    await until(() => bubbleTexts(element).length === 100, 'the second page');
    await element.updateComplete;
    expect(bubbleTexts(element)[0]).to.equal('message 21');
    expect(offsetOf(element, 'message 71')).to.be.closeTo(before, 2);
    expect(log(element).scrollTop).to.be.greaterThan(500);

    await scrollTo(element, 0);
    await until(() => bubbleTexts(element).length === 120, 'the last page');
    await waitFor(element, '.log-note');
    expect($(element, '.log-note').textContent).to.contain('beginning of the conversation');
    expect(new Set(bubbleTexts(element)).size).to.equal(120);
    peer.close();
  });

  it('follows new messages at the bottom, and shows a "new messages" pill when scrolled up', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    await seed(peer, room.roomId, 30);
    const element = await mountWidget({ token: ada.token, height: '500px' });
    await openChat(element, grace.user.username);
    await until(() => bubbleTexts(element).length === 30 && atBottom(element), 'history at the bottom');

    await peer.send(room.roomId, 'while at the bottom');
    await until(() => bubbleTexts(element).at(-1) === 'while at the bottom', 'live message');
    await element.updateComplete;
    expect(atBottom(element)).to.equal(true);
    expect(shadow(element).querySelector('.pill')).to.equal(null);

    await scrollTo(element, 200);
    await peer.send(room.roomId, 'while reading older ones');
    const pill = await waitFor(element, '.pill');
    expect(pill.textContent).to.contain('New messages');
    expect(log(element).scrollTop).to.be.closeTo(200, 2);
    pill.click();
    await element.updateComplete;
    expect(atBottom(element)).to.equal(true);
    await until(() => shadow(element).querySelector('.pill') === null, 'pill gone');
    peer.close();
  });
});
