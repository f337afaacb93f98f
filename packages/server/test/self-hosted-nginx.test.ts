// examples/self-hosted/nginx.conf, checked by the nginx a server runs: `nginx -t` on a throwaway copy that differs
// only in its certificate (self-signed, made here) and its upstream port. Skipped where nginx is not installed; CI
// provides Debian 12's (1.22), the oldest the file targets. NGINX_PATH names another binary.

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NGINX, nginxInstalled } from './support/nginx.js';
import { makeTempDir } from './support/test-server.js';

const run = promisify(execFile);
const CONF = fileURLToPath(new URL('../../../examples/self-hosted/nginx.conf', import.meta.url));

/**
 * Writes a main nginx.conf that includes `site` (the example with its certificate paths and upstream replaced) and
 * keeps every file nginx touches (pid, logs, temp folders) in `dir`, so the check needs no system configuration.
 */
function writeTestConfig(dir: string, site: string): string {
  writeFileSync(join(dir, 'ichat.conf'), site);
  const main = join(dir, 'nginx.conf');
  writeFileSync(
    main,
    [
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')};`,
      'events {}',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp}_temp_path ${join(dir, temp)};`),
      `  include ${join(dir, 'ichat.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  return main;
}

const HAS_NGINX = await nginxInstalled();

describe('examples/self-hosted/nginx.conf', () => {
  it.skipIf(!HAS_NGINX)('passes nginx -t with a self-signed certificate and another upstream', async () => {
    const dir = makeTempDir();
    const cert = join(dir, 'fullchain.pem');
    const key = join(dir, 'privkey.pem');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=chat.example.com', '-keyout', key, '-out', cert]);
    const example = readFileSync(CONF, 'utf8');
    const site = example
      .replace('/etc/letsencrypt/live/chat.example.com/fullchain.pem', cert)
      .replace('/etc/letsencrypt/live/chat.example.com/privkey.pem', key)
      .replace('server 127.0.0.1:5000;', 'server 127.0.0.1:5999;');
    // Every replacement found its line: the check is of the example, not of a file the test made up.
    expect(site).not.toContain('/etc/letsencrypt');
    expect(site).not.toContain('127.0.0.1:5000');

    const main = writeTestConfig(dir, site);
    const { stderr } = await run(NGINX, ['-t', '-p', dir, '-c', main, '-e', join(dir, 'error.log')]);
    expect(stderr).toContain('test is successful');
    expect(stderr).not.toContain('[warn]');
  });
});
