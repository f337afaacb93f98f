// The host site's users: found by (issuer, subject), created on their first sign-in with a username of their own,
// and their profile set again from every later token. Never matched to a password account, by e-mail or otherwise.

import { IChatError, LIMITS, normaliseUsername } from '@ichat/protocol';
import { randomBytes } from 'node:crypto';
import type { Store, UserRecord } from '../store/contract/store.js';
import type { HostClaims } from './jwt-verifier.js';

/** Numbered names tried before a random suffix: enough for a common name without a loop that grows with users. */
const NUMBERED_TRIES = 20;
/** Room left for a suffix such as `-20` or `-a1b2c3d4` within the username limit. */
const BASE_MAX = LIMITS.usernameMax - 9;

/**
 * A valid username from the display name, else the subject: accents dropped, lower-cased, other characters folded
 * into dots, padded with `user` when too short. `Zoë Ångström` → `zoe.angstrom`.
 */
export function usernameBase(claims: Pick<HostClaims, 'displayName' | 'subject'>): string {
  const source = claims.displayName ?? claims.subject;
  const folded = source
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, BASE_MAX)
    .replace(/[._-]+$/, '');
  return normaliseUsername(folded.length >= LIMITS.usernameMin ? folded : `user${folded}`);
}

/** The names to try in order: the base, then `base-2` … `base-20`, then random suffixes. */
function* usernameCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; n <= NUMBERED_TRIES; n += 1) yield `${base}-${n}`;
  for (;;) yield `${base}-${randomBytes(4).toString('hex')}`;
}

/** A user of the host site after a sign-in, whether this sign-in created them, and whether it changed their profile. */
export interface HostSignIn {
  user: UserRecord;
  created: boolean;
  /** A known user's display name or avatar changed (never for a user this sign-in created: nobody knew them yet). */
  profileChanged: boolean;
}

export class HostIdentities {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Finds or creates the user the claims name, with the claims' profile. */
  async signIn(claims: HostClaims, now: number): Promise<HostSignIn> {
    const profile = { displayName: claims.displayName, avatarUrl: claims.avatarUrl, email: claims.email };
    const known = await this.#store.users.findByHostIdentity(claims);
    if (known !== undefined) return this.#update(known, profile);
    let tries = 0;
    for (const username of usernameCandidates(usernameBase(claims))) {
      tries += 1;
      try {
        const { user, created } = await this.#store.users.createHostUser({ ...claims, username, createdAt: now });
        // Another sign-in of the same user may have won the race: theirs is the user, and this token's profile wins.
        return created ? { user, created, profileChanged: false } : await this.#update(user, profile);
      } catch (error) {
        if (!(error instanceof IChatError && error.code === 'username_taken') || tries >= NUMBERED_TRIES + 5) throw error;
      }
    }
    throw new IChatError('internal', 'No username could be chosen');
  }

  async #update(user: UserRecord, profile: Parameters<Store['users']['updateHostProfile']>[1]): Promise<HostSignIn> {
    const updated = (await this.#store.users.updateHostProfile(user.id, profile)) ?? user;
    const profileChanged = updated.displayName !== user.displayName || updated.avatarUrl !== user.avatarUrl;
    return { user: updated, created: false, profileChanged };
  }
}
