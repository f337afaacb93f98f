// The host page's sign-in token: fetched from its own URL with its cookies, so the host's session decides who chats.

import { IChatError, isFields, type TokenProvider } from '@ichat/sdk';

/**
 * A token provider that GETs `url` with the page's cookies (`credentials: 'include'`, so a host backend on another
 * origin with CORS credentials works too) and reads the JWT from a text answer or a JSON `{"token": "…"}` one.
 * A non-2xx answer (nobody is signed in at the host) rejects.
 */
export function tokenFromUrl(url: string): TokenProvider {
  return async () => {
    const response = await fetch(url, { credentials: 'include', headers: { accept: 'application/json, text/plain' } });
    const text = (await response.text()).trim();
    if (!response.ok) throw new IChatError('unauthorized', `${url} answered ${response.status}`);
    if (!text.startsWith('{')) return text;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new IChatError('unauthorized', `${url} answered malformed JSON`);
    }
    const token = isFields(value) ? value['token'] : undefined;
    if (typeof token !== 'string' || token === '') throw new IChatError('unauthorized', `${url} answered no "token"`);
    return token;
  };
}
