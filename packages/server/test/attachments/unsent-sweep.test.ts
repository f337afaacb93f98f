// The sweep of uploads no message took: on a real store and a real folder, with the clock given to it.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { AttachmentService } from '../../src/attachments/attachment-service.js';
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
  const service = new AttachmentService(store, new FolderStorage(join(folder, 'attachments')), images.pipeline, new LinkSigner('k'.repeat(32)), {
    maxBytes: 1024 * 1024,
    linkTtlMs: MINUTE,
  });
  const ada = (await addUser(store, 'ada')).id;
  const roomId = await store.rooms.createGroup(ada, 'Notes', [], 0);
  let now = 0;
  const sweeper = new UnsentSweeper((before, limit) => service.sweep(before, limit), { graceMs: 60 * MINUTE, intervalMs: MINUTE, onError: (error) => { throw error; } }, () => now);
  return { store, service, sweeper, folder, ada, roomId, setNow: (value: number) => (now = value) };
}

describe('the unsent upload sweep', () => {
  it('removes an upload no message took once the grace period is over, its file and thumbnail with it', async () => {
    const { service, sweeper, folder, ada, store, setNow } = await setUp('grace');
    const image = await service.upload({ uploaderId: ada, bytes: await png(), contentType: 'image/png', name: 'a.png' }, 0);
    expect(storedFiles(folder)).toHaveLength(2);
    setNow(60 * MINUTE - 1);
    expect(await sweeper.runOnce()).toBe(0);
    expect(storedFiles(folder)).toHaveLength(2);
    setNow(60 * MINUTE + 1);
    expect(await sweeper.runOnce()).toBe(1);
    expect(await store.attachments.find(image.id)).toBeUndefined();
    expect(storedFiles(folder)).toEqual([]);
  });

  it('keeps what a message took, and a file another upload still names', async () => {
    const { service, sweeper, folder, ada, store, roomId, setNow } = await setUp('kept');
    const sent = await service.upload({ uploaderId: ada, bytes: await png(8, 8), contentType: 'image/png', name: 's.png' }, 0);
    await store.messages.append([{ roomId, senderId: ada, clientMsgId: 'm', text: '', createdAt: 1, attachmentIds: [sent.id] }]);
    const early = await service.upload({ uploaderId: ada, bytes: PDF, contentType: 'application/pdf', name: 'a.pdf' }, 0);
    const late = await service.upload({ uploaderId: ada, bytes: PDF, contentType: 'application/pdf', name: 'b.pdf' }, 50 * MINUTE);
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
    const { service, sweeper, ada, folder, setNow } = await setUp('batches');
    for (let i = 0; i < 205; i += 1) {
      await service.upload({ uploaderId: ada, bytes: Buffer.from(`note ${i}`), contentType: 'text/plain', name: `${i}.txt` }, i);
    }
    setNow(120 * MINUTE);
    expect(await sweeper.runOnce()).toBe(205);
    expect(storedFiles(folder)).toEqual([]);
  });
});
