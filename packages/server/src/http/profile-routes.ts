// The profile edit: a password account changes its display name and avatar, and its contacts hear of it live.

import { IChatError, ROUTES, type ProfileEditBody } from '@ichat/protocol';
import { toMe } from '../auth/accounts.js';
import type { ProfilePatch, Store, UserRecord } from '../store/contract/store.js';
import { signedIn } from './auth-routes.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

export interface ProfileRouteHooks {
  /** A user's display name or avatar changed: everyone who sees them must hear of it. */
  profileChanged(user: UserRecord): Promise<void>;
}

/** The fields of the edit that differ from what is stored: an edit that changes nothing is not announced. */
function changesOf(user: UserRecord, body: ProfileEditBody): ProfilePatch {
  const patch: ProfilePatch = {};
  if (body.displayName !== undefined && body.displayName !== user.displayName) patch.displayName = body.displayName;
  if (body.avatarUrl !== undefined && body.avatarUrl !== user.avatarUrl) patch.avatarUrl = body.avatarUrl;
  return patch;
}

/** `PATCH /api/v1/me`. */
export function profileRoutes(store: Store, hooks: ProfileRouteHooks): Pick<RouteHandlers, 'updateProfile'> {
  return {
    updateProfile: async ({ body, session }) => {
      const { user } = signedIn(session);
      // The host site sets these from its token at every sign-in, so an edit here would be undone at the next one.
      if (user.host !== null) {
        throw new IChatError('forbidden', 'Your profile comes from the site you signed in on: change it there');
      }
      const patch = changesOf(user, body);
      if (Object.keys(patch).length === 0) return answer(ROUTES.updateProfile, { user: toMe(user) });
      const updated = await store.users.updateProfile(user.id, patch);
      if (updated === undefined) throw new IChatError('unauthorized', 'This account no longer exists');
      await hooks.profileChanged(updated);
      return answer(ROUTES.updateProfile, { user: toMe(updated) });
    },
  };
}
