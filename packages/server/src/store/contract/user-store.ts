// The accounts part of the store contract: user records, found by id, e-mail or username.

/** A user row, with what only the server may see. */
export interface UserRecord {
  id: number;
  email: string;
  username: string;
  passwordHash: string;
  isAdmin: boolean;
  createdAt: number;
}

/** A new account: everything but what the store assigns (the id) or decides later (administrator rights). */
export type NewUser = Omit<UserRecord, 'id' | 'isAdmin'>;

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
  /** The user with exactly this (normalised) e-mail, or undefined. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Finds a user by e-mail (when `login` has an @) or username, both lower-cased already. */
  findByLogin(login: string): Promise<UserRecord | undefined>;
  /** Returns false when no user has that e-mail. */
  setAdmin(email: string, isAdmin: boolean): Promise<boolean>;
}
