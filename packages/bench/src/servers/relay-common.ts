// What the three comparison servers share: their command line, their ready line and their answer to a stats request.

import { parseArgs } from 'node:util';

export interface RelayOptions {
  host: string;
  port: number;
  /** Unsent bytes a socket may queue before the relay closes it, like iChat's slow-consumer limit. */
  maxBackpressureBytes: number;
}

/** Reads `--host`, `--port` and `--max-backpressure-bytes`. */
export function relayOptions(argv: string[]): RelayOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'max-backpressure-bytes': { type: 'string', default: String(4 * 1024 * 1024) },
    },
  });
  return { host: values.host, port: Number(values.port), maxBackpressureBytes: Number(values['max-backpressure-bytes']) };
}

/** The room a socket joins, from `?room=N` on the upgrade URL. */
export function roomOfUrl(url: string): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return new URLSearchParams(query).get('room') ?? '0';
}

/**
 * Tells the harness the server is up with the same machine-readable signal ichat-server logs (one JSON line with
 * `event: "listening"` and the URL, read by the test kit's `listeningUrl`), then answers heap questions over IPC.
 */
export function announceListening(host: string, port: number): void {
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://${host}:${port}` })}\n`);
  process.on('message', (request: unknown) => {
    if (typeof request === 'object' && request !== null && Reflect.get(request, 'type') === 'stats') {
      process.send?.({ type: 'stats', heapUsed: process.memoryUsage().heapUsed });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
