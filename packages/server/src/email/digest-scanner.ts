// Missed-message e-mails: a periodic scan decides who is owed one (unread messages from others, not covered by an
// earlier e-mail, old enough) and queues one e-mail per user with every such room, recording what it covers in the
// same transaction, so a crash between deciding and sending neither loses nor repeats an e-mail.

import type { DigestCandidate, DigestCoverage, EmailStore } from '../store/contract/store.js';
import { digestMail } from './compose.js';
import { oneClickUnsubscribeLink, pageLink, unsubscribeToken } from './links.js';

/**
 * Who has a live connection. The hub answers for this process; with several nodes this becomes a lookup in the shared
 * presence (hence a promise), and nothing else here changes.
 */
export interface OnlineCheck {
  isOnline(userId: number): Promise<boolean>;
}

/**
 * Whether a member muted a room: of a muted room only the messages that mention the member are e-mailed, and its
 * other messages never are, not even once it is unmuted.
 */
export type MuteCheck = (userId: number, roomId: number) => Promise<boolean>;

export interface DigestScannerOptions {
  /** A user with no connection is e-mailed once their oldest uncovered unread message is this old. */
  offlineDelayMs: number;
  /** A connected user is e-mailed about a room once its oldest uncovered unread message is this old. */
  unreadDelayMs: number;
  /** Whether host site users are e-mailed at their token's address. */
  hostUsers: boolean;
  publicUrl: string;
  /** Where "open the chat" goes. */
  chatUrl: string;
  /** Signs unsubscribe links. */
  secret: string;
  /** How long an unsubscribe link works. */
  unsubscribeTtlMs: number;
}

export interface DigestScannerEvents {
  /** A scan failed; the next one tries again (nothing was recorded for what failed). */
  error(cause: unknown): void;
}

/** Candidate rows read per scan: a backlog is worked off over a few scans rather than in one long transaction. */
const CANDIDATES_PER_SCAN = 2000;
/** Messages shown per room; the rest are counted ("… 12 earlier"). */
const MESSAGES_PER_ROOM = 10;
/** Scans run a few times per delay, so an e-mail goes out soon after its delay, and at least every 30 seconds. */
const MAX_SCAN_MS = 30_000;
const MIN_SCAN_MS = 200;

export class DigestScanner {
  readonly #store: EmailStore;
  readonly #online: OnlineCheck;
  readonly #isMuted: MuteCheck;
  readonly #options: DigestScannerOptions;
  readonly #events: DigestScannerEvents;
  readonly #scanMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(store: EmailStore, online: OnlineCheck, isMuted: MuteCheck, options: DigestScannerOptions, events: DigestScannerEvents) {
    this.#store = store;
    this.#online = online;
    this.#isMuted = isMuted;
    this.#options = options;
    this.#events = events;
    const shortest = Math.min(options.offlineDelayMs, options.unreadDelayMs);
    this.#scanMs = Math.max(MIN_SCAN_MS, Math.min(MAX_SCAN_MS, Math.floor(shortest / 4)));
  }

  start(): void {
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.scan(Date.now())
        .catch((error: unknown) => this.#events.error(error))
        .finally(() => {
          this.#running = undefined;
          this.#schedule();
        });
    }, this.#scanMs);
  }

  /** One scan at `now`: queues every e-mail that is due. */
  async scan(now: number): Promise<void> {
    const { offlineDelayMs, unreadDelayMs, hostUsers } = this.#options;
    const candidates = await this.#store.digestCandidates(now - Math.min(offlineDelayMs, unreadDelayMs), hostUsers, CANDIDATES_PER_SCAN);
    const byUser = new Map<number, DigestCandidate[]>();
    for (const candidate of candidates) byUser.set(candidate.userId, [...(byUser.get(candidate.userId) ?? []), candidate]);
    for (const [userId, rooms] of byUser) {
      const delay = (await this.#online.isOnline(userId)) ? unreadDelayMs : offlineDelayMs;
      // Batched: once one room is due, the e-mail tells of every room with news, so the next ones do not follow it.
      if (rooms.some((room) => room.oldestAt <= now - delay)) await this.#queue(userId, rooms, now);
    }
  }

  async #queue(userId: number, rooms: readonly DigestCandidate[], now: number): Promise<void> {
    const covered: DigestCoverage[] = rooms.map((room) => ({ roomId: room.roomId, seq: room.lastSeq }));
    const muted = new Set<number>();
    for (const room of rooms) if (await this.#isMuted(userId, room.roomId)) muted.add(room.roomId);
    const address = rooms[0]?.address;
    // Of a muted room, only the messages that mention the user are told of, and the room only if there are any.
    const read = await this.#store.digestRooms(
      userId,
      rooms.map((room) => ({ roomId: room.roomId, fromSeq: room.fromSeq, toSeq: room.lastSeq, mentionsOnly: muted.has(room.roomId) })),
      MESSAGES_PER_ROOM,
    );
    const digestRooms = read.filter((room) => room.unread > 0);
    if (digestRooms.length === 0 || address === undefined) {
      // Only muted rooms: recorded as covered, so they stop being candidates and are not e-mailed once unmuted.
      await this.#store.recordDigest(userId, covered, undefined, now);
      return;
    }
    const { publicUrl, chatUrl, secret, unsubscribeTtlMs } = this.#options;
    const token = unsubscribeToken(secret, userId, now + unsubscribeTtlMs);
    const oneClick = oneClickUnsubscribeLink(publicUrl, token);
    const content = digestMail(digestRooms, { chat: chatUrl, unsubscribe: pageLink(publicUrl, 'unsubscribe', token) });
    await this.#store.recordDigest(
      userId,
      covered,
      {
        kind: 'digest',
        userId,
        to: address,
        ...content,
        headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      },
      now,
    );
  }
}
