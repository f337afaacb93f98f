// Search over a million messages: the latency of `message.search` as a client sees it, on the real server.
//
// The corpus: 1,000 group rooms of one owner, ada in 20 of them (her search is limited inside the index) and max in
// 300 (his rooms are checked by a join), and 1,000,000 messages spread evenly, of 3–14 words drawn from a
// 5,000-word vocabulary with a Zipf-like skew, so some words are in a third of all messages and others in a handful.
// Users and rooms are made through the server's API; the messages are written straight into its database while it
// is stopped (through the search index's own triggers, the path every stored message takes), because a million
// sends over the socket would add minutes without changing what is measured. The server is then started again on
// that database and each query is timed over its socket.

import Database from 'better-sqlite3';
import { flagArgs, registerUser, ServerProcess, TEST_FLAGS, UNLIMITED_FLAGS } from '@ichat/test-kit';
import { SocketRequests } from './socket-requests.js';

const ROOMS = 1000;
const ADA_ROOMS = 20;
const MAX_ROOMS = 300;
const TIMES = 15;

/** A deterministic pseudo-random source, so every run searches the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Pronounceable words from syllables: `word(0)` is the most frequent. */
function vocabulary(size: number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'be', 'da', 'fu', 'go', 'hi', 'ja', 'pe', 'zu'];
  return Array.from({ length: size }, (_, i) => {
    let word = '';
    for (let n = i + syllables.length; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
    return word;
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

export interface SearchFigure {
  reader: string;
  query: string;
  hits: number;
  p50Ms: number;
  maxMs: number;
}

export async function runSearchBench(messages: number, log: (line: string) => void): Promise<SearchFigure[]> {
  const server = await ServerProcess.start({ args: flagArgs({ ...TEST_FLAGS, ...UNLIMITED_FLAGS, 'rooms-per-hour': '100000' }), testFlags: false });
  try {
    const owner = await registerUser(server.url, `owner${Date.now()}`);
    const ada = await registerUser(server.url, `ada${Date.now()}`);
    const max = await registerUser(server.url, `max${Date.now()}`);
    const setup = await SocketRequests.open(server.url, owner.token);
    const roomIds: number[] = [];
    for (let i = 0; i < ROOMS; i += 1) {
      const members = [...(i < ADA_ROOMS ? [ada.user.username] : []), ...(i < MAX_ROOMS ? [max.user.username] : [])];
      roomIds.push((await setup.request('room.create_group', { name: `room ${i}`, members })).chat.roomId);
    }
    setup.close();
    await server.stop();

    const words = vocabulary(5000);
    const next = random(7);
    const started = Date.now();
    const db = new Database(server.databasePath);
    const insert = db.prepare('insert into messages (room_id, seq, sender_id, text, client_msg_id, created_at) values (?, ?, ?, ?, ?, ?)');
    const head = db.prepare('update rooms set last_seq = ?, last_activity_at = ? where id = ?');
    db.transaction(() => {
      const seqs = new Map<number, number>();
      for (let i = 0; i < messages; i += 1) {
        const roomId = roomIds[i % ROOMS] ?? 0;
        const seq = (seqs.get(roomId) ?? 0) + 1;
        seqs.set(roomId, seq);
        const length = 3 + Math.floor(next() * 12);
        const text = Array.from({ length }, () => words[Math.floor(next() ** 3 * words.length)]).join(' ');
        insert.run(roomId, seq, owner.user.id, text, `bulk-${i}`, started + i);
      }
      for (const [roomId, seq] of seqs) head.run(seq, started + messages, roomId);
    })();
    db.close();
    log(`  search corpus: ${messages} messages in ${ROOMS} rooms written in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    await server.restart();
    const common = words[0] ?? '';
    const queries = [common, words[40] ?? '', words[3000] ?? '', `${common} ${words[1] ?? ''}`, common.slice(0, 3), 'nothingmatches'];
    const figures: SearchFigure[] = [];
    for (const [name, account] of [['ada (20 rooms)', ada], ['max (300 rooms)', max]] as const) {
      const client = await SocketRequests.open(server.url, account.token);
      for (const query of queries) {
        const times: number[] = [];
        let hits = 0;
        for (let i = 0; i < TIMES; i += 1) {
          const begin = performance.now();
          hits = (await client.request('message.search', { query })).hits.length;
          times.push(performance.now() - begin);
        }
        times.sort((a, b) => a - b);
        const figure = { reader: name, query, hits, p50Ms: percentile(times, 50), maxMs: times[times.length - 1] ?? 0 };
        figures.push(figure);
        log(`  search ${name} "${query}": ${hits} hits, p50 ${figure.p50Ms.toFixed(1)} ms, max ${figure.maxMs.toFixed(1)} ms`);
      }
      client.close();
    }
    return figures;
  } finally {
    await server.dispose();
  }
}

const count = Number(process.argv[2] ?? 1_000_000);
const figures = await runSearchBench(count, (line) => console.log(line));
const worst = Math.max(...figures.map((figure) => figure.p50Ms));
console.log(`search over ${count} messages: slowest median ${worst.toFixed(1)} ms`);
