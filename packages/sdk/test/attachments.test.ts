// Attachments through the SDK against a real server: upload with progress, send with the message, signed links that
// fetch the file, the announced size limit, a cancelled upload, and a spoofed type as a typed error.

import { describe, expect, it, onTestFinished } from 'vitest';
import { IChatError, type FetchFunction, type UploadProgress } from '../src/index.js';
import { connectClient, nextEvent, useThreeUsers } from './support/fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('attachments', () => {
  const env = useThreeUsers();

  it('uploads a file, sends it with a message, and the other member fetches it through a signed link', async () => {
    const a = await env.connect(env.ada);
    const g = await env.connect(env.grace);
    const { roomId } = await a.client.openDirect(env.grace.username);
    const progress: UploadProgress[] = [];
    const attachment = await a.client.upload(PDF, { name: 'plan.pdf', type: 'application/pdf', onProgress: (step) => progress.push(step) });
    expect(attachment).toMatchObject({ name: 'plan.pdf', type: 'application/pdf', size: PDF.length, thumbnail: false });
    expect(progress.at(-1)).toEqual({ loaded: PDF.length, total: PDF.length });

    const arrived = nextEvent(g.client, 'message', (message) => message.roomId === roomId);
    const sent = await a.client.send(roomId, '', { attachments: [attachment] });
    expect(sent.attachments).toEqual([attachment]);
    expect((await arrived).attachments).toEqual([attachment]);

    const [link] = await g.client.attachmentLinks([attachment.id]);
    expect(link?.url.startsWith(env.server.url)).toBe(true);
    const file = await fetch(link?.url ?? '');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="plan.pdf"/);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    // Linus is in no room with it: no link.
    const l = await env.connect(env.linus);
    expect(await l.client.attachmentLinks([attachment.id])).toEqual([]);
  });

  it('refuses a file over the announced limit before sending a byte', async () => {
    // Every HTTP request of this client goes through a fetch that counts them.
    const requests: string[] = [];
    const counting: FetchFunction = (input, init) => {
      requests.push(`${init.method ?? 'GET'} ${new URL(input).pathname}`);
      return fetch(input, init);
    };
    const a = await connectClient(env.server, env.ada, { fetch: counting });
    onTestFinished(() => a.client.close());
    requests.splice(0);
    const max = a.client.limits?.maxAttachmentBytes ?? 0;
    expect(max).toBe(10 * 1024 * 1024);
    const error = await a.client.upload(new Uint8Array(max + 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IChatError);
    expect(error).toMatchObject({ code: 'attachment_too_large' });
    expect(requests).toEqual([]);
    // The same client's upload within the limit does go out, through that fetch.
    await a.client.upload(PDF, { name: 'small.pdf' });
    expect(requests).toEqual(['POST /api/v1/attachments']);
  });

  it('rejects a spoofed type with the server\'s typed error, and a cancelled upload with cancelled', async () => {
    const a = await env.connect(env.ada);
    const spoofed = await a.client.upload(Buffer.from('<html><script>x</script></html>'), { type: 'image/png' }).catch((e: unknown) => e);
    expect(spoofed).toMatchObject({ code: 'attachment_type_not_allowed' });
    const controller = new AbortController();
    controller.abort();
    const cancelled = await a.client.upload(PDF, { signal: controller.signal }).catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ code: 'cancelled' });
  });

  it('sends a message with attachments after an outage from the outbox, once', async () => {
    const a = await env.connect(env.ada);
    const { roomId } = await a.client.openDirect(env.grace.username);
    const attachment = await a.client.upload(PDF, { name: 'later.pdf' });
    a.network.down();
    const sending = a.client.send(roomId, 'offline with a file', { attachments: [attachment.id] });
    expect(a.client.pending.at(-1)?.attachments).toEqual([attachment.id]);
    a.network.up();
    const message = await sending;
    expect(message.attachments?.map((item) => item.id)).toEqual([attachment.id]);
    const { messages } = await a.client.history(roomId);
    expect(messages.filter((stored) => stored.text === 'offline with a file')).toHaveLength(1);
  });
});
