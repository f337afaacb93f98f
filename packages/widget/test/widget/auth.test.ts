import { PASSWORD } from '@ichat/test-kit/accounts';
import { expect } from '@esm-bundle/chai';
import type { WidgetLogoutDetail, WidgetUserDetail } from '../../src/index.js';
import { ichatServer } from '../support/fixtures.js';
import { $, account, cleanUp, mountWidget, nextEvent, shadow, uniqueName, until, waitFor } from './widget-fixtures.js';
import type { IChatWidget } from '../../src/ichat-widget.js';

function fill(element: IChatWidget, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const input = $(element, `input[name="${name}"]`);
    if (!(input instanceof HTMLInputElement)) throw new Error(`no ${name} input`);
    input.value = value;
  }
}

function submit(element: IChatWidget): void {
  $(element, 'form.auth button[type="submit"]').click();
}

function labelled(element: IChatWidget, text: string): HTMLInputElement | undefined {
  const label = [...shadow(element).querySelectorAll('label')].find((node) => node.querySelector('span')?.textContent === text);
  const input = label?.querySelector('input');
  return input instanceof HTMLInputElement ? input : undefined;
}

afterEach(cleanUp);

describe('<ichat-widget> accounts', () => {
  it('creates an account with the form, fires ichat-login and shows the empty chat list', async () => {
    const element = await mountWidget();
    $(element, 'form.auth button.switch-mode').click();
    await element.updateComplete;
    expect($(element, 'form.auth button[type="submit"]').textContent?.trim()).to.equal('Create account');
    const name = uniqueName('newbie');
    fill(element, { email: `${name}@example.com`, username: name, password: PASSWORD });
    const login = nextEvent<CustomEvent<WidgetUserDetail>>(element, 'ichat-login');
    const ready = nextEvent<CustomEvent<WidgetUserDetail>>(element, 'ichat-ready');
    submit(element);
    expect((await login).detail.user.username).to.equal(name);
    expect((await ready).detail.user.username).to.equal(name);
    await waitFor(element, '.list-pane');
    expect($(element, '.empty').textContent).to.contain('New chat');
    expect($(element, '.me').textContent).to.contain(name);
  });

  it('labels the fields Email, Username and Password and the buttons Log in and Create account', async () => {
    const element = await mountWidget();
    expect(labelled(element, 'Email')?.type).to.equal('email');
    expect(labelled(element, 'Password')?.type).to.equal('password');
    expect(labelled(element, 'Username')).to.equal(undefined);
    expect($(element, 'form.auth button[type="submit"]').textContent?.trim()).to.equal('Log in');
    $(element, 'form.auth button.switch-mode').click();
    await element.updateComplete;
    expect(labelled(element, 'Username')?.name).to.equal('username');
  });

  it('puts email_taken and username_taken on their fields', async () => {
    const taken = await account('taken');
    const element = await mountWidget();
    $(element, 'form.auth button.switch-mode').click();
    await element.updateComplete;
    fill(element, { email: taken.user.email, username: uniqueName('free'), password: PASSWORD });
    submit(element);
    const emailError = await waitFor(element, '#email-error');
    expect(emailError.textContent).to.equal('An account with this email already exists.');
    expect(labelled(element, 'Email')?.getAttribute('aria-invalid')).to.equal('true');
    expect(labelled(element, 'Email')?.getAttribute('aria-describedby')).to.equal('email-error');
    await until(() => shadow(element).activeElement === labelled(element, 'Email'), 'focus on the email field');

    fill(element, { email: `${uniqueName('free')}@example.com`, username: taken.user.username });
    submit(element);
    expect((await waitFor(element, '#username-error')).textContent).to.equal('This username is taken.');
    expect(shadow(element).querySelector('#email-error')).to.equal(null);
  });

  it('shows validation_failed on the field the server names', async () => {
    const element = await mountWidget();
    $(element, 'form.auth button.switch-mode').click();
    await element.updateComplete;
    fill(element, { email: `${uniqueName('short')}@example.com`, username: uniqueName('short'), password: 'short' });
    submit(element);
    expect((await waitFor(element, '#password-error')).textContent).to.equal('Use at least 8 characters.');
    fill(element, { email: 'not-an-email', password: PASSWORD });
    submit(element);
    expect((await waitFor(element, '#email-error')).textContent).to.equal('Enter a valid email address.');
  });

  it('says wrong email or password for invalid_credentials', async () => {
    const user = await account('wrongpw');
    const element = await mountWidget();
    fill(element, { email: user.user.email, password: 'not the password' });
    submit(element);
    await until(() => $(element, '.form-error').textContent === 'Wrong email or password.', 'form error');
    expect($(element, '.form-error').getAttribute('role')).to.equal('alert');
  });

  it('says when to try again after rate_limited', async () => {
    const user = await account('throttled');
    const server = await ichatServer();
    // The server allows ten failures per account in its window; the eleventh attempt is refused with 429.
    for (let i = 0; i < 10; i += 1) {
      await fetch(`${server}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.user.email, password: 'guess guess guess' }),
      });
    }
    const element = await mountWidget();
    fill(element, { email: user.user.email, password: user.password });
    submit(element);
    await until(() => /^Too many attempts\. Try again in \d+ s\.$/.test($(element, '.form-error').textContent ?? ''), 'rate-limit message');
  });

  it('logs in, remembers the session per server, and forgets it on log out', async () => {
    const user = await account('remember');
    const element = await mountWidget();
    fill(element, { email: user.user.email, password: user.password });
    const ready = nextEvent(element, 'ichat-ready');
    submit(element);
    await ready;
    const key = `ichat:widget-token:${await ichatServer()}`;
    expect(localStorage.getItem(key)).to.be.a('string').and.not.equal('');

    // A second widget on the same server starts signed in with the remembered session.
    const second = await mountWidget();
    await nextEvent(second, 'ichat-ready', 10_000).catch(() => undefined);
    await waitFor(second, '.list-pane');
    expect($(second, '.me').textContent).to.contain(user.user.username);
    second.parentElement?.remove();

    const logout = nextEvent<CustomEvent<WidgetLogoutDetail>>(element, 'ichat-logout');
    $(element, '.account button.log-out').click();
    expect((await logout).detail.reason).to.equal('user');
    expect(localStorage.getItem(key)).to.equal(null);
    await waitFor(element, 'form.auth');
    await until(() => shadow(element).activeElement?.getAttribute('name') === 'email', 'focus on email');
  });

  it('starts signed in from the token attribute', async () => {
    const user = await account('tokenattr');
    const element = await mountWidget({ attributes: { token: user.token } });
    await waitFor(element, '.list-pane');
    expect($(element, '.me').textContent).to.contain(user.user.username);
    // A token given by the host is not written to storage.
    expect(localStorage.length).to.equal(0);
  });

  it('returns to the log-in form when the token is refused', async () => {
    const element = await mountWidget({ attributes: { token: 'not-a-real-token' } });
    const logout = await nextEvent<CustomEvent<WidgetLogoutDetail>>(element, 'ichat-logout', 10_000);
    expect(logout.detail.reason).to.equal('unauthorized');
    await waitFor(element, 'form.auth');
    expect($(element, '.notice').textContent).to.contain('session has ended');
  });
});
