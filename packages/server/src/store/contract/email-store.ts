// The e-mail part of the store contract: link tokens, the missed-message bookkeeping, and the outbox of mail to send.

/** What a link from an e-mail is for. */
export type LinkPurpose = 'verify' | 'reset';

/** What kind of e-mail a queued one is. */
export type MailKind = LinkPurpose | 'digest';

/** A rendered e-mail, ready to queue. */
export interface NewMail {
  kind: MailKind;
  userId: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe for missed-message mail). */
  headers: Readonly<Record<string, string>>;
}

/** A queued e-mail that is due. */
export interface DueMail extends NewMail {
  id: number;
  createdAt: number;
  attempts: number;
}

/** A new link token, stored as its keyed hash, and the mail that carries the token. */
export interface NewLink {
  tokenHash: string;
  userId: number;
  purpose: LinkPurpose;
  /** The address the link goes to. */
  email: string;
  createdAt: number;
  expiresAt: number;
}

/** A used link: whose it was, and the address it was sent to. */
export interface UsedLink {
  userId: number;
  email: string;
}

/**
 * A member with messages from others that they have not read and no missed-message e-mail has covered yet, and where
 * to write to them: their verified login address, or (when the site allows it) the address of their host sign-in.
 */
export interface DigestCandidate {
  userId: number;
  roomId: number;
  address: string;
  /** When the oldest such message arrived. */
  oldestAt: number;
  /** The room's last seq: what an e-mail about the room covers. */
  lastSeq: number;
  /** The member's read marker and how far earlier e-mails covered the room: the e-mail lists messages after both. */
  fromSeq: number;
}

/** One unread message as a missed-message e-mail shows it. */
export interface DigestMessage {
  seq: number;
  sender: string;
  text: string;
  createdAt: number;
}

/** A room of a missed-message e-mail: how it is named for this member, and its unread messages. */
export interface DigestRoom {
  roomId: number;
  title: string;
  /** The newest unread messages, oldest first, at most the limit asked for. */
  messages: DigestMessage[];
  /** How many unread messages there are in all (more than `messages` holds when the limit cut them). */
  unread: number;
  /** How many of them mention the user. */
  mentioned: number;
}

/** The messages of a room that a missed-message e-mail is about: seqs after `fromSeq`, up to `toSeq`. */
export interface DigestRange {
  roomId: number;
  fromSeq: number;
  toSeq: number;
  /** Only the messages that mention the user (a room they muted). */
  mentionsOnly?: boolean;
}

/** What a missed-message e-mail covers: up to which seq of each room. */
export interface DigestCoverage {
  roomId: number;
  seq: number;
}

/**
 * E-mail. Every write that decides on an e-mail queues it in the same transaction (a link's token with the mail that
 * carries it; a missed-message e-mail with the seqs it covers), so a crash loses or doubles neither.
 */
export interface EmailStore {
  /**
   * Stores a link token and queues its e-mail, in one transaction. Earlier links of the same purpose for the user stop
   * working: only the newest reset or verification link is live.
   */
  issueLink(link: NewLink, mail: NewMail, now: number): Promise<void>;
  /**
   * Marks the address verified with a verification token: undefined when the token is unknown, used, expired, or was
   * sent to an address the account no longer has. The token is spent either way.
   */
  verify(tokenHash: string, now: number): Promise<UsedLink | undefined>;
  /**
   * Sets a new password with a reset token, forgets every session token of the account and every other reset link,
   * and (the link proved the address) marks the address verified, all in one transaction. Answers the revoked session
   * token hashes, so their sockets can be closed; undefined when the token is unknown, used or expired.
   */
  resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<{ userId: number; revoked: string[] } | undefined>;
  /**
   * Turns the user's missed-message e-mails on or off; false when there is no such user. Turning them on from off marks
   * every room's messages so far as told of, in the same transaction: what arrived while e-mail was off is never mailed.
   */
  setNotifications(userId: number, on: boolean): Promise<boolean>;

  /**
   * Members with uncovered unread messages from others in a room: not banned, with e-mail on, and an address (verified,
   * or the host sign-in's when `hostUsers`). Only users with at least one room whose oldest such message arrived at or
   * before `arrivedBy` are listed, but with all their rooms, so that one e-mail can tell of every room.
   */
  digestCandidates(arrivedBy: number, hostUsers: boolean, limit: number): Promise<DigestCandidate[]>;
  /**
   * The rooms of a missed-message e-mail for `userId`: each room's unread messages from others after `fromSeq` and up
   * to `toSeq` (what the e-mail will be recorded as covering), the newest `perRoom` of them, and how many mention the
   * user; for a range `mentionsOnly`, those that mention the user alone.
   */
  digestRooms(userId: number, rooms: readonly DigestRange[], perRoom: number): Promise<DigestRoom[]>;
  /**
   * Records that `covered` needs no further e-mail up to each seq and, in the same transaction, queues `mail` (absent
   * when nothing is to be sent, as for muted rooms). Coverage only moves forward.
   */
  recordDigest(userId: number, covered: readonly DigestCoverage[], mail: NewMail | undefined, now: number): Promise<void>;

  /** Up to `limit` queued e-mails due at `now`, longest due first, none listed in `skip` (those being sent). */
  due(now: number, limit: number, skip: ReadonlySet<number>): Promise<DueMail[]>;
  /** The e-mail was accepted by the SMTP server: done, and its body forgotten. */
  sent(id: number, now: number): Promise<void>;
  /** A failed attempt: tried again at `nextAttemptAt`, or given up on (and its body forgotten) without one. */
  attemptFailed(id: number, error: string, now: number, nextAttemptAt: number | undefined): Promise<void>;
  /** Deletes sent and failed e-mails finished before `before`; returns how many. */
  prune(before: number): Promise<number>;
  /** How many e-mails wait to be sent. */
  pendingCount(): Promise<number>;
}
