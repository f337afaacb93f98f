import { expect } from '@esm-bundle/chai';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { $, $$, account, bubbleTexts, cleanUp, mountWidget, openChat, peerClient, shadow, until, waitFor, waitForText } from './widget-fixtures.js';

afterEach(cleanUp);

/** A word no other test's message holds (letters only, so the index reads it as one word). */
function uniqueWord(): string {
  return `w${Math.random().toString(36).slice(2).replace(/[^a-z]/g, '')}${Date.now().toString(36).replace(/[^a-z]/g, '')}`;
}

/** Types into the search box as a visitor does: focus (which loads search), then the text. */
async function searchFor(element: IChatWidget, query: string): Promise<void> {
  const box = $(element, 'input.search');
  if (!(box instanceof HTMLInputElement)) throw new Error('no search box');
  box.focus();
  box.dispatchEvent(new FocusEvent('focus'));
  box.value = query;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

function hits(element: IChatWidget): HTMLElement[] {
  return $$(element, '.search-hit');
}

describe('<ichat-widget> message search', () => {
  it('finds a message in another chat and opens that chat at the message, loading newer pages on scroll', async () => {
    const [ada, grace, linus] = await Promise.all([account('ada'), account('grace'), account('linus')]);
    const word = uniqueWord();
    const fromGrace = await peerClient(grace.token);
    const fromLinus = await peerClient(linus.token);
    const graceRoom = await fromGrace.openDirect(ada.user.username);
    await fromLinus.openDirect(ada.user.username);
    for (let i = 1; i <= 90; i += 1) await fromGrace.send(graceRoom.roomId, i === 10 ? `the ${word} plan` : `message ${i}`);
    await fromLinus.send((await fromLinus.openDirect(ada.user.username)).roomId, 'hello from linus');
    const element = await mountWidget({ token: ada.token, height: '500px' });
    await openChat(element, linus.user.username);

    await searchFor(element, word);
    await until(() => hits(element).length === 1, 'one hit');
    const hit = hits(element)[0];
    expect(hit?.querySelector('.chat-name')?.textContent?.trim()).to.equal(grace.user.username);
    // The chat's name says who wrote it: a direct chat's hit names no sender again.
    expect(hit?.querySelector('.hit-sender')).to.equal(null);
    expect($(element, '.search-bar [role="status"]').textContent?.trim()).to.equal('1 message found');

    hit?.click();
    await waitForText(element, '#conversation-title', grace.user.username);
    const found = await waitFor(element, '.msg:focus');
    expect(found.textContent).to.contain(`the ${word} plan`);
    expect(shadow(element).activeElement).to.equal(found);
    const log = $(element, '[role="log"]');
    const box = log.getBoundingClientRect();
    const at = found.getBoundingClientRect();
    expect(at.top).to.be.at.least(box.top);
    expect(at.bottom).to.be.at.most(box.bottom);
    // The history around the message, short of the newest.
    expect(bubbleTexts(element)).to.not.include('message 90');
    expect(bubbleTexts(element)).to.include('message 1');

    // Scrolling down brings the newer pages, up to the newest.
    await until(() => {
      log.scrollTop = log.scrollHeight;
      log.dispatchEvent(new Event('scroll'));
      return bubbleTexts(element).includes('message 90');
    }, 'the newest message');
    const texts = bubbleTexts(element);
    expect(texts.filter((text) => text.startsWith('message ')).length).to.equal(89);
    await fromGrace.send(graceRoom.roomId, 'live again');
    await until(() => bubbleTexts(element).at(-1) === 'live again', 'live messages after the newest');
    fromGrace.close();
    fromLinus.close();
  });

  it('marks exactly the matched words, and Escape goes back to the chat list', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const word = uniqueWord();
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    await peer.send(room.roomId, `alpha ${word} beta ${word.toUpperCase()} gamma`);
    const element = await mountWidget({ token: ada.token });

    await searchFor(element, `${word} `);
    await until(() => hits(element).length === 1, 'one hit');
    const text = $(element, '.search-hit .hit-text');
    expect(text.textContent).to.equal(`alpha ${word} beta ${word.toUpperCase()} gamma`);
    expect([...text.querySelectorAll('mark')].map((mark) => mark.textContent)).to.deep.equal([word, word.toUpperCase()]);

    $(element, 'input.search').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await element.updateComplete;
    expect(hits(element)).to.have.length(0);
    await waitFor(element, '.chat-item');
    expect(($(element, 'input.search') as HTMLInputElement).value).to.equal('');
    peer.close();
  });

  it('shows a found XSS payload as text', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const word = uniqueWord();
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    const payload = `${word} <img src=x onerror="window.__searchPwned=1"><script>window.__searchPwned=1</script>`;
    await peer.send(room.roomId, payload);
    const element = await mountWidget({ token: ada.token });

    await searchFor(element, word);
    await until(() => hits(element).length === 1, 'one hit');
    const text = $(element, '.search-hit .hit-text');
    expect(text.textContent).to.equal(payload);
    expect(text.querySelector('img, script')).to.equal(null);
    expect(Reflect.get(window, '__searchPwned')).to.equal(undefined);
    peer.close();
  });

  it('never shows messages of rooms the searcher is not in', async () => {
    const [ada, grace, linus] = await Promise.all([account('ada'), account('grace'), account('linus')]);
    const word = uniqueWord();
    const peer = await peerClient(grace.token);
    const secret = await peer.createGroup('Without ada', [linus.user.username]);
    await peer.send(secret.roomId, `secret ${word}`);
    const shared = await peer.openDirect(ada.user.username);
    await peer.send(shared.roomId, `shared ${word}`);
    const element = await mountWidget({ token: ada.token });

    await searchFor(element, word);
    await until(() => hits(element).length === 1, 'one hit');
    expect($(element, '.search-hit .hit-text').textContent).to.equal(`shared ${word}`);

    await searchFor(element, `secret ${word}`);
    await waitForText(element, '.search-bar [role="status"]', 'No messages found.');
    expect(hits(element)).to.have.length(0);
    peer.close();
  });
});
