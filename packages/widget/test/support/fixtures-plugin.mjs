// A dev-server plugin that gives browser tests what only the server side can do: its URL, seeded accounts with
// chosen creation times (hashing is not under test), administrator rights, a host site's sign-in token, and the host
// backend's calls to the server API (a ban).

import { createApiKey } from '@ichat/server';
import { SignJWT } from 'jose';

/** The HS256 secret the test server verifies host tokens with, as a host site and iChat would share it. */
export const HOST_JWT_SECRET = 'the widget tests host site shares this 32+ byte secret';

/** The value of cookie `name` in a Cookie header, or undefined. */
function cookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** @param {{ url: string, store: import('@ichat/server').Store }} server */
export function ichatFixtures(server) {
  let seeded = 0;
  /** The host backend's API key, made on first use. */
  let apiKey;
  return {
    name: 'ichat-fixtures',
    async serve(context) {
      if (!context.path.startsWith('/__ichat/')) return undefined;
      const params = new URLSearchParams(context.querystring);
      if (context.path === '/__ichat/server') return { body: JSON.stringify({ url: server.url }), type: 'json' };
      if (context.path === '/__ichat/host-token') {
        // As a host backend does: its own session cookie says who is signed in; nobody signed in is a 401.
        const user = cookie(context.get('cookie'), 'host_user');
        if (user === undefined || user === '') return { body: 'not signed in', type: 'text', status: 401 };
        const token = await new SignJWT({ sub: user, name: `Host ${user}`, picture: `https://img.example/${user}.png` })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(HOST_JWT_SECRET));
        return params.get('as') === 'json' ? { body: JSON.stringify({ token }), type: 'json' } : { body: token, type: 'text' };
      }
      if (context.path === '/__ichat/ban') {
        // As the host backend bans one of its users: through the server API, with its key.
        apiKey ??= (await createApiKey(server.store.apiKeys, 'widget-tests', Date.now())).key;
        const sub = encodeURIComponent(params.get('sub') ?? '');
        const response = await fetch(`${server.url}/api/v1/server/users/${sub}/ban`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${apiKey}` },
        });
        return { body: await response.text(), type: 'json', status: response.status };
      }
      if (context.path === '/__ichat/grant-admin') {
        const email = params.get('email') ?? '';
        const found = await server.store.users.setAdmin(email, true);
        return { body: JSON.stringify({ ok: found }), type: 'json' };
      }
      if (context.path === '/__ichat/add-webhook') {
        // Stored as given, not checked as the command would, so a test can show that odd URLs are rendered as text.
        const endpoint = await server.store.webhooks.addEndpoint({
          url: params.get('url') ?? '',
          secret: 'whsec_widget-tests',
          events: ['user.created'],
          createdAt: Date.now(),
        });
        return { body: JSON.stringify({ ok: true, id: endpoint.id }), type: 'json' };
      }
      if (context.path === '/__ichat/seed-users') {
        // at: comma-separated ms instants, one user each.
        const instants = (params.get('at') ?? '').split(',').filter(Boolean).map(Number);
        for (const createdAt of instants) {
          seeded += 1;
          await server.store.users.create({
            email: `seed${seeded}@example.com`,
            username: `seed${seeded}`,
            passwordHash: 'not-a-hash',
            createdAt,
          });
        }
        return { body: JSON.stringify({ ok: true, count: instants.length }), type: 'json' };
      }
      return { body: JSON.stringify({ error: 'unknown fixture' }), type: 'json', status: 404 };
    },
  };
}
