import { expect } from '@esm-bundle/chai';
import { $$, account, bubbleTexts, cleanUp, mountWidget, openChat, peerClient, shadow, until } from './widget-fixtures.js';

afterEach(cleanUp);

const PAYLOADS = [
  '<img src=x onerror="window.__xss = 1">',
  '<script>window.__xss = 2</script>',
  'javascript:window.__xss = 3',
  '[click me](javascript:window.__xss=4)',
  'https://example.com/"><img src=x onerror="window.__xss=5">',
  '<a href="javascript:window.__xss=6">link</a>',
  'data:text/html,<script>window.__xss=7</script>',
];

describe('<ichat-widget> message safety', () => {
  it('renders markup in messages as text and runs nothing', async () => {
    const [ada, mallory] = await Promise.all([account('ada'), account('mallory')]);
    const peer = await peerClient(mallory.token);
    const room = await peer.openDirect(ada.user.username);
    for (const payload of PAYLOADS) await peer.send(room.roomId, payload);
    const element = await mountWidget({ token: ada.token });
    await openChat(element, mallory.user.username);
    await until(() => bubbleTexts(element).length === PAYLOADS.length, 'every payload');
    expect(bubbleTexts(element)).to.deep.equal(PAYLOADS);
    expect(shadow(element).querySelectorAll('.log img, .log script, .chats img')).to.have.length(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Reflect.get(window, '__xss')).to.equal(undefined);
    // The preview shows the last payload as text too.
    expect($$(element, '.chat-preview')[0]?.textContent).to.equal(PAYLOADS.at(-1));
    peer.close();
  });

  it('links only http and https URLs, opening in a new tab without opener, referrer or endorsement', async () => {
    const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
    const peer = await peerClient(grace.token);
    const room = await peer.openDirect(ada.user.username);
    await peer.send(room.roomId, 'docs at https://example.com/docs?page=2. and (see http://example.org/a_(b)) or javascript:alert(1) or ftp://example.net');
    const element = await mountWidget({ token: ada.token });
    await openChat(element, grace.user.username);
    const links = await until(() => {
      const found = [...shadow(element).querySelectorAll<HTMLAnchorElement>('.log a')];
      return found.length > 0 && found;
    }, 'links');
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/docs?page=2', 'http://example.org/a_(b)']);
    for (const link of links) {
      expect(link.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
      expect(link.getAttribute('target')).to.equal('_blank');
    }
    expect(links.map((a) => a.textContent)).to.deep.equal(['https://example.com/docs?page=2', 'http://example.org/a_(b)']);
    expect(bubbleTexts(element)[0]).to.contain('javascript:alert(1) or ftp://example.net');
    peer.close();
  });
});
