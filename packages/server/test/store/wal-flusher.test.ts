// The log flusher: flushes asked for together share fsyncs and resolve in the order asked; a failure is final.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WalFlusher } from '../../src/store/sqlite/wal-flusher.js';
import { makeTempDir } from '../support/test-server.js';

function tempFile(name: string, create: boolean): string {
  const dir = makeTempDir();
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  if (create) writeFileSync(path, 'log');
  return path;
}

describe('WalFlusher', () => {
  it('resolves every flush, in the order they were asked, while others are still running', async () => {
    const flusher = new WalFlusher(tempFile('db-wal', true));
    onTestFinished(() => flusher.close());
    const order: number[] = [];
    const first = Array.from({ length: 5 }, (_, i) => flusher.flush().then(() => order.push(i)));
    // Asked while the first round is on disk: these wait for a later fsync, and still come after the first ones.
    const later = Array.from({ length: 3 }, (_, i) => flusher.flush().then(() => order.push(5 + i)));
    await Promise.all([...first, ...later]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await expect(flusher.flush()).resolves.toBeUndefined();
  });

  it('refuses every later flush once one has failed, with a message that says what failed', async () => {
    const path = tempFile('missing-wal', false);
    const flusher = new WalFlusher(path);
    onTestFinished(() => flusher.close());
    await expect(flusher.flush()).rejects.toThrow(/Could not flush the database log to disk/);
    // The file appearing later changes nothing: what was written before the failure cannot be vouched for.
    writeFileSync(path, 'log');
    await expect(flusher.flush()).rejects.toThrow(/Could not flush the database log to disk/);
  });
});
