import { expect } from '@esm-bundle/chai';
import type { IChatClient } from '@ichat/sdk';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { $, $$, account, cleanUp, mountWidget, openChat, peerClient, sendFromComposer, shadow, until, waitFor } from './widget-fixtures.js';

afterEach(cleanUp);

const peers: IChatClient[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
});

/** Ada in the widget and Grace through the SDK, in a group of their own. */
async function twoInAGroup(name: string): Promise<{ element: IChatWidget; grace: IChatClient; graceName: string; roomId: number; adaPeer: IChatClient }> {
  const prefix = `r${Date.now().toString(36).slice(-5)}`;
  const [ada, grace] = await Promise.all([account(`${prefix}ada`), account(`${prefix}grace`)]);
  const adaPeer = await peerClient(ada.token);
  const chat = await adaPeer.createGroup(name, [grace.user.username]);
  const gracePeer = await peerClient(grace.token);
  peers.push(adaPeer, gracePeer);
  const element = await mountWidget({ token: ada.token });
  return { element, grace: gracePeer, graceName: grace.user.username, roomId: chat.roomId, adaPeer };
}

function row(element: IChatWidget, seq: number): HTMLElement {
  return $(element, `.msg[data-seq="${seq}"]`);
}

function keydown(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

describe('<ichat-widget> replies', () => {
  it('replies with a quote of the original, cancels with Escape, and the quote brings the original into view', async () => {
    const { element, grace, graceName, roomId } = await twoInAGroup('Replies');
    const original = await grace.send(roomId, 'the original question');
    for (let i = 0; i < 30; i += 1) await grace.send(roomId, `filler ${i}`);
    await openChat(element, 'Replies');
    await waitFor(element, `.msg[data-seq="${original.seq}"]`);

    row(element, original.seq).querySelector<HTMLElement>('button.reply')?.click();
    const bar = await waitFor(element, '.reply-bar');
    expect(bar.textContent).to.contain(`Replying to ${graceName}: the original question`);
    await until(() => shadow(element).activeElement === $(element, 'textarea'), 'focus on the composer');
    keydown($(element, 'textarea'), 'Escape');
    await element.updateComplete;
    expect(shadow(element).querySelector('.reply-bar')).to.equal(null);

    row(element, original.seq).querySelector<HTMLElement>('button.reply')?.click();
    await waitFor(element, '.reply-bar');
    await sendFromComposer(element, 'my answer');
    const quote = await until(
      () => $$(element, '.msg').find((node) => node.querySelector('.bubble')?.textContent?.includes('my answer') === true && node.dataset['seq'] !== undefined)?.querySelector<HTMLElement>('.quote'),
      'the reply with its quote',
    );
    expect(quote.querySelector('.quote-name')?.textContent).to.equal(graceName);
    expect(quote.querySelector('.quote-text')?.textContent).to.equal('the original question');
    expect(shadow(element).querySelector('.reply-bar')).to.equal(null);
    const stored = (await grace.history(roomId, { limit: 1 })).messages[0];
    expect(stored?.replyTo?.seq).to.equal(original.seq);

    const log = $(element, '.log');
    log.scrollTop = log.scrollHeight;
    quote.click();
    await until(() => shadow(element).activeElement === row(element, original.seq), 'the original focused');
    const box = row(element, original.seq).getBoundingClientRect();
    const view = log.getBoundingClientRect();
    expect(box.top).to.be.at.least(view.top - 1);
    expect(box.bottom).to.be.at.most(view.bottom + 1);
  });

  it('quotes a deleted original as “Deleted message”, also when deleted while shown', async () => {
    const { element, grace, graceName, roomId, adaPeer } = await twoInAGroup('Deleted original');
    const original = await grace.send(roomId, 'soon gone');
    await adaPeer.send(roomId, 'answering it', { replyTo: original.seq });
    await grace.delete(roomId, original.seq);
    await openChat(element, 'Deleted original');
    const quote = await waitFor(element, '.msg .quote');
    expect(quote.classList.contains('deleted')).to.equal(true);
    expect(quote.querySelector('.quote-name')?.textContent).to.equal(graceName);
    expect(quote.querySelector('.quote-text')?.textContent).to.equal('Deleted message');
    expect(quote.textContent).not.to.contain('soon gone');

    // An original deleted while its reply is on screen: the quote follows.
    const later = await grace.send(roomId, 'gone later');
    const reply = await adaPeer.send(roomId, 'answering that too', { replyTo: later.seq });
    const laterQuote = (): Element | null | undefined => shadow(element).querySelector(`.msg[data-seq="${reply.seq}"] .quote-text`);
    await until(() => laterQuote()?.textContent === 'gone later', 'the second quote');
    await grace.delete(roomId, later.seq);
    await until(() => laterQuote()?.textContent === 'Deleted message', 'the quote of an original deleted live');
  });
});

describe('<ichat-widget> reactions', () => {
  it('reacts from the emoji menu, counts, shows who, toggles off, and follows a peer’s reactions live', async () => {
    const { element, grace, graceName, roomId } = await twoInAGroup('Reactions');
    const message = await grace.send(roomId, 'react to me');
    await openChat(element, 'Reactions');
    await waitFor(element, `.msg[data-seq="${message.seq}"]`);
    const [first, second] = grace.reactions;
    if (first === undefined || second === undefined) throw new Error('the server offers no emoji');

    row(element, message.seq).querySelector<HTMLElement>('button.react')?.click();
    const menu = await waitFor(element, '.reaction-menu');
    expect($$(element, '.reaction-menu button').map((button) => button.textContent)).to.deep.equal([...grace.reactions]);
    await until(() => shadow(element).activeElement === menu.querySelector('button'), 'focus on the first emoji');
    keydown(menu.querySelector('button')!, 'ArrowRight');
    expect(shadow(element).activeElement?.textContent).to.equal(second);
    keydown(shadow(element).activeElement!, 'Escape');
    await element.updateComplete;
    expect(shadow(element).querySelector('.reaction-menu')).to.equal(null);
    await until(() => shadow(element).activeElement === row(element, message.seq).querySelector('.react'), 'focus back on React');

    row(element, message.seq).querySelector<HTMLElement>('button.react')?.click();
    (await waitFor(element, '.reaction-menu button')).click();
    const chip = (): HTMLElement | null => row(element, message.seq).querySelector<HTMLElement>('.chip');
    await until(() => chip()?.textContent?.trim() === `${first} 1`, 'my reaction counted');
    expect(chip()?.getAttribute('aria-pressed')).to.equal('true');
    expect(chip()?.title).to.equal(`${first} by You`);

    await grace.react(roomId, message.seq, first);
    await until(() => chip()?.textContent?.trim() === `${first} 2`, 'Grace’s reaction, live');
    expect(chip()?.title).to.equal(`${first} by You, ${graceName}`);

    chip()?.click();
    await until(() => chip()?.textContent?.trim() === `${first} 1`, 'mine taken back');
    expect(chip()?.getAttribute('aria-pressed')).to.equal('false');
    expect(chip()?.title).to.equal(`${first} by ${graceName}`);

    await grace.unreact(roomId, message.seq, first);
    await until(() => chip() === null, 'no reactions left');
  });
});
