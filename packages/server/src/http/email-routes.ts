// E-mail routes: password reset, address verification, the missed-message preference and one-click unsubscribe.

import { ROUTES } from '@ichat/protocol';
import type { EmailAccounts } from '../email/email-accounts.js';
import type { Store, UserRecord } from '../store/contract/store.js';
import { signedIn } from './auth-routes.js';
import type { RouteHandlers } from './http-types.js';
import { accepted, answer, noContent } from './responses.js';

export interface EmailRouteHooks {
  /** A password reset revoked these session tokens: their sockets must close. */
  revoked(tokenHash: string): void;
  /** A user's record changed in a way only their own sessions care about (their address was verified). */
  userChanged(user: UserRecord): void;
}

type EmailRouteNames =
  | 'requestPasswordReset'
  | 'resetPassword'
  | 'verifyEmail'
  | 'resendVerification'
  | 'emailSettings'
  | 'updateEmailSettings'
  | 'emailUnsubscribe';

export function emailRoutes(email: EmailAccounts, store: Store, hooks: EmailRouteHooks): Pick<RouteHandlers, EmailRouteNames> {
  return {
    requestPasswordReset: async ({ request, body }) => {
      await email.requestPasswordReset(body.email, request.remoteAddress, Date.now());
      return accepted();
    },
    resetPassword: async ({ body }) => {
      const { revoked } = await email.resetPassword(body.token, body.password, Date.now());
      for (const hash of revoked) hooks.revoked(hash);
      return noContent();
    },
    verifyEmail: async ({ body }) => {
      const userId = await email.verify(body.token, Date.now());
      const user = await store.users.findById(userId);
      if (user !== undefined) hooks.userChanged(user);
      return noContent();
    },
    resendVerification: async ({ request, session }) => {
      await email.sendVerification(signedIn(session).user, request.remoteAddress, Date.now());
      return accepted();
    },
    emailSettings: async ({ session }) => answer(ROUTES.emailSettings, { email: email.settings(signedIn(session).user) }),
    updateEmailSettings: async ({ body, session }) =>
      answer(ROUTES.updateEmailSettings, { email: await email.setNotifications(signedIn(session).user, body.notifications) }),
    emailUnsubscribe: async ({ params }) => {
      await email.unsubscribe(params['token'] ?? '', Date.now());
      return noContent();
    },
  };
}
