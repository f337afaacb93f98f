// The sweep of uploads no message took: on a real store and a real folder, with the clock given to it.

import { readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { AttachmentService } from '../../src/attachments/attachment-service.js';
import { contentKey } from '../../src/attachments/attachment-storage.js';
import { FolderStorage } from '../../src/attachments/folder-storage.js';
import { loadImageSupport } from '../../src/attachments/image-pipeline.js';
import { LinkSigner } from '../../src/attachments/signed-links.js';
import { UnsentSweeper } from '../../src/attachments/unsent-sweeper.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { addUser } from '../store/contract/fixtures.js';
import { makeTempDir } from '../support/test-server.js';
import { PDF, png, storedFiles } from './fixtures.js';

const dir = makeTempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MINUTE = 60_000;

async function setUp(name: string) {
  const store = new SqliteStore(join(dir, `${name}.db`));
  await store.migrate();
  onTestFinished(() => store.close());
  const folder = join(dir, name);
  const images = await loadImageSupport();
  /** A node of the cluster: its own service, storage and locks, on the shared store and folder. */
  const node = (): AttachmentService =>
    new AttachmentService(store, new FolderStorage(join(folder, 'attachments')), images.pipeline, new LinkSigner('k'.repeat(32)), {
      maxBytes: 1024 * 1024,
      linkTtlMs: MINUTE,
    });
  const service = node();
  const ada = (await addUser(store, 'ada')).id;
  const roomId = await store.rooms.createGroup(ada, 'Notes', [], 0);
  // The clock starts now, not at 0: the folder keeps files written after the sweep's cutoff, by their mtime.
  const start = Date.now();
  let now = start;
  const sweeper = new UnsentSweeper((before, limit) => service.sweep(before, limit), { graceMs: 60 * MINUTE, intervalMs: MINUTE, onError: (error) => { throw error; } }, () => now);
  return { store, service, node, sweeper, folder, ada, roomId, at: (offset: number) => start + offset, setNow: (offset: number) => (now = start + offset) };
}

describe('the unsent upload sweep', () => {
  it('removes an upload no message took once the grace period is over, its file and thumbnail with it', async () => {
    const { service, sweeper, folder, ada, store, at, setNow } = await setUp('grace');
    const image = await service.upload({ uploaderId: ada, bytes: await png(), contentType: 'image/png', name: 'a.png' }, at(0));
    expect(storedFiles(folder)).toHaveLength(2);
    setNow(60 * MINUTE - 1);
    expect(await sweeper.runOnce()).toBe(0);
    expect(storedFiles(folder)).toHaveLength(2);
    setNow(61 * MINUTE);
    expect(await sweeper.runOnce()).toBe(1);
    expect(await store.attachments.find(image.id)).toBeUndefined();
    expect(storedFiles(folder)).toEqual([]);
  });

  it('keeps what a message took, and a file another upload still names', async () => {
    const { service, sweeper, folder, ada, store, roomId, at, setNow } = await setUp('kept');
    const sent = await service.upload({ uploaderId: ada, bytes: await png(8, 8), contentType: 'image/png', name: 's.png' }, at(0));
    await store.messages.append([{ roomId, senderId: ada, clientMsgId: 'm', text: '', createdAt: at(1), attachmentIds: [sent.id] }]);
    const early = await service.upload({ uploaderId: ada, bytes: PDF, contentType: 'application/pdf', name: 'a.pdf' }, at(0));
    const late = await service.upload({ uploaderId: ada, bytes: PDF, contentType: 'application/pdf', name: 'b.pdf' }, at(50 * MINUTE));
    expect(storedFiles(folder)).toHaveLength(3);
    setNow(61 * MINUTE);
    expect(await sweeper.runOnce()).toBe(1);
    expect(await store.attachments.find(early.id)).toBeUndefined();
    expect(await store.attachments.find(late.id)).toBeDefined();
    expect(await store.attachments.find(sent.id)).toBeDefined();
    // The PDF's bytes stay: the later upload of the same bytes names them.
    expect(storedFiles(folder)).toHaveLength(3);
    setNow(111 * MINUTE);
    expect(await sweeper.runOnce()).toBe(1);
    expect(storedFiles(folder)).toHaveLength(2);
  });

  it('sweeps past one batch in a single run', async () => {
    const { service, sweeper, ada, folder, at, setNow } = await setUp('batches');
    for (let i = 0; i < 205; i += 1) {
      await service.upload({ uploaderId: ada, bytes: Buffer.from(`note ${i}`), contentType: 'text/plain', name: `${i}.txt` }, at(i));
    }
    setNow(120 * MINUTE);
    expect(await sweeper.runOnce()).toBe(205);
    expect(storedFiles(folder)).toEqual([]);
  });

  it('keeps a file another node sharing the folder just wrote for an upload of the same bytes, its row not in yet', async () => {
    const { service, node, sweeper, folder, ada, store, at, setNow } = await setUp('cluster');
    const early = await service.upload({ uploaderId: ada, bytes: PDF, contentType: 'application/pdf', name: 'a.pdf' }, at(-120 * MINUTE));
    const [name] = storedFiles(folder);
    if (name === undefined) throw new Error('no file');
    const path = join(folder, 'attachments', name.slice(0, 2), name);
    // Written before the cutoff, it would go with its upload (as the last sweep below shows).
    const old = new Date(at(-120 * MINUTE));
    utimesSync(path, old, old);
    // Node B's upload of the same bytes: its file is written, its row comes after the sweep's in-use check.
    const nodeB = node();
    await new FolderStorage(join(folder, 'attachments')).put(contentKey(PDF), PDF);
    setNow(0);
    expect(await sweeper.runOnce()).toBe(1);
    expect(await store.attachments.find(early.id)).toBeUndefined();
    expect(storedFiles(folder)).toEqual([name]);
    // Node B's upload completes, and its file is there to serve.
    const late = await nodeB.upload({ uploaderId: ada, bytes: PDF, contentType: 'application/pdf', name: 'b.pdf' }, at(0));
    expect(late.blobKey).toBe(name);
    expect(readFileSync(path)).toEqual(PDF);
    // With no new write since, the file goes with its last upload.
    utimesSync(path, old, old);
    setNow(61 * MINUTE);
    expect(await sweeper.runOnce()).toBe(1);
    expect(storedFiles(folder)).toEqual([]);
  });
});
