// `pnpm bench --soak --minutes N`: N minutes of mixed, realistic load on iChat, sampled, judged and checked.

import { seedAccounts } from '@ichat/server';
import { LatencyRecorder } from '../accounting/latency.js';
import type { CorePlan } from '../harness/cores.js';
import { rssOf } from '../harness/server-process.js';
import { inBatches } from '../load/fleet.js';
import { describeMachine } from '../report/results.js';
import { login, logout, register } from './http-client.js';
import { SOAK_SETTINGS, type SoakSettings } from './settings.js';
import { SoakBooks, SoakClient } from './soak-client.js';
import { summarise, tableHeader, tableRow, writeSoakResults, type SoakResults, type SoakSample } from './soak-report.js';
import { checkStore, openFds, readMetrics, startSoakServer } from './soak-server.js';
import { checkGrowth } from './verdict.js';

/** Every soak account's password (seeded ones share one hash; registered ones are hashed each). */
const PASSWORD = 'soak-password-1';
const TICK_MS = 20;
/** Sends or typing notices at most this many per tick, so a stalled loop catches up smoothly, not in one burst. */
const MAX_PER_TICK = 50;
const MAX_RECONNECTS_IN_FLIGHT = 10;
const RECONNECT_ATTEMPTS = 10;
/** After the load stops: how long acks, reconnects and deliveries may take to settle. */
const SETTLE_MS = 30_000;
/** The loop-delay metric prom-client's default metrics export, under the server's `ichat_` prefix. */
const LOOP_P99 = 'ichat_nodejs_eventloop_lag_p99_seconds';
const HEAP_USED = 'ichat_nodejs_heap_size_used_bytes';

export interface SoakOptions {
  minutes: number;
  plan: CorePlan;
  workdir: string;
  log: (line: string) => void;
  note: string;
  settings?: Partial<SoakSettings>;
  /** Where the JSON and markdown go (the bench's results folder unless a test says otherwise). */
  resultsDir: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds or `timeoutMs` passes; true when it held. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done() && performance.now() < deadline) await sleep(100);
  return done();
}

function pick<T>(items: readonly T[], accept: (item: T) => boolean, tries = 8): T | undefined {
  for (let i = 0; i < tries; i++) {
    const item = items[Math.floor(Math.random() * items.length)];
    if (item !== undefined && accept(item)) return item;
  }
  return undefined;
}

/** Runs the soak and writes its results; the promise resolves to the results, whose `verdict` decides the exit code. */
export async function runSoak(options: SoakOptions): Promise<SoakResults> {
  const settings: SoakSettings = { ...SOAK_SETTINGS, ...options.settings };
  const { log } = options;
  const users = settings.users - (settings.users % 2);
  const { server, database, secret } = await startSoakServer(options.plan, options.workdir, users);
  const port = server.port;
  const books = new SoakBooks(new LatencyRecorder(), new LatencyRecorder());
  const clients: SoakClient[] = [];
  const timers = new Set<NodeJS.Timeout>();
  try {
    // Setup: most accounts seeded in bulk (registering hundreds over HTTP would measure argon2id), a few registered.
    const name = (i: number): string => `soak-u${i}`;
    const registered = Math.min(settings.registeredUsers, users);
    const seeded = await seedAccounts({
      database,
      secret,
      accounts: Array.from({ length: users - registered }, (_, k) => ({
        email: `${name(k + registered)}@soak.test`,
        username: name(k + registered),
      })),
      password: PASSWORD,
      tokenTtlMs: 24 * 3_600_000,
    });
    for (let i = 0; i < users; i++) {
      const email = `${name(i)}@soak.test`;
      const token = i < registered ? await register(port, email, name(i), PASSWORD) : (seeded[i - registered] ?? '');
      clients.push(new SoakClient(i, name(i), email, token, port, books));
    }
    await inBatches(users, 50, (i) => (clients[i] as SoakClient).connect(false));
    await createRooms(clients, settings);
    log(`soak: ${users} users connected; ${settings.messagesPerSecond} msg/s for ${options.minutes} min (server pid ${server.pid})`);

    // One reconnect per client at a time: a server close during a reconnect must not start a second one beside it.
    const reconnecting = new Map<SoakClient, Promise<void>>();
    let relogin = false;
    const reconnect = (client: SoakClient, fresh: boolean): void => {
      if (reconnecting.has(client)) return;
      const attempt = async (): Promise<void> => {
        client.drop();
        books.reconnects++;
        if (fresh) {
          await logout(port, client.token).catch(() => books.error('logout_failed'));
          client.token = await login(port, client.email, PASSWORD);
          books.logins++;
        }
        for (let tries = 1; tries < RECONNECT_ATTEMPTS; tries++) {
          try {
            return await client.connect(true);
          } catch {
            await sleep(500 * tries);
          }
        }
        await client.connect(true);
      };
      const running = attempt().catch(() => books.error('reconnect_failed'));
      reconnecting.set(client, running);
      void running.finally(() => reconnecting.delete(client));
    };
    // A connection the server ended (a slow consumer past its queue limit) comes back like a phone regaining signal.
    for (const client of clients) client.onLost = () => reconnect(client, false);

    const samples: SoakSample[] = [];
    const durationMs = options.minutes * 60_000;
    const started = performance.now();
    let sendsDone = 0;
    let typingDone = 0;
    let reconnectsDone = 0;
    let historyDone = 0;
    let slowDone = 0;
    let nextSample = started + settings.sampleSeconds * 1000;
    let previous = { at: started, acked: 0, deliveries: 0 };
    const ready = (client: SoakClient): boolean => client.state === 'ready' && !client.paused;
    const takeSample = async (): Promise<void> => {
      const now = performance.now();
      const metrics = await readMetrics(port);
      const seconds = (now - previous.at) / 1000;
      const sample: SoakSample = {
        atSeconds: Math.round((now - started) / 1000),
        connections: clients.filter((client) => client.state === 'ready').length,
        messagesPerSecond: Math.round((books.acked - previous.acked) / seconds),
        deliveriesPerSecond: Math.round((books.deliveries - previous.deliveries) / seconds),
        p99Ms: books.window.percentileMs(99),
        rssBytes: rssOf(server.pid),
        heapBytes: metrics.get(HEAP_USED) ?? 0,
        fds: openFds(server.pid),
        loopP99Ms: (metrics.get(LOOP_P99) ?? 0) * 1000,
        reconnects: books.reconnects,
        errors: books.errorCount,
      };
      books.window.reset();
      previous = { at: now, acked: books.acked, deliveries: books.deliveries };
      samples.push(sample);
      log(tableRow(sample));
    };

    log(tableHeader());
    while (performance.now() - started < durationMs) {
      const elapsed = (performance.now() - started) / 1000;
      for (let n = 0; sendsDone < Math.floor(elapsed * settings.messagesPerSecond) && n < MAX_PER_TICK; n++, sendsDone++) {
        const client = pick(clients, ready);
        const roll = Math.random();
        const kind = roll < settings.smallShare ? 0 : roll < settings.smallShare + settings.directShare ? 1 : 2;
        const roomId = client?.rooms[kind];
        if (client !== undefined && roomId !== undefined) client.sendMessage(roomId);
      }
      for (let n = 0; typingDone < Math.floor(elapsed * settings.typingPerSecond) && n < MAX_PER_TICK; n++, typingDone++) {
        const client = pick(clients, ready);
        // Typing happens in conversations, not announcements: small groups and direct chats only.
        const roomId = client?.rooms[Math.random() < 0.5 ? 0 : 1];
        if (client !== undefined && roomId !== undefined) client.typing(roomId);
      }
      for (; reconnectsDone < Math.floor(elapsed * settings.reconnectsPerSecond); reconnectsDone++) {
        const client = reconnecting.size < MAX_RECONNECTS_IN_FLIGHT ? pick(clients, ready) : undefined;
        if (client === undefined) continue;
        relogin = !relogin;
        reconnect(client, relogin);
      }
      for (; historyDone < Math.floor(elapsed * settings.historyPerSecond); historyDone++) {
        const client = pick(clients, ready);
        const roomId = client?.rooms[Math.floor(Math.random() * 3)];
        if (client === undefined || roomId === undefined) continue;
        client.readHistory(roomId, settings.historyPages, settings.historyPageSize).catch(() => books.error('history_failed'));
      }
      for (; slowDone < Math.floor(elapsed / settings.slowEverySeconds); slowDone++) {
        for (let s = 0; s < settings.slowUsers; s++) {
          const client = pick(clients, ready);
          if (client === undefined) continue;
          client.pause(settings.slowSeconds * 1000);
          const timer = setTimeout(() => {
            timers.delete(timer);
            client.resume();
          }, settings.slowSeconds * 1000);
          timers.add(timer);
        }
      }
      if (performance.now() >= nextSample) {
        nextSample += settings.sampleSeconds * 1000;
        await takeSample();
      }
      await sleep(TICK_MS);
    }

    // Settle: slow readers read again, reconnects finish, every send is acked and every client has caught up.
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const client of clients) client.resume();
    await until(() => reconnecting.size === 0, SETTLE_MS);
    for (const client of clients) if (client.state === 'offline') reconnect(client, false);
    await until(() => reconnecting.size === 0 && clients.every((client) => client.unacked === 0), SETTLE_MS);
    // The highest acked seq per room: what every member must have seen once the load has settled.
    const wanted = new Map<number, number>();
    for (const [roomId, room] of books.acks) {
      for (const seq of room.values()) wanted.set(roomId, Math.max(seq, wanted.get(roomId) ?? 0));
    }
    const caughtUp = (client: SoakClient): boolean =>
      client.rooms.every((roomId) => (client.lastSeq.get(roomId) ?? 0) >= (wanted.get(roomId) ?? 0));
    await until(() => clients.every(caughtUp), SETTLE_MS);
    const unacked = clients.reduce((sum, client) => sum + client.unacked, 0);
    for (const client of clients) client.onLost = undefined;
    for (const client of clients) client.drop();
    await server.stop(30_000);
    const store = checkStore(database, books.acks);
    let behind = 0;
    for (const client of clients) {
      for (const roomId of client.rooms) behind += Math.max(0, (store.maxSeq.get(roomId) ?? 0) - (client.lastSeq.get(roomId) ?? 0));
    }
    const growth = checkGrowth(samples);
    const results = summarise({
      minutes: options.minutes,
      settings: { ...settings, users },
      machine: describeMachine(options.plan.pinned, options.note),
      samples,
      books,
      store,
      behind,
      unacked,
      growth,
    });
    for (const file of writeSoakResults(results, options.resultsDir)) log(`wrote ${file}`);
    return results;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    for (const client of clients) {
      client.onLost = undefined;
      client.drop();
    }
    await server.stop(5000);
  }
}

/**
 * Every user joins one small group, one direct chat (users 2k and 2k+1) and one large group; the last group of each
 * size takes the remainder. Each room's first member creates it, naming the others.
 */
async function createRooms(clients: readonly SoakClient[], settings: SoakSettings): Promise<void> {
  const groups = async (size: number, label: string): Promise<void> => {
    const count = Math.max(1, Math.floor(clients.length / size));
    for (let g = 0; g < count; g++) {
      const members = clients.slice(g * size, g === count - 1 ? clients.length : (g + 1) * size);
      const [owner, ...others] = members;
      if (owner === undefined) continue;
      // The protocol names at most 256 members per request; the soak's groups stay below that.
      const names = others.map((member) => member.username);
      const { chat } = await owner.request('room.create_group', { name: `${label} ${g}`, members: names });
      for (const member of members) {
        member.rooms.push(chat.roomId);
        member.lastSeq.set(chat.roomId, 0);
      }
    }
  };
  await groups(settings.smallGroup, 'small');
  await inBatches(clients.length / 2, 20, async (k) => {
    const first = clients[2 * k];
    const second = clients[2 * k + 1];
    if (first === undefined || second === undefined) return;
    const { chat } = await first.request('room.open_direct', { with: second.username });
    for (const member of [first, second]) {
      member.rooms.push(chat.roomId);
      member.lastSeq.set(chat.roomId, 0);
    }
  });
  await groups(settings.largeGroup, 'large');
}
