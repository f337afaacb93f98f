// Per-user allowances: new groups, new chats with strangers and reports, counted per user across all their sockets.

import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendText, type Person } from '../support/chat.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer({ 'rooms-per-hour': '2', 'stranger-chats-per-hour': '2', 'reports-per-hour': '2' });
const nextName = uniqueNames('lim');

function newPerson(): Promise<Person> {
  return person(env.server, nextName());
}

describe('per-user limits', () => {
  it('refuses a third group in the hour with rate_limited and a wait, whichever socket asks', async () => {
    const ada = await newPerson();
    const other = await env.server.signIn(ada.user);
    await createGroup(ada.client, 'one', []);
    await createGroup(other, 'two', []);
    const refused = await ada.client.refused('room.create_group', { name: 'three', members: [] });
    expect(refused).toMatchObject({ code: 'rate_limited' });
    expect(refused.retryAfterMs).toBeGreaterThan(60_000);
  });

  it('counts only new chats with strangers: existing chats and people met in a group are free', async () => {
    const spammer = await newPerson();
    const [a, b, c, friend] = [await newPerson(), await newPerson(), await newPerson(), await newPerson()];
    await openDirect(spammer.client, a.user);
    await openDirect(spammer.client, b.user);
    expect(await spammer.client.refused('room.open_direct', { with: c.user.username })).toMatchObject({ code: 'rate_limited' });
    // The chat that exists opens again, and someone from a shared group is no stranger.
    await openDirect(spammer.client, a.user);
    await createGroup(friend.client, 'met here', [spammer.user]);
    await openDirect(spammer.client, friend.user);
  });

  it('refuses a third report in the hour', async () => {
    const reporter = await newPerson();
    const sender = await newPerson();
    const { roomId } = await openDirect(reporter.client, sender.user);
    const messages = [await sendText(sender.client, roomId, 'one'), await sendText(sender.client, roomId, 'two'), await sendText(sender.client, roomId, 'three')];
    await reporter.client.request('message.report', { roomId, seq: messages[0]?.seq ?? 0, reason: 'spam' });
    await reporter.client.request('message.report', { roomId, seq: messages[1]?.seq ?? 0, reason: 'spam' });
    expect(await reporter.client.refused('message.report', { roomId, seq: messages[2]?.seq ?? 0, reason: 'spam' })).toMatchObject({
      code: 'rate_limited',
    });
  });
});
