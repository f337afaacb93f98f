// examples/self-hosted/backup.sh, run as its README runs it, against a live server's database.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireServerBuild, SERVER_MAIN } from '@ichat/test-kit';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeTempDir, TestServer } from './support/test-server.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/self-hosted/', import.meta.url));

beforeAll(requireServerBuild);

describe('examples/self-hosted/backup.sh', () => {
  it('writes a verified copy readable by its owner only, and keeps the newest KEEP', async () => {
    const server = await TestServer.start();
    onTestFinished(() => server.dispose());
    await server.register('ada');
    const backups = makeTempDir();
    // An older backup, which KEEP=1 must rotate away.
    const old = join(backups, 'ichat-20000101T000000Z.db');
    writeFileSync(old, '');
    utimesSync(old, new Date('2000-01-01'), new Date('2000-01-01'));

    const { stdout } = await promisify(execFile)('bash', [join(EXAMPLE, 'backup.sh')], {
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: server.databasePath, ICHAT_BIN: SERVER_MAIN, BACKUP_DIR: backups, KEEP: '1' },
      timeout: 30_000,
    });

    // Beside the copies, the one attachments folder they share (files named by their content, only ever added to).
    expect(readdirSync(backups).filter((name) => !name.endsWith('.db'))).toEqual(['attachments']);
    const kept = readdirSync(backups).filter((name) => name.endsWith('.db'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^ichat-\d{8}T\d{6}Z\.db$/);
    expect(stdout).toContain(`verified ${join(backups, kept[0]!)}`);
    expect(statSync(join(backups, kept[0]!)).mode & 0o777).toBe(0o600);
  });

  it('names in its header the same path and cron line as the README', () => {
    const header = readFileSync(join(EXAMPLE, 'backup.sh'), 'utf8');
    const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
    const cron = /^#\s+(17 3 \* \* \* ichat \S+)$/m.exec(header)?.[1];
    expect(cron).toBeDefined();
    expect(readme).toContain(`\`${cron}\``);
    expect(header).toContain('runuser -u ichat -- /opt/ichat/examples/self-hosted/backup.sh');
    expect(readme).toContain('runuser -u ichat -- /opt/ichat/examples/self-hosted/backup.sh');
  });
});
