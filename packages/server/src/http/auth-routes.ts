// Account routes: register, log in, log out, and who am I.

import { API_PREFIX, IChatError } from '@ichat/sdk/protocol';
import { toMe, type Accounts, type Session } from '../auth/accounts.js';
import type { HttpRequest, Route } from './http-types.js';
import { bearerToken, json, jsonBody, noContent } from './responses.js';

export interface AuthRouteHooks {
  /** A user registered (for the admins' live feed). */
  registered(user: { id: number; username: string; createdAt: number }): void;
  /** A token was revoked: its sockets must close. */
  revoked(tokenHash: string): void;
}

async function requireSession(accounts: Accounts, request: HttpRequest): Promise<Session> {
  const token = bearerToken(request.headers.get('authorization'));
  const session = token === undefined ? undefined : await accounts.resolve(token, Date.now());
  if (session === undefined) throw new IChatError('unauthorized', 'A valid bearer token is required');
  return session;
}

export function authRoutes(accounts: Accounts, hooks: AuthRouteHooks): Route[] {
  return [
    {
      method: 'POST',
      path: `${API_PREFIX}/auth/register`,
      handler: async (request) => {
        const result = await accounts.register(jsonBody(request), Date.now());
        hooks.registered({ id: result.user.id, username: result.user.username, createdAt: result.user.createdAt });
        return json(201, result);
      },
    },
    {
      method: 'POST',
      path: `${API_PREFIX}/auth/login`,
      handler: async (request) => json(200, await accounts.login(jsonBody(request), request.remoteAddress, Date.now())),
    },
    {
      method: 'POST',
      path: `${API_PREFIX}/auth/logout`,
      handler: async (request) => {
        const session = await requireSession(accounts, request);
        await accounts.logout(session);
        hooks.revoked(session.tokenHash);
        return noContent();
      },
    },
    {
      method: 'GET',
      path: `${API_PREFIX}/me`,
      handler: async (request) => json(200, { user: toMe((await requireSession(accounts, request)).user) }),
    },
  ];
}
