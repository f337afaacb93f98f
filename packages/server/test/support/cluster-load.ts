// Steady chat through a cluster for the process-level suites: four SDK clients in a direct and a group room, sending
// without pause until stopped, then every guarantee checked against what PostgreSQL holds.

import { createClient, memoryStorage, type IChatClient, type Message } from '@ichat/sdk';
import pg from 'pg';
import WebSocket from 'ws';
import { expect, onTestFinished } from 'vitest';
import { seqsUpTo } from './cluster-chat.js';
import { eventually, sleep, within } from './wait.js';

/** One member's SDK client and what its `message` listener saw, per room, in arrival order. */
interface Member {
  readonly name: string;
  readonly client: IChatClient;
  readonly received: Map<number, Message[]>;
  /** How often the client caught up after a reconnect (`resumed`). */
  resumes: number;
}

function member(url: string, name: string): Member {
  const client = createClient({ url, WebSocket, storage: memoryStorage() });
  onTestFinished(() => client.close());
  const received = new Map<number, Message[]>();
  client.on('message', (message) => {
    const list = received.get(message.roomId) ?? [];
    list.push(message);
    received.set(message.roomId, list);
  });
  const state: Member = { name, client, received, resumes: 0 };
  client.on('resumed', () => (state.resumes += 1));
  return state;
}

/** Rows of a room as PostgreSQL holds them, by seq. */
async function storedMessages(databaseUrl: string, roomId: number): Promise<{ seq: number; text: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ seq: number; text: string }>('select seq, text from messages where room_id = $1 order by seq', [roomId]);
    return result.rows;
  } finally {
    await client.end();
  }
}

/** What a finished run of chat amounted to. */
export interface ChatTally {
  readonly acked: number;
  /** Client reconnects that caught up (`resumed`), over every member. */
  readonly resumes: number;
}

/** Chat under way through `url`; `sent` counts acks so far. */
export class SteadyChat {
  readonly #members: readonly Member[];
  readonly #rooms: readonly { roomId: number; members: readonly Member[] }[];
  readonly #acked: Map<number, Message[]>;
  readonly #senders: Promise<void>[];
  #sending = true;
  sent = 0;

  private constructor(members: readonly Member[], rooms: readonly { roomId: number; members: readonly Member[] }[]) {
    this.#members = members;
    this.#rooms = rooms;
    this.#acked = new Map(rooms.map(({ roomId }) => [roomId, []]));
    // Each member sends into each of its rooms, one message at a time per room, until stopped; each ack is kept.
    this.#senders = rooms.flatMap(({ roomId, members: inRoom }) =>
      inRoom.map(async ({ name, client }) => {
        for (let i = 1; this.#sending; i++) {
          const message = await client.send(roomId, `${name} ${roomId} #${i}`);
          this.#acked.get(roomId)?.push(message);
          this.sent += 1;
          // A short pause keeps the load steady rather than saturating the two cores the whole run shares.
          await sleep(5);
        }
      }),
    );
    // A sender still waiting when the test fails rejects as its client closes; the failure is reported already.
    for (const sender of this.#senders) sender.catch(() => undefined);
  }

  /** Registers four members through `url`, opens a direct and a group room, and starts sending. */
  static async start(url: string): Promise<SteadyChat> {
    const members = ['ada', 'grace', 'alan', 'edsger'].map((name) => member(url, name));
    const suffix = Date.now().toString(36);
    for (const { name, client } of members) {
      await client.register({ email: `${name}${suffix}@example.com`, username: `${name}${suffix}`, password: 'correct horse battery' });
    }
    await Promise.all(members.map(({ client }) => client.whenSynced()));
    const [ada, grace] = members as [Member, Member, Member, Member];
    const direct = await ada.client.openDirect(`grace${suffix}`);
    const group = await grace.client.createGroup('crew', members.slice(2).map(({ name }) => `${name}${suffix}`).concat(`ada${suffix}`));
    return new SteadyChat(members, [
      { roomId: direct.roomId, members: [ada, grace] },
      { roomId: group.roomId, members },
    ]);
  }

  /** Resolves once more messages than now have been acked: chat goes on. */
  async whenMoreAcked(what: string, ms = 30_000): Promise<void> {
    const before = this.sent;
    await eventually(() => Promise.resolve(this.sent > before ? true : undefined), what, ms);
  }

  /**
   * Stops sending, waits for the last acks, and checks every guarantee against PostgreSQL: each acked message stored
   * once with its seq, seqs from one without a gap, nothing stored that was not acked, and every member received
   * exactly what is stored, every seq once and in order.
   */
  async finish(databaseUrl: string): Promise<ChatTally> {
    this.#sending = false;
    // A send still unacked here would be a message the cluster lost between a client and the store.
    await within(Promise.all(this.#senders), 'the last sends to be acked', 30_000).catch((error: unknown) => {
      const states = this.#members.map(({ name, client }) => `${name}: ${client.state}, ${client.pending.length} pending`);
      throw new Error(`${String(error)} (${states.join('; ')})`);
    });
    for (const { roomId, members: inRoom } of this.#rooms) {
      const stored = await storedMessages(databaseUrl, roomId);
      const ackedHere = this.#acked.get(roomId) ?? [];
      expect(stored.map((row) => row.seq)).toEqual(seqsUpTo(stored.length));
      expect(new Set(stored.map((row) => row.text)).size).toBe(stored.length);
      expect(ackedHere.map((m) => [m.seq, m.text]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(stored.map((row) => [row.seq, row.text]));
      for (const { name, received } of inRoom) {
        await eventually(
          () => Promise.resolve((received.get(roomId)?.length ?? 0) >= stored.length ? true : undefined),
          `${name} to receive ${stored.length} messages of room ${roomId}`,
          30_000,
        );
        const got = received.get(roomId) ?? [];
        expect(got.map((m) => [m.seq, m.text]), `${name} in room ${roomId}`).toEqual(stored.map((row) => [row.seq, row.text]));
      }
    }
    return { acked: this.sent, resumes: this.#members.reduce((total, { resumes }) => total + resumes, 0) };
  }
}
