// Wall-clock jumps (an NTP step, a VM resumed, an operator's `date -s`) must not block, unblock or reorder anything:
// rate limits and throttle windows run on the monotonic clock, messages are ordered by seq, never by time.

import { randomUUID } from 'node:crypto';
import { IChatError } from '@ichat/protocol';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { openDirect, person } from '../support/chat.js';
import { apiError } from '../support/http.js';
import { PASSWORD, TestServer } from '../support/test-server.js';
import { sleep } from '../support/wait.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Fakes `Date` alone, in this process, which hosts the server: timers and `performance.now()` stay real, and the
 * fake clock keeps advancing with real time between the jumps a test makes.
 */
function fakeWallClock(): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
}

/** Moves the wall clock by `ms` (negative: backwards). */
function jump(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

afterEach(() => {
  vi.useRealTimers();
});

async function startServer(flags: Record<string, string>): Promise<TestServer> {
  const server = await TestServer.start(flags);
  onTestFinished(() => server.dispose());
  return server;
}

describe('a wall-clock jump', () => {
  it('neither blocks nor refills the per-connection limits, and messages keep contiguous seqs in seq order', async () => {
    // Five messages a second, a burst of five; frames at 20 a second leave room for the reads in between.
    const server = await startServer({ 'messages-per-second': '5', 'message-burst': '5', 'frames-per-second': '20' });
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    const { roomId } = await openDirect(ada.client, bob.user);
    fakeWallClock();
    const send = (): Promise<{ ok: true; seq: number } | { ok: false; code: string }> =>
      ada.client.request('message.send', { roomId, clientMsgId: randomUUID(), text: 'hi' }).then(
        (result) => ({ ok: true as const, seq: result.message.seq }),
        (error: unknown) => ({ ok: false as const, code: error instanceof IChatError ? error.code : String(error) }),
      );

    // The burst, then the limit.
    for (let i = 0; i < 5; i++) expect(await send()).toMatchObject({ ok: true });
    expect(await send()).toEqual({ ok: false, code: 'rate_limited' });

    // An hour back: a wall-clock bucket would see time run backwards and refuse every frame for that hour.
    jump(-HOUR_MS);
    await sleep(450);
    expect((await ada.client.request('history', { roomId, limit: 1 })).messages).toHaveLength(1);
    expect(await send()).toMatchObject({ ok: true });

    // A day forward: a wall-clock bucket would refill to its full burst at once. Only what real time earned is there.
    jump(DAY_MS);
    const afterForward = [];
    for (let i = 0; i < 5; i++) afterForward.push(await send());
    expect(afterForward.filter((outcome) => outcome.ok).length).toBeLessThanOrEqual(2);
    expect(afterForward.at(-1)).toEqual({ ok: false, code: 'rate_limited' });

    // Back again, and the sustained rate is what was configured: one more after a fifth of a second or so.
    jump(-DAY_MS - HOUR_MS);
    await sleep(450);
    expect(await send()).toMatchObject({ ok: true });

    // Seqs, not times, order messages: contiguous, in seq order, although createdAt went back and forth.
    const history = (await ada.client.request('history', { roomId, limit: 50 })).messages;
    const seqs = history.map((message) => message.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(server.db.messages(roomId).map((row) => row.seq)).toEqual(seqs);
    const createdAt = history.map((message) => message.createdAt);
    expect(createdAt.some((time, i) => i > 0 && time < (createdAt[i - 1] ?? 0))).toBe(true);
    const chat = (await bob.client.request('chats.list', {})).chats.find((entry) => entry.roomId === roomId);
    expect(chat?.lastMessage?.seq).toBe(seqs.at(-1));
  });

  it('does not stretch a login throttle window when it goes back an hour', async () => {
    const server = await startServer({ 'login-max-failures': '2', 'login-window-seconds': '1' });
    const ada = await server.register('clockada');
    const wrong = { email: ada.email, password: `${PASSWORD}!` };
    fakeWallClock();
    for (let i = 0; i < 2; i++) expect((await server.http('/api/v1/auth/login', { body: wrong })).status).toBe(401);
    const limited = await server.http('/api/v1/auth/login', { body: wrong });
    expect(limited.status).toBe(429);
    const retryAfterMs = apiError(limited).retryAfterMs ?? Number.POSITIVE_INFINITY;
    expect(retryAfterMs).toBeLessThanOrEqual(1000);

    jump(-HOUR_MS);
    // Still limited right after the jump, for no longer than the window that was left.
    const stillLimited = await server.http('/api/v1/auth/login', { body: wrong });
    if (stillLimited.status === 429) expect(apiError(stillLimited).retryAfterMs ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(1000);
    await sleep(retryAfterMs + 100);
    expect((await server.http('/api/v1/auth/login', { body: wrong })).status).toBe(401);
    expect((await server.http('/api/v1/auth/login', { body: { email: ada.email, password: PASSWORD } })).status).toBe(200);
  });
});
