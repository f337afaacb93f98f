// Account routes: register, log in (by password or by the host site's token), log out, and who am I.

import { IChatError, ROUTES } from '@ichat/protocol';
import { toMe, type Accounts, type Session } from '../auth/accounts.js';
import type { UserRecord } from '../store/contract/store.js';
import type { RouteHandlers } from './http-types.js';
import { answer, noContent } from './responses.js';

export interface AuthRouteHooks {
  /** A user registered (for the admins' live feed). */
  registered(user: { id: number; username: string; createdAt: number }): void;
  /** A password account was created (its address is to be verified). Never rejects. */
  passwordAccountCreated(userId: number): Promise<void>;
  /** A token was revoked: its sockets must close. */
  revoked(tokenHash: string): void;
  /** A host site's sign-in changed a known user's display name or avatar: their contacts must hear of it. */
  profileChanged(user: UserRecord): Promise<void>;
}

/** The router requires a session for routes that are not public; this only narrows the type. */
export function signedIn(session: Session | undefined): Session {
  if (session === undefined) throw new IChatError('unauthorized', 'A valid bearer token is required');
  return session;
}

export function authRoutes(accounts: Accounts, hooks: AuthRouteHooks): Pick<RouteHandlers, 'register' | 'login' | 'jwtLogin' | 'logout' | 'me'> {
  return {
    register: async ({ request, body }) => {
      const result = await accounts.register(body, request.remoteAddress, Date.now());
      hooks.registered({ id: result.user.id, username: result.user.username, createdAt: result.user.createdAt });
      await hooks.passwordAccountCreated(result.user.id);
      return answer(ROUTES.register, result);
    },
    login: async ({ request, body }) => answer(ROUTES.login, await accounts.login(body, request.remoteAddress, Date.now())),
    jwtLogin: async ({ request, body }) => {
      const { result, created, user, profileChanged } = await accounts.signInWithJwt(body.token, request.remoteAddress, Date.now());
      if (created) hooks.registered({ id: result.user.id, username: result.user.username, createdAt: result.user.createdAt });
      if (profileChanged) await hooks.profileChanged(user);
      return answer(ROUTES.jwtLogin, result);
    },
    logout: async ({ session }) => {
      const current = signedIn(session);
      await accounts.logout(current);
      hooks.revoked(current.tokenHash);
      return noContent();
    },
    me: async ({ session }) => answer(ROUTES.me, { user: toMe(signedIn(session).user) }),
  };
}
