// @ts-check
// The host site: its own login, the route that signs iChat tokens for its users, the announcement form that drives
// iChat's server API, and the receiver of iChat's webhooks.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { checkCredentials, HOST_USERS, hostUserById } from './host-users.mjs';
import { signIChatToken } from './ichat-token.mjs';
import { IChatBackend } from './ichat-backend.mjs';
import { appPage, loginPage } from './pages.mjs';
import { Sessions } from './sessions.mjs';
import { WebhookLog } from './webhook-receiver.mjs';

/**
 * @typedef {object} HostSiteOptions
 * @property {number} port                 0 for any free port
 * @property {string} ichatUrl             the iChat server's origin, as browsers reach it
 * @property {string} jwtSecret            the iChat server's ICHAT_JWT_SECRET
 * @property {string} jwtIssuer            the iChat server's ICHAT_JWT_ISSUER
 * @property {string} jwtAudience          the iChat server's ICHAT_JWT_AUDIENCE
 * @property {string} apiKey               from `ichat-server api-key create`
 * @property {string} webhookSecret        from `ichat-server webhook add`
 * @property {string} avatarBase           https URL the users' pictures are under
 * @property {string} [stateFile]          where the backend keeps the community room's id
 */

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Starts the site on 127.0.0.1.
 * @param {HostSiteOptions} options
 * @returns {Promise<{ port: number, url: string, webhooks: WebhookLog, close: () => Promise<void> }>}
 */
export async function startHostSite(options) {
  const sessions = new Sessions();
  const webhooks = new WebhookLog();
  const backend = new IChatBackend({ url: options.ichatUrl, apiKey: options.apiKey, stateFile: options.stateFile });
  const css = await readFile(new URL('./site.css', import.meta.url));
  const tokenSettings = {
    secret: options.jwtSecret,
    issuer: options.jwtIssuer,
    audience: options.jwtAudience,
    avatarBase: options.avatarBase,
  };

  /**
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   */
  async function route(request, response) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = `${request.method} ${url.pathname}`;
    const user = hostUserById(sessions.userOf(request.headers.cookie) ?? '');

    if (route === 'GET /site.css') return send(response, 200, 'text/css; charset=utf-8', css);
    if (route === 'GET /') {
      const page = user === undefined
        ? loginPage({ logins: HOST_USERS.map((u) => u.login) })
        : appPage({ name: user.name, ichatUrl: options.ichatUrl, notice: url.searchParams.get('notice') ?? undefined });
      return send(response, 200, 'text/html; charset=utf-8', page);
    }
    if (route === 'POST /login') {
      const form = new URLSearchParams(await readBody(request));
      const found = checkCredentials(form.get('login') ?? '', form.get('password') ?? '');
      if (found === undefined) {
        const page = loginPage({ error: 'Wrong account or password', logins: HOST_USERS.map((u) => u.login) });
        return send(response, 401, 'text/html; charset=utf-8', page);
      }
      // The backend tells iChat about the user (profile, community room) before the page's widget signs in.
      await backend.userSignedIn(found, new URL(found.avatar, options.avatarBase).href);
      return redirect(response, '/', sessions.start(found.id));
    }
    if (route === 'POST /logout') return redirect(response, '/', sessions.end(request.headers.cookie));
    if (route === 'GET /ichat-token') {
      // The widget's GET carries the site's cookie: only a signed-in user gets a token, and only for themselves.
      if (user === undefined) return send(response, 401, 'text/plain; charset=utf-8', 'Log in to the shop first');
      response.setHeader('cache-control', 'no-store');
      return send(response, 200, 'text/plain; charset=utf-8', await signIChatToken(user, tokenSettings));
    }
    if (route === 'POST /announce') {
      if (user === undefined) return send(response, 401, 'text/plain; charset=utf-8', 'Log in to the shop first');
      const text = new URLSearchParams(await readBody(request)).get('text')?.trim() ?? '';
      if (text === '') return redirect(response, '/?notice=' + encodeURIComponent('Write something to announce'));
      await backend.announce(text, user.id);
      return redirect(response, '/?notice=' + encodeURIComponent('Announcement posted'));
    }
    if (route === 'POST /webhooks/ichat') {
      const status = webhooks.receive({ secret: options.webhookSecret, headers: request.headers, body: await readBody(request) });
      return send(response, status, 'text/plain; charset=utf-8', '');
    }
    if (route === 'GET /webhooks/log') {
      const log = { received: webhooks.events, refused: webhooks.refused };
      return send(response, 200, 'application/json', JSON.stringify(log));
    }
    return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  const server = createServer((request, response) => {
    route(request, response).catch((/** @type {unknown} */ error) => {
      console.error(error);
      if (!response.headersSent) send(response, 502, 'text/plain; charset=utf-8', 'The chat service did not answer');
    });
  });
  await new Promise((resolve) => server.listen(options.port, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    webhooks,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} type
 * @param {string | Buffer} body
 */
function send(response, status, type, body) {
  response.writeHead(status, { 'content-type': type }).end(body);
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {string} location
 * @param {string} [cookie]
 */
function redirect(response, location, cookie) {
  response.writeHead(303, cookie === undefined ? { location } : { location, 'set-cookie': cookie }).end();
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<string>}
 */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
