// Reports and the moderation view's routes: the queue keeps evidence, actions run the ordinary code paths (a ban
// closes sockets with 4003), and every action is in the log.

import { CLOSE_CODES, parseAnswer, ROUTES, type RouteSpec } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { createGroup, openDirect, person, sendMany, sendText, type Person } from '../support/chat.js';
import type { HttpResult } from '../support/http.js';
import { uniqueNames, useTestServer } from '../support/test-server.js';

const env = useTestServer();
const nextName = uniqueNames('rep');

function newPerson(): Promise<Person> {
  return person(env.server, nextName());
}

/** A new administrator, made as `ichat-server admin grant` makes one, signed in on one socket. */
async function newAdmin(): Promise<Person> {
  const name = nextName();
  const user = await env.server.register(name);
  await env.server.running.store.users.setAdmin(user.email, true);
  return { user, client: await env.server.signIn(user) };
}

async function adminCall<Result>(spec: RouteSpec<unknown, Result>, token: string, body?: unknown): Promise<Result> {
  const answered: HttpResult = await env.server.http(spec.path, { method: spec.method, token, ...(body === undefined ? {} : { body }) });
  expect(answered.status, answered.text).toBe(spec.status);
  return parseAnswer(spec, answered.body);
}

/** A room of reporter and offender with five messages, the third the offender's bad one. */
async function reportedRoom(): Promise<{ reporter: Person; offender: Person; roomId: number; seq: number }> {
  const reporter = await newPerson();
  const offender = await newPerson();
  const { roomId } = await openDirect(reporter.client, offender.user);
  await sendMany(reporter.client, roomId, 2, 'before');
  const bad = await sendText(offender.client, roomId, 'buy my pills');
  await sendMany(reporter.client, roomId, 2, 'after');
  return { reporter, offender, roomId, seq: bad.seq };
}

describe('reporting a message', () => {
  it('keeps the message and its context as they were, even after the sender edits it', async () => {
    const admin = await newAdmin();
    const { reporter, offender, roomId, seq } = await reportedRoom();
    const { reportId } = await reporter.client.request('message.report', { roomId, seq, reason: 'spam', note: '  ads  ' });
    await admin.client.event('report.created', (event) => event.reportId === reportId);

    await offender.client.request('message.edit', { roomId, seq, text: 'nothing to see' });
    const { reports } = await adminCall(ROUTES.adminReports, admin.user.token);
    const report = reports.find((item) => item.id === reportId);
    expect(report).toMatchObject({ reason: 'spam', note: 'ads', status: 'open', reporter: { id: reporter.user.id }, sender: { id: offender.user.id } });
    expect(report?.message.text).toBe('buy my pills');
    expect(report?.context.map((message) => message.text)).toEqual(['before1', 'before2', 'buy my pills', 'after1', 'after2']);
  });

  it('keeps one open report per reporter and message', async () => {
    const { reporter, roomId, seq } = await reportedRoom();
    const reportsBefore = env.server.db.count('reports');
    const first = await reporter.client.request('message.report', { roomId, seq, reason: 'spam' });
    const again = await reporter.client.request('message.report', { roomId, seq, reason: 'harassment' });
    expect(again.reportId).toBe(first.reportId);
    expect(env.server.db.count('reports')).toBe(reportsBefore + 1);
  });

  it('refuses own messages, rooms one is not in, missing messages, and "other" without a note', async () => {
    const { reporter, offender, roomId, seq } = await reportedRoom();
    const outsider = await newPerson();
    expect(await offender.client.refused('message.report', { roomId, seq, reason: 'spam' })).toMatchObject({ code: 'validation_failed', field: 'seq' });
    expect(await outsider.client.refused('message.report', { roomId, seq, reason: 'spam' })).toMatchObject({ code: 'forbidden', field: 'roomId' });
    expect(await reporter.client.refused('message.report', { roomId, seq: 999, reason: 'spam' })).toMatchObject({ code: 'not_found', field: 'seq' });
    expect(await reporter.client.refused('message.report', { roomId, seq, reason: 'other', note: '  ' })).toMatchObject({
      code: 'validation_failed',
      field: 'note',
    });
  });
});

describe('the moderation routes', () => {
  it('are for administrators only', async () => {
    const user = await newPerson();
    expect((await env.server.http(ROUTES.adminReports.path, { token: user.user.token })).status).toBe(403);
    expect((await env.server.http(ROUTES.adminModerationLog.path)).status).toBe(401);
    const post = await env.server.http(ROUTES.adminModerate.path, { token: user.user.token, body: { action: 'ban', userId: user.user.id } });
    expect(post.status).toBe(403);
  });

  it('bans the reported sender: their sockets close with 4003 at once, the report closes, the log names who did it', async () => {
    const admin = await newAdmin();
    const { reporter, offender, roomId, seq } = await reportedRoom();
    const secondTab = await env.server.signIn(offender.user);
    const { reportId } = await reporter.client.request('message.report', { roomId, seq, reason: 'spam' });

    const { entry } = await adminCall(ROUTES.adminModerate, admin.user.token, { action: 'ban', userId: offender.user.id, reportId });
    expect(entry).toMatchObject({ action: 'ban', admin: { id: admin.user.id }, target: { id: offender.user.id }, reportId });
    for (const tab of [offender.client, secondTab]) expect(await tab.closedWithin()).toEqual({ code: CLOSE_CODES.banned, reason: 'banned' });
    expect((await env.server.http(ROUTES.me.path, { token: offender.user.token })).status).toBe(401);
    const login = await env.server.http(ROUTES.login.path, { body: { email: offender.user.email, password: offender.user.password } });
    expect(login.body).toMatchObject({ error: { code: 'banned' } });
    await admin.client.event('moderation.action', (event) => event.entryId === entry.id);

    const { reports } = await adminCall(ROUTES.adminReports, admin.user.token);
    expect(reports.find((item) => item.id === reportId)).toMatchObject({ status: 'resolved', closedBy: 'ban', senderBanned: true });
    const { entries } = await adminCall(ROUTES.adminModerationLog, admin.user.token);
    expect(entries[0]).toMatchObject({ id: entry.id, action: 'ban', createdAt: expect.any(Number) });

    await adminCall(ROUTES.adminModerate, admin.user.token, { action: 'unban', userId: offender.user.id });
    const again = await env.server.http(ROUTES.login.path, { body: { email: offender.user.email, password: offender.user.password } });
    expect(again.status).toBe(200);
  });

  it('deletes the reported message as a tombstone the room sees, closing every report of it', async () => {
    const admin = await newAdmin();
    const { reporter, offender, roomId, seq } = await reportedRoom();
    const { reportId } = await reporter.client.request('message.report', { roomId, seq, reason: 'spam' });
    await adminCall(ROUTES.adminModerate, admin.user.token, { action: 'delete_message', roomId, seq });
    const updated = await offender.client.event('message.updated', (event) => event.message.seq === seq);
    expect(updated.message).toMatchObject({ deleted: true, text: '' });
    const { reports } = await adminCall(ROUTES.adminReports, admin.user.token);
    expect(reports.find((item) => item.id === reportId)).toMatchObject({ status: 'resolved', closedBy: 'delete_message', message: { text: 'buy my pills' } });
  });

  it('removes a member from a group, and refuses a direct room', async () => {
    const admin = await newAdmin();
    const owner = await newPerson();
    const member = await newPerson();
    const group = await createGroup(owner.client, 'club', [member.user]);
    await adminCall(ROUTES.adminModerate, admin.user.token, { action: 'remove_member', roomId: group.roomId, userId: member.user.id });
    expect((await member.client.event('chat.removed')).roomId).toBe(group.roomId);

    const { roomId } = await openDirect(owner.client, member.user);
    const refused = await env.server.http(ROUTES.adminModerate.path, {
      token: admin.user.token,
      body: { action: 'remove_member', roomId, userId: member.user.id },
    });
    expect(refused.status).toBe(403);
  });

  it('dismisses a report once, and says what is missing from an action', async () => {
    const admin = await newAdmin();
    const { reporter, roomId, seq } = await reportedRoom();
    const { reportId } = await reporter.client.request('message.report', { roomId, seq, reason: 'hate' });
    await adminCall(ROUTES.adminModerate, admin.user.token, { action: 'dismiss', reportId });
    const twice = await env.server.http(ROUTES.adminModerate.path, { token: admin.user.token, body: { action: 'dismiss', reportId } });
    expect(twice.body).toMatchObject({ error: { code: 'validation_failed', field: 'reportId' } });
    const missing = await env.server.http(ROUTES.adminModerate.path, { token: admin.user.token, body: { action: 'ban' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'bad_request', field: 'userId' } });
    // A dismissed report is closed, so the same reporter may report the message again.
    const fresh = await reporter.client.request('message.report', { roomId, seq, reason: 'hate' });
    expect(fresh.reportId).not.toBe(reportId);
  });
});
