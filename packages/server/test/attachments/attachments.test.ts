// Uploads, messages that carry them, and signed downloads, against a real server over HTTP and WebSocket.

import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGroup, openDirect, person } from '../support/chat.js';
import { TestServer } from '../support/test-server.js';
import { errorCode, fetchPath, HTML, PDF, photoWithLocation, png, storedFiles, SVG, upload, uploadedId } from './fixtures.js';

async function started(flags: Record<string, string> = {}): Promise<TestServer> {
  const server = await TestServer.start(flags);
  onTestFinished(() => server.dispose());
  return server;
}

describe('uploads', () => {
  it('stores a photo without its EXIF and GPS, upright and sized, with a WebP thumbnail', async () => {
    const server = await started();
    const ada = await person(server, 'ada');
    const photo = await photoWithLocation();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(photo.includes('SECRET-ARTIST')).toBe(true);

    const answer = await upload(server, ada.user.token, photo, 'image/jpeg', 'holiday.jpg');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      attachment: { name: 'holiday.jpg', type: 'image/jpeg', width: 640, height: 480, thumbnail: true },
    });
    const id = uploadedId(answer);
    const [link] = (await ada.client.request('attachment.links', { ids: [id] })).links;
    const file = await fetchPath(server, link?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="holiday.jpg"/);
    const stored = await sharp(file.bytes).metadata();
    expect(stored.exif).toBeUndefined();
    expect(file.bytes.includes('SECRET-ARTIST')).toBe(false);
    expect([stored.width, stored.height]).toEqual([640, 480]);

    const thumbnail = await fetchPath(server, link?.thumbnailUrl ?? '');
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const small = await sharp(thumbnail.bytes).metadata();
    expect([small.format, small.width, small.height]).toEqual(['webp', 320, 240]);
  });

  it('refuses a file whose bytes are not its declared type, and keeps nothing of it', async () => {
    const server = await started();
    const ada = await person(server, 'ada');
    const spoofed = await upload(server, ada.user.token, HTML, 'image/png', 'cat.png');
    expect(spoofed.status).toBe(415);
    expect(errorCode(spoofed)).toBe('attachment_type_not_allowed');
    const binary = await upload(server, ada.user.token, Buffer.from([0, 1, 2, 3, 0, 0, 7]), 'application/octet-stream');
    expect(errorCode(binary)).toBe('attachment_type_not_allowed');
    // A JPEG's first bytes followed by anything else is not an image, whatever its signature says.
    const broken = await upload(server, ada.user.token, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg');
    expect(errorCode(broken)).toBe('attachment_type_not_allowed');
    expect(storedFiles(server.dir)).toEqual([]);
    expect(server.db.count('attachments')).toBe(0);
  });

  it('refuses an upload over the size limit with attachment_too_large, and keeps nothing of it', async () => {
    const server = await started({ 'max-attachment-bytes': '2048' });
    const ada = await person(server, 'ada');
    const answer = await upload(server, ada.user.token, Buffer.alloc(4096, 'a'), 'text/plain', 'big.txt');
    expect(answer.status).toBe(413);
    expect(errorCode(answer)).toBe('attachment_too_large');
    expect(storedFiles(server.dir)).toEqual([]);
    expect(server.db.count('attachments')).toBe(0);
    // At the limit it is taken, and the limit is announced to clients.
    expect((await upload(server, ada.user.token, Buffer.alloc(2048, 'a'), 'text/plain')).status).toBe(201);
    const fresh = await server.connect();
    expect((await fresh.request('auth', { token: ada.user.token })).limits.maxAttachmentBytes).toBe(2048);
  });

  it('refuses uploads without a valid token', async () => {
    const server = await started();
    const answer = await upload(server, 'not-a-token', PDF, 'application/pdf');
    expect(answer.status).toBe(401);
    expect(storedFiles(server.dir)).toEqual([]);
  });

  it('keeps one file for the same bytes uploaded twice', async () => {
    const server = await started();
    const ada = await person(server, 'ada');
    await upload(server, ada.user.token, PDF, 'application/pdf', 'a.pdf');
    await upload(server, ada.user.token, PDF, 'application/pdf', 'b.pdf');
    expect(server.db.count('attachments')).toBe(2);
    expect(storedFiles(server.dir)).toHaveLength(1);
  });
});

describe('messages with attachments', () => {
  it('sends files with a message (text optional), durably and idempotently, and members see them', async () => {
    const server = await started();
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    const { roomId } = await openDirect(ada.client, bob.user);
    const id = uploadedId(await upload(server, ada.user.token, await png(), 'image/png', 'dot.png'));
    const sent = await ada.client.request('message.send', { roomId, clientMsgId: 'c1', text: '', attachments: [id] });
    expect(sent.duplicate).toBe(false);
    expect(sent.message.attachments).toEqual([
      { id, name: 'dot.png', type: 'image/png', size: expect.any(Number), width: 32, height: 16, thumbnail: true },
    ]);
    const event = await bob.client.event('message');
    expect(event.message.attachments?.[0]?.id).toBe(id);
    const again = await ada.client.request('message.send', { roomId, clientMsgId: 'c1', text: '', attachments: [id] });
    expect(again).toEqual({ message: sent.message, duplicate: true });
    expect((await bob.client.request('history', { roomId })).messages[0]?.attachments?.[0]?.id).toBe(id);

    // Bob reads it through a link signed for him.
    const [link] = (await bob.client.request('attachment.links', { ids: [id] })).links;
    expect((await fetchPath(server, link?.url ?? '')).status).toBe(200);
  });

  it("refuses a message with someone else's upload, and an empty message without files", async () => {
    const server = await started();
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    const { roomId } = await openDirect(ada.client, bob.user);
    const bobs = uploadedId(await upload(server, bob.user.token, PDF, 'application/pdf'));
    const theft = await ada.client.refused('message.send', { roomId, clientMsgId: 'x', text: 'mine', attachments: [bobs] });
    expect(theft).toMatchObject({ code: 'validation_failed', field: 'attachments' });
    expect(await ada.client.refused('message.send', { roomId, clientMsgId: 'y', text: ' ', attachments: [] })).toMatchObject({
      code: 'validation_failed',
    });
    // No link for another user's unsent upload either.
    expect((await ada.client.request('attachment.links', { ids: [bobs] })).links).toEqual([]);
  });
});

describe('downloads', () => {
  async function sharedFile(server: TestServer, bytes: Buffer, type: string, name: string) {
    const ada = await person(server, 'ada');
    const bob = await person(server, 'bob');
    const cy = await person(server, 'cyd');
    const chat = await createGroup(ada.client, 'Team', [bob.user]);
    const id = uploadedId(await upload(server, ada.user.token, bytes, type, name));
    await ada.client.request('message.send', { roomId: chat.roomId, clientMsgId: 'f', text: 'file', attachments: [id] });
    return { ada, bob, cy, roomId: chat.roomId, id };
  }

  it('serves SVG and HTML only as inert downloads', async () => {
    const server = await started();
    const ada = await person(server, 'ada');
    for (const [bytes, type, name] of [[SVG, 'image/svg+xml', 'logo.svg'], [HTML, 'text/html', 'page.html']] as const) {
      const id = uploadedId(await upload(server, ada.user.token, bytes, type, name));
      const [link] = (await ada.client.request('attachment.links', { ids: [id] })).links;
      expect(link?.thumbnailUrl).toBeNull();
      const file = await fetchPath(server, link?.url ?? '');
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(type);
      expect(file.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${name}"`));
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(file.headers.get('content-security-policy')).toContain('sandbox');
      expect(file.bytes.equals(bytes)).toBe(true);
    }
  });

  it('gives non-members no link, and refuses them a link signed for a member', async () => {
    const server = await started();
    const { bob, cy, id } = await sharedFile(server, PDF, 'application/pdf', 'plan.pdf');
    expect((await cy.client.request('attachment.links', { ids: [id] })).links).toEqual([]);
    const [link] = (await bob.client.request('attachment.links', { ids: [id] })).links;
    const url = new URL(link?.url ?? '', server.url);
    // The same link claimed for cy: the signature was for bob.
    url.searchParams.set('u', String(cy.user.id));
    const forged = await fetchPath(server, url.pathname + url.search);
    expect(forged.status).toBe(400);
    expect(errorCode(forged)).toBe('invalid_link');
    // Another attachment's path with bob's signature.
    const other = await fetchPath(server, (link?.url ?? '').replace(`/attachments/${id}/`, `/attachments/${id + 1}/`));
    expect(errorCode(other)).toBe('invalid_link');
  });

  it('refuses a removed member at once, with the link they already hold', async () => {
    const server = await started();
    const { ada, bob, roomId, id } = await sharedFile(server, PDF, 'application/pdf', 'plan.pdf');
    const [link] = (await bob.client.request('attachment.links', { ids: [id] })).links;
    expect((await fetchPath(server, link?.url ?? '')).status).toBe(200);
    await ada.client.request('room.remove_member', { roomId, userId: bob.user.id });
    const refused = await fetchPath(server, link?.url ?? '');
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('forbidden');
  });

  it('refuses an expired link', async () => {
    const server = await started({ 'attachment-link-ttl-seconds': '10' });
    const ada = await person(server, 'ada');
    const id = uploadedId(await upload(server, ada.user.token, PDF, 'application/pdf'));
    const [link] = (await ada.client.request('attachment.links', { ids: [id] })).links;
    expect(link?.expiresAt).toBeLessThanOrEqual(Date.now() + 10_000);
    expect((await fetchPath(server, link?.url ?? '')).status).toBe(200);
    // Moving the expiry breaks the signature; only waiting makes a link expire. Ten seconds is the shortest lifetime.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (link?.expiresAt ?? 0) - Date.now() + 50)));
    const expired = await fetchPath(server, link?.url ?? '');
    expect(expired.status).toBe(400);
    expect(errorCode(expired)).toBe('invalid_link');
  }, 30_000);

  it('stops serving the files of a deleted message', async () => {
    const server = await started();
    const { ada, bob, roomId, id } = await sharedFile(server, PDF, 'application/pdf', 'plan.pdf');
    const [link] = (await bob.client.request('attachment.links', { ids: [id] })).links;
    await ada.client.request('message.delete', { roomId, seq: 1 });
    expect((await fetchPath(server, link?.url ?? '')).status).toBe(403);
  });
});
