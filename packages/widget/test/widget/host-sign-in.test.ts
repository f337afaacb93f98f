// Sign-in by the host page: token-url (fetched with the page's cookies) and the tokenProvider property, served by
// the test runner as a host backend would (test/support/fixtures-plugin.mjs), against the real server.

import { expect } from '@esm-bundle/chai';
import type { WidgetUserDetail } from '../../src/index.js';
import { banHostUser } from '../support/fixtures.js';
import { $, cleanUp, mountWidget, nextEvent, shadow, uniqueName, waitFor } from './widget-fixtures.js';

function signInAtHost(user: string): void {
  document.cookie = `host_user=${encodeURIComponent(user)}; path=/`;
}

afterEach(() => {
  document.cookie = 'host_user=; path=/; max-age=0';
  cleanUp();
});

describe('<ichat-widget token-url>', () => {
  it('signs the host page’s user in with the token its URL answers, never showing the sign-in form', async () => {
    const user = uniqueName('host');
    signInAtHost(user);
    const readyEvent = nextEvent<CustomEvent<WidgetUserDetail>>(document, 'ichat-ready', 10_000);
    const element = await mountWidget({ attributes: { 'token-url': '/__ichat/host-token' } });
    expect(shadow(element).querySelector('form.auth')).to.equal(null);
    const ready = await readyEvent;
    expect(ready.detail.user).to.include({ displayName: `Host ${user}`, avatarUrl: `https://img.example/${user}.png` });
    await waitFor(element, '.list-pane');
    expect(shadow(element).querySelector('form.auth')).to.equal(null);
  });

  it('reads a JSON {token} answer too', async () => {
    const user = uniqueName('hostjson');
    signInAtHost(user);
    const readyEvent = nextEvent<CustomEvent<WidgetUserDetail>>(document, 'ichat-ready', 10_000);
    await mountWidget({ attributes: { 'token-url': '/__ichat/host-token?as=json' } });
    const ready = await readyEvent;
    expect(ready.detail.user.displayName).to.equal(`Host ${user}`);
  });

  it('says to sign in at the site, without a form, when nobody is signed in there', async () => {
    const element = await mountWidget({ attributes: { 'token-url': '/__ichat/host-token' } });
    await waitFor(element, '.loading');
    for (let i = 0; i < 100 && !($(element, '.loading').textContent ?? '').includes('Sign in to this site'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await element.updateComplete;
    }
    expect($(element, '.loading').textContent).to.contain('Sign in to this site to chat.');
    expect(shadow(element).querySelector('form.auth')).to.equal(null);
  });

  it('uses a tokenProvider property', async () => {
    const user = uniqueName('hostprop');
    signInAtHost(user);
    const readyEvent = nextEvent<CustomEvent<WidgetUserDetail>>(document, 'ichat-ready', 10_000);
    await mountWidget({
      tokenProvider: () => fetch('/__ichat/host-token', { credentials: 'include' }).then((response) => response.text()),
    });
    const ready = await readyEvent;
    expect(ready.detail.user.displayName).to.equal(`Host ${user}`);
  });

  it('says the account is banned, and offers no reconnect, when the host site bans the user', async () => {
    const user = uniqueName('hostban');
    signInAtHost(user);
    const element = await mountWidget({ attributes: { 'token-url': '/__ichat/host-token' } });
    await waitFor(element, '.list-pane');
    await banHostUser(user);
    const banner = await waitFor(element, '.banner.banned');
    expect(banner.getAttribute('role')).to.equal('alert');
    expect(banner.textContent).to.contain('banned');
    expect(banner.querySelector('button')).to.equal(null);
    // Final: the widget does not dial again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await element.updateComplete;
    expect(shadow(element).querySelector('.banner.banned')).not.to.equal(null);
  });
});
