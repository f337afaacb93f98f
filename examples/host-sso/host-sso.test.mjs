// @ts-check
// The site's own pieces, without iChat: its signature check and the token it signs.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { HOST_USERS } from './host-users.mjs';
import { signIChatToken } from './ichat-token.mjs';
import { verifySignature, WebhookLog } from './webhook-receiver.mjs';

const secret = 'whsec-test-secret';
const body = JSON.stringify({ id: 'evt_1', type: 'message.created', data: {} });

/**
 * @param {string} timestamp
 * @param {string} [key]
 */
function sign(timestamp, key = secret) {
  return `v1=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
}

test('a signature made with the secret over "<timestamp>.<body>" is accepted', () => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  assert.equal(verifySignature({ secret, timestamp, signatureHeader: sign(timestamp), body }), true);
  assert.equal(verifySignature({ secret, timestamp, signatureHeader: `v1=${'0'.repeat(64)}, ${sign(timestamp)}`, body }), true);
});

test('a wrong secret, an edited body, an old timestamp or a missing header is refused', () => {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = String(now);
  assert.equal(verifySignature({ secret, timestamp, signatureHeader: sign(timestamp, 'other'), body }), false);
  assert.equal(verifySignature({ secret, timestamp, signatureHeader: sign(timestamp), body: `${body} ` }), false);
  const old = String(now - 3600);
  assert.equal(verifySignature({ secret, timestamp: old, signatureHeader: sign(old), body }), false);
  assert.equal(verifySignature({ secret, timestamp, signatureHeader: undefined, body }), false);
  assert.equal(verifySignature({ secret, timestamp, signatureHeader: 'v1=zz', body }), false);
});

test('a retried delivery is acknowledged again but recorded once', () => {
  const log = new WebhookLog();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = { 'ichat-webhook-id': 'evt_1', 'ichat-timestamp': timestamp, 'ichat-signature': sign(timestamp) };
  assert.equal(log.receive({ secret, headers, body }), 204);
  assert.equal(log.receive({ secret, headers, body }), 204);
  assert.equal(log.events.length, 1);
  assert.equal(log.receive({ secret, headers: { ...headers, 'ichat-signature': sign(timestamp, 'other') }, body }), 401);
  assert.equal(log.refused, 1);
});

test('the token carries the claims iChat reads and expires within minutes', async () => {
  const user = HOST_USERS[0];
  assert.ok(user !== undefined);
  const token = await signIChatToken(user, {
    secret: 'a-shared-secret-of-at-least-32-bytes!!',
    issuer: 'https://shop.example',
    audience: 'ichat',
    avatarBase: 'https://avatars.shop.example/',
  });
  assert.equal(decodeProtectedHeader(token).alg, 'HS256');
  const claims = decodeJwt(token);
  assert.equal(claims.sub, user.id);
  assert.equal(claims.name, user.name);
  assert.equal(claims.picture, `https://avatars.shop.example/${user.avatar}`);
  assert.equal(claims.iss, 'https://shop.example');
  assert.equal(claims.aud, 'ichat');
  const lifetime = (claims.exp ?? 0) - Math.floor(Date.now() / 1000);
  assert.ok(lifetime > 0 && lifetime <= 300, `lifetime ${lifetime}`);
});
