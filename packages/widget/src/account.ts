// The account pages the server serves for links from e-mails (reset, verify, unsubscribe): plain DOM over the SDK's
// account client, so they work without the site that embeds the chat and load no chat code.

import { createAccountClient, IChatError } from '@ichat/sdk';
import { formText } from './widget/shared/form-text.js';

type Page = 'reset' | 'verify' | 'unsubscribe';

const PAGES: readonly Page[] = ['reset', 'verify', 'unsubscribe'];

/** What each page says once its action succeeded. */
const DONE: Record<Page, string> = {
  reset: 'Your password is changed. Every device was signed out: log in again with the new password.',
  verify: 'Your e-mail address is confirmed.',
  unsubscribe: 'You will get no more e-mails about missed messages. You can turn them on again in the chat.',
};

function pageOf(value: string | undefined): Page | undefined {
  return PAGES.find((page) => page === value);
}

/** A refusal in words for people: the link's own problems first, then the password's, then the network's. */
function explain(error: unknown): string {
  if (!(error instanceof IChatError)) return 'Something went wrong. Try again.';
  if (error.code === 'invalid_link') return 'This link does not work any more: it was used already or has expired. Ask for a new one.';
  if (error.code === 'validation_failed' && error.field === 'password') return error.message;
  return error.retryable ? 'The server cannot be reached right now. Try again in a moment.' : error.message;
}

function setup(): void {
  const page = pageOf(document.body.dataset['page']);
  const form = document.querySelector('form');
  const status = document.querySelector<HTMLElement>('[role="status"]');
  const token = new URLSearchParams(location.search).get('token') ?? '';
  if (page === undefined || form === null || status === null) return;
  if (token === '') {
    status.textContent = 'This page needs the link from your e-mail: open the link again, whole.';
    form.hidden = true;
    return;
  }
  const accounts = createAccountClient({ url: location.origin });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const password = formText(data, 'password');
    if (page === 'reset' && password !== formText(data, 'repeat')) {
      status.textContent = 'The two passwords differ.';
      return;
    }
    const button = form.querySelector('button');
    if (button !== null) button.disabled = true;
    status.textContent = '';
    const done =
      page === 'reset' ? accounts.resetPassword(token, password) : page === 'verify' ? accounts.verifyEmail(token) : accounts.unsubscribe(token);
    done.then(
      () => {
        form.hidden = true;
        status.textContent = DONE[page];
      },
      (error: unknown) => {
        status.textContent = explain(error);
        if (button !== null) button.disabled = false;
      },
    );
  });
}

setup();
