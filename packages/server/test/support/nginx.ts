// A real nginx in front of several nodes, for the cluster E2E: its own folder and config, a round-robin upstream
// with no stickiness, WebSocket upgrades passed through. NGINX_PATH names the binary; without one the test skips.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@ichat/test-kit';
import { accepts } from './brokers.js';
import { makeTempDir } from './test-server.js';
import { eventually } from './wait.js';

const run = promisify(execFile);

export const NGINX = process.env['NGINX_PATH'] ?? 'nginx';

/** Whether `nginx -v` runs: the binary is there to test with. */
export async function nginxInstalled(): Promise<boolean> {
  try {
    await run(NGINX, ['-v']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The config: every file nginx writes stays in `dir`; a node that refuses a connection is skipped for that request
 * (`proxy_next_upstream`) and tried again a second later, so a killed node's share goes to the others until it is back.
 */
function config(dir: string, port: number, upstreams: readonly number[]): string {
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')};`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp}_temp_path ${join(dir, temp)};`),
    '  map $http_upgrade $connection_upgrade { default upgrade; "" close; }',
    '  upstream ichat {',
    ...upstreams.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=1s;`),
    '  }',
    '  server {',
    `    listen 127.0.0.1:${port};`,
    '    location / {',
    '      proxy_pass http://ichat;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection $connection_upgrade;',
    '      proxy_set_header Host $host;',
    '      proxy_next_upstream error timeout;',
    '      proxy_connect_timeout 2s;',
    '      proxy_read_timeout 1h;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** An nginx child process balancing over `upstreams` (ports on 127.0.0.1). */
export class NginxBalancer {
  readonly port: number;
  readonly dir: string;
  readonly #child: ChildProcess;

  private constructor(port: number, dir: string, child: ChildProcess) {
    this.port = port;
    this.dir = dir;
    this.#child = child;
  }

  static async start(upstreams: readonly number[]): Promise<NginxBalancer> {
    const dir = makeTempDir();
    const port = await freePort();
    const main = join(dir, 'nginx.conf');
    writeFileSync(main, config(dir, port, upstreams));
    const child = spawn(NGINX, ['-p', dir, '-c', main, '-e', join(dir, 'error.log')], { stdio: 'ignore' });
    const balancer = new NginxBalancer(port, dir, child);
    await eventually(async () => ((await accepts(port)) ? true : undefined), `nginx on port ${port}`);
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops nginx (SIGQUIT would wait for the WebSockets; SIGTERM ends them at once). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}
