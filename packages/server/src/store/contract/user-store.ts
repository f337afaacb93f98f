// The accounts part of the store contract: user records, found by id, e-mail, login or host identity.

import type { ProfileData } from '@ichat/protocol';

/** Who a user of the host site is there: the issuer of their sign-in tokens and their id (`sub`) in it. */
export interface HostIdentity {
  /** The tokens' `iss`, or `''` for tokens without one. */
  issuer: string;
  subject: string;
}

/** What a host site's sign-in token says about its user, set again from every token. */
export interface HostProfile {
  displayName: string | null;
  avatarUrl: string | null;
  /** Shown to the user; never used to find an account, nor to log in. */
  email: string | null;
}

/** A user row, with what only the server may see. */
export interface UserRecord {
  id: number;
  /**
   * The login e-mail. A host site's user has none: this is then a placeholder without an `@`, so no e-mail that
   * registration or login accepts can ever equal it (theirs is `host.email`).
   */
  email: string;
  username: string;
  /** Empty for a host site's user, which no password verifies. */
  passwordHash: string;
  isAdmin: boolean;
  createdAt: number;
  displayName: string | null;
  avatarUrl: string | null;
  /** When the user was banned (no sign-in of theirs works), or null. */
  bannedAt: number | null;
  /** The host site's small JSON object about the user; `{}` unless set. */
  data: ProfileData;
  /** Set for users who sign in with the host site's tokens, else null. */
  host: (HostIdentity & { email: string | null }) | null;
  /** When the login e-mail was proved by a verification link; null until then (and for a host site's user). */
  emailVerifiedAt: number | null;
  /** Whether the user gets missed-message e-mails (on unless they turned them off). */
  emailNotifications: boolean;
  /** Whether the user shares read receipts (on unless they turned them off); `receipts.share` sets it. */
  shareReceipts: boolean;
}

/** A change to a user's profile: each field given is set (`null` clears it), each left out is kept. */
export interface ProfilePatch {
  displayName?: string | null;
  avatarUrl?: string | null;
  data?: ProfileData;
}

/** A new account: everything but what the store assigns (the id) or decides later (administrator rights, profile). */
export type NewUser = Pick<UserRecord, 'email' | 'username' | 'passwordHash' | 'createdAt'>;

/** A new user of the host site: who they are there, the username chosen for them, and their profile. */
export interface NewHostUser extends HostIdentity, HostProfile {
  username: string;
  createdAt: number;
}

/**
 * Accounts. E-mail addresses and usernames reach the store already normalised (trimmed and lower-cased by
 * `Accounts`), which is what makes them case-insensitive: the store compares them exactly as given.
 */
export interface UserStore {
  /**
   * Stores a new account, not an administrator, and returns it with its id. Uniqueness is the store's to enforce, so
   * that of two registrations racing for one e-mail or username exactly one succeeds.
   *
   * @throws {IChatError} `email_taken` (field `email`) or `username_taken` (field `username`).
   */
  create(user: NewUser): Promise<UserRecord>;
  /** The user with this id, or undefined. On the path of every socket's `auth`. */
  findById(id: number): Promise<UserRecord | undefined>;
  /** The user with exactly this (normalised) e-mail, or undefined. Never a host site's user. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Finds a user by e-mail (when `login` has an @) or username, both lower-cased already. */
  findByLogin(login: string): Promise<UserRecord | undefined>;
  /** Returns false when no user has that e-mail. */
  setAdmin(email: string, isAdmin: boolean): Promise<boolean>;
  /** The user linked to this host identity (issuer and subject compared exactly), or undefined. */
  findByHostIdentity(identity: HostIdentity): Promise<UserRecord | undefined>;
  /**
   * Stores a new user linked to a host identity, with no password and no login e-mail, and returns it with
   * `created: true`. Exactly one user is ever linked to an identity: when one already is (two first sign-ins racing),
   * that user is returned as it is with `created: false`, and nothing is stored.
   *
   * @throws {IChatError} `username_taken` (field `username`), so the caller can try another name.
   */
  createHostUser(user: NewHostUser): Promise<{ user: UserRecord; created: boolean }>;
  /**
   * Changes any user's profile fields, already normalised by the protocol's rules; returns the user as now stored, or
   * undefined when there is no such user.
   */
  updateProfile(id: number, patch: ProfilePatch): Promise<UserRecord | undefined>;
  /** Replaces a host site's user's profile; undefined when no user with this id is linked to a host identity. */
  updateHostProfile(id: number, profile: HostProfile): Promise<UserRecord | undefined>;
  /** Bans the user from `at`, or unbans them with null; undefined when there is no such user. */
  setBanned(id: number, at: number | null): Promise<UserRecord | undefined>;
}
