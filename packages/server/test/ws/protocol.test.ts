// The socket protocol: authentication first and only, typed errors for malformed frames, and the auth timeout.

import { PROTOCOL_VERSION } from '@ichat/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TestServer, uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('frames');

describe('authentication', () => {
  it('answers auth with the protocol version, the user and the limits', async () => {
    const user = await env.server.register('ready');
    const client = await env.server.connect();
    const ready = await client.auth(user.token);
    expect(ready).toMatchObject({
      protocol: PROTOCOL_VERSION,
      user: { id: user.id, email: user.email, username: user.username, isAdmin: false },
      limits: { maxFrameBytes: 64 * 1024, maxTextLength: 4000, messagesPerSecond: 20, messageBurst: 40 },
    });
    expect(Math.abs(ready.serverTime - Date.now())).toBeLessThan(5000);
  });

  it('accepts nothing but auth before it, and keeps the socket open for the auth to follow', async () => {
    const user = await env.server.register('early');
    const client = await env.server.connect();
    for (const refusal of [
      await client.refused('ping', {}),
      await client.refused('chats.list', {}),
      await client.refused('message.send', { roomId: 1, clientMsgId: 'x', text: 'sneaky' }),
    ]) {
      expect(refusal.code).toBe('unauthorized');
    }
    await client.auth(user.token);
    await client.sync();
  });

  it('refuses a bad token and closes the socket with 4001', async () => {
    const client = await env.server.connect();
    expect(await client.refused('auth', { token: 'not-a-token' })).toMatchObject({ code: 'unauthorized' });
    expect(await client.closedWithin()).toMatchObject({ code: 4001 });
  });

  it('refuses a second auth on the same socket', async () => {
    const user = await env.server.register('twice');
    const client = await env.server.signIn(user);
    expect(await client.refused('auth', { token: user.token })).toMatchObject({ code: 'bad_request' });
    await client.sync();
  });

  it('closes a socket that does not authenticate in time with 4002, but not one that did', async () => {
    const server = await TestServer.start({ 'auth-timeout-ms': '150' });
    onTestFinished(() => server.dispose());
    const user = await server.register('slowpoke');
    const authed = await server.signIn(user);
    const idle = await server.connect();
    expect(await idle.closedWithin()).toEqual({ code: 4002, reason: 'auth_timeout' });
    await authed.sync();
  });
});

describe('malformed frames', () => {
  it.each([
    ['invalid JSON', '{"type":', null, undefined],
    ['a JSON array', '[1,2]', null, undefined],
    ['an unknown type', '{"type":"message.shout","id":"u1"}', 'u1', 'type'],
    ['a missing id', '{"type":"ping"}', null, 'id'],
    ['a missing field', '{"type":"message.send","id":"m1","clientMsgId":"c","text":"hi"}', 'm1', 'roomId'],
    ['a field of the wrong type', '{"type":"message.send","id":"m2","roomId":"1","clientMsgId":"c","text":"hi"}', 'm2', 'roomId'],
    ['a non-string text', '{"type":"message.send","id":"m3","roomId":1,"clientMsgId":"c","text":42}', 'm3', 'text'],
    ['an over-long clientMsgId', `{"type":"message.send","id":"m4","roomId":1,"clientMsgId":"${'c'.repeat(65)}","text":"hi"}`, 'm4', 'clientMsgId'],
  ])('answers %s with invalid_frame naming the field, and keeps the connection', async (_what, raw, id, field) => {
    const user = await env.server.register(nextName());
    const client = await env.server.signIn(user);
    client.sendRaw(raw);
    const error = await client.uncorrelatedError();
    expect(error.id).toBe(id);
    expect(error.error.code).toBe('invalid_frame');
    expect(error.error.field).toBe(field);
    await client.sync();
  });

  it('answers a binary frame with invalid_frame and keeps the connection', async () => {
    const user = await env.server.register('binary');
    const client = await env.server.signIn(user);
    client.sendRaw(Buffer.from(JSON.stringify({ type: 'ping', id: 'b1' })));
    const error = await client.uncorrelatedError();
    expect(error).toMatchObject({ id: null, error: { code: 'invalid_frame' } });
    await client.sync();
  });

  it('drops the connection of a text frame that is not valid UTF-8 without a close frame (1006), and serves the rest', async () => {
    const user = await env.server.register(nextName());
    const client = await env.server.signIn(user);
    const bystander = await env.server.signIn(await env.server.register(nextName()));
    // A text frame whose bytes are not UTF-8: ws sends a Buffer as it is when told the frame is text.
    client.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    // uWebSockets.js closes the TCP connection before the server sees the frame; it cannot send 1002 or 1007 first.
    expect(await client.closedWithin()).toEqual({ code: 1006, reason: '' });
    await bystander.sync();
  });

  it('checks frames before authentication too, without closing the socket', async () => {
    const client = await env.server.connect();
    client.sendRaw('nonsense');
    expect((await client.uncorrelatedError()).error.code).toBe('invalid_frame');
    expect(await client.refused('ping', {})).toMatchObject({ code: 'unauthorized' });
    expect(client.isOpen).toBe(true);
  });
});
