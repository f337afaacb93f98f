// Profiles through the SDK against a real server: updateProfile, and `user.updated` applied to the chat list, to
// `client.user` on the user's other devices, and emitted for apps.

import { describe, expect, it } from 'vitest';
import { IChatError } from '../src/index.js';
import { nextEvent, untilChats, useThreeUsers, type TestClient, type TestUser } from './support/fixtures.js';

describe('profiles', () => {
  const env = useThreeUsers();
  const connect = (user: TestUser): Promise<TestClient> => env.connect(user);

  it('updateProfile answers the stored user and keeps it as client.user', async () => {
    const a = await connect(env.ada);
    const me = await a.client.updateProfile({ displayName: '  Ada  Lovelace ', avatarUrl: 'https://cdn.example.com/ada.png' });
    expect(me).toMatchObject({ id: env.ada.id, email: env.ada.email, displayName: 'Ada Lovelace', avatarUrl: 'https://cdn.example.com/ada.png' });
    expect(a.client.user).toEqual(me);
  });

  it('applies user.updated to the peer and members of every chat and emits it', async () => {
    const a = await connect(env.ada);
    const g = await connect(env.grace);
    const direct = await a.client.openDirect(env.grace.username);
    const group = await g.client.createGroup('Team', [env.ada.username, env.linus.username]);
    await untilChats(g.client, (chats) => chats.some((c) => c.roomId === direct.roomId));
    const updated = nextEvent(g.client, 'user.updated');
    await a.client.updateProfile({ displayName: 'Countess' });
    expect((await updated).user).toMatchObject({ id: env.ada.id, displayName: 'Countess' });
    const chats = g.client.chats;
    expect(chats.find((c) => c.roomId === direct.roomId)?.peer).toMatchObject({ id: env.ada.id, displayName: 'Countess' });
    expect(chats.find((c) => c.roomId === group.roomId)?.members.find((m) => m.id === env.ada.id)?.displayName).toBe('Countess');
    // Only the public fields reach the list, never the e-mail.
    expect(chats.find((c) => c.roomId === direct.roomId)?.peer).not.toHaveProperty('email');
  });

  it('updates client.user on the user\'s other devices', async () => {
    const first = await connect(env.linus);
    const second = await connect(env.linus);
    const updated = nextEvent(second.client, 'user.updated');
    await first.client.updateProfile({ avatarUrl: 'https://cdn.example.com/linus.png' });
    await updated;
    expect(second.client.user).toMatchObject({ id: env.linus.id, email: env.linus.email, avatarUrl: 'https://cdn.example.com/linus.png' });
  });

  it('rejects a bad field with a typed validation_failed naming it', async () => {
    const a = await connect(env.ada);
    const error: unknown = await a.client.updateProfile({ avatarUrl: 'http://cdn.example.com/ada.png' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IChatError);
    expect(error).toMatchObject({ code: 'validation_failed', field: 'avatarUrl' });
  });
});
