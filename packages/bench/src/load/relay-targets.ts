// The raw uWS.js and ws relays: a room is a query parameter, a message is the probe itself, every copy is a delivery.

import { fileURLToPath } from 'node:url';
import { ServerProcess } from '../harness/server-process.js';
import { BenchSocket, type TextHandler } from '../wire/bench-socket.js';
import { FrameTemplate, slotsOf } from '../wire/client-frame.js';
import { PROBE_PLACEHOLDER } from '../wire/probe.js';
import { randomBytes } from 'node:crypto';
import type { FrameMeaning, Target, TargetOptions } from './target.js';

/** The script of a comparison server, beside this bundle. */
export function serverScript(name: string): string {
  return fileURLToPath(new URL(`./servers/${name}.js`, import.meta.url));
}

/** A JSON payload carrying the probe, padded with `x` to `padTo` bytes. */
export function probePayload(prefix: string, suffix: string, padTo: number): string {
  const bare = `${prefix}${PROBE_PLACEHOLDER} ${suffix}`;
  return `${prefix}${PROBE_PLACEHOLDER} ${'x'.repeat(Math.max(0, padTo - bare.length))}${suffix}`;
}

class RelayTarget implements Target {
  readonly name: 'uws' | 'ws';
  readonly server: ServerProcess;

  constructor(name: 'uws' | 'ws', server: ServerProcess) {
    this.name = name;
    this.server = server;
  }

  prepareMembers(): Promise<void> {
    return Promise.resolve();
  }

  connect(_member: number, room: number | undefined, onText: TextHandler): Promise<BenchSocket> {
    return BenchSocket.open({ port: this.server.port, path: `/ws?room=${room ?? 'idle'}`, onText });
  }

  createRooms(): Promise<void> {
    return Promise.resolve();
  }

  messageTemplate(room: number, padTo: number): { template: FrameTemplate; values: (seq: number, sentUs: number) => number[] } {
    const payload = probePayload('{"p":"', '"}', padTo);
    const template = new FrameTemplate(payload, slotsOf(payload, ['room', 'seq', 'sentUs']), randomBytes(4));
    return { template, values: (seq, sentUs) => [room, seq, sentUs] };
  }

  classify(): FrameMeaning {
    return 'delivery';
  }

  heapUsed(): Promise<number | undefined> {
    return this.server.heapUsed();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** Starts the raw uWS.js relay or the ws relay on the server core. */
export async function startRelay(name: 'uws' | 'ws', options: TargetOptions): Promise<Target> {
  const script = serverScript(name === 'uws' ? 'uws-relay' : 'ws-relay');
  const server = await ServerProcess.start(options.plan, {
    args: [script, '--max-backpressure-bytes', String(options.maxBackpressureBytes)],
    ready: { kind: 'stdout' },
    ipc: true,
  });
  return new RelayTarget(name, server);
}
