// Presence across nodes when their news crosses: several Presence objects joined by a link that holds each event until
// the test delivers it, so the orders a broker can produce are played exactly (the cluster suites show the same
// behaviour through real brokers, but cannot choose the order).

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseControlEvent, type ControlEvent } from '../../src/cluster/control-events.js';
import { HEARTBEAT_MS, Presence, SETTLE_MS } from '../../src/chat/presence.js';

interface Announcement {
  node: number;
  userId: number;
  online: boolean;
}

/** Nodes whose ids sort in their index order (node 0 leads), with every event in flight until delivered. */
class Nodes {
  readonly announcements: Announcement[] = [];
  readonly #nodes: Presence[] = [];
  /** Per receiving node, the events still in flight to it, in the order they were sent. */
  readonly #inFlight: { from: number; event: ControlEvent }[][] = [];

  constructor(count: number) {
    for (let index = 0; index < count; index++) this.add();
  }

  /** Adds a node; a `leading` one gets an id below every other's. */
  add(leading = false): number {
    const index = this.#nodes.length;
    this.#inFlight.push([]);
    const link = {
      nodeId: `${leading ? 0 : 1}000000${index}`,
      tell: (event: ControlEvent) => {
        for (let other = 0; other < this.#inFlight.length; other++) {
          if (other !== index) this.#inFlight[other]?.push({ from: index, event });
        }
      },
    };
    this.#nodes.push(new Presence(0, (userId, online) => this.announcements.push({ node: index, userId, online }), link));
    return index;
  }

  node(index: number): Presence {
    const node = this.#nodes[index];
    if (node === undefined) throw new Error(`no node ${index}`);
    return node;
  }

  /** Delivers to `to` what `from` sent it so far (every sender when `from` is left out). */
  deliver(to: number, from?: number): void {
    const queue = this.#inFlight[to] ?? [];
    const now = queue.filter((item) => from === undefined || item.from === from);
    this.#inFlight[to] = queue.filter((item) => !now.includes(item));
    for (const item of now) this.node(to).applyControl(item.event);
  }

  deliverAll(): void {
    for (let index = 0; index < this.#nodes.length; index++) this.deliver(index);
  }

  stop(): void {
    for (const node of this.#nodes) node.stop();
  }
}

const ADA = 7;
let nodes: Nodes;

/** After the settle time the leader (node 0) has told Ada's contacts "online", the third announcement in all. */
function expectCorrectedOnline(): void {
  vi.advanceTimersByTime(SETTLE_MS);
  expect(nodes.announcements.at(-1)).toEqual({ node: 0, userId: ADA, online: true });
  expect(nodes.announcements).toHaveLength(3);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
});

afterEach(() => {
  nodes.stop();
  vi.useRealTimers();
});

describe('presence across nodes whose news crosses', () => {
  it('announces offline once when the last sockets on two nodes close before either hears of the other', () => {
    nodes = new Nodes(3);
    nodes.node(1).connected(ADA);
    nodes.deliverAll();
    nodes.node(2).connected(ADA);
    nodes.deliverAll();
    expect(nodes.announcements).toEqual([{ node: 1, userId: ADA, online: true }]);

    // Each node still thinks the other holds Ada when its own socket closes: neither says "offline".
    nodes.node(1).disconnected(ADA);
    nodes.node(2).disconnected(ADA);
    nodes.deliverAll();
    expect(nodes.announcements).toHaveLength(1);

    vi.advanceTimersByTime(SETTLE_MS);
    expect(nodes.announcements).toEqual([
      { node: 1, userId: ADA, online: true },
      { node: 0, userId: ADA, online: false },
    ]);
    for (let index = 0; index < 3; index++) expect(nodes.node(index).isOnline(ADA)).toBe(false);
  });

  it('announces online again when one node said offline while another opened a socket without a word', () => {
    nodes = new Nodes(3);
    nodes.node(2).connected(ADA);
    nodes.deliverAll();

    // Node 1 opens a socket while it still sees Ada on node 2 (so it says nothing); node 2 closes its last one before
    // it hears of node 1's, and says "offline".
    nodes.node(1).connected(ADA);
    nodes.node(2).disconnected(ADA);
    nodes.deliverAll();
    expect(nodes.announcements).toEqual([
      { node: 2, userId: ADA, online: true },
      { node: 2, userId: ADA, online: false },
    ]);

    expectCorrectedOnline();
  });

  it('says nothing more when a user moves between nodes and the news arrives in either order', () => {
    nodes = new Nodes(3);
    nodes.node(1).connected(ADA);
    nodes.deliverAll();
    // Ada opens a socket on node 2, node 1 hears of it, and her socket on node 1 closes: neither node says a word.
    nodes.node(2).connected(ADA);
    nodes.deliver(1, 2);
    nodes.node(1).disconnected(ADA);
    // The leader hears node 1's "closed" before node 2's "opened": for a moment Ada looks gone.
    nodes.deliver(0, 1);
    expect(nodes.node(0).isOnline(ADA)).toBe(false);
    vi.advanceTimersByTime(SETTLE_MS / 2);
    nodes.deliverAll();
    vi.advanceTimersByTime(SETTLE_MS);
    expect(nodes.announcements).toEqual([{ node: 1, userId: ADA, online: true }]);
  });

  it('announces again the users of a node that was taken for dead and is heard from again', () => {
    nodes = new Nodes(3);
    nodes.node(2).connected(ADA);
    nodes.deliverAll();
    // Nothing node 2 sends arrives for 20 s (three missed heartbeats), while nodes 0 and 1 keep hearing each other.
    for (let elapsed = 0; elapsed < 20_000; elapsed += HEARTBEAT_MS) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      nodes.deliver(0, 1);
      nodes.deliver(1, 0);
    }
    expect(nodes.announcements).toEqual([
      { node: 2, userId: ADA, online: true },
      { node: 0, userId: ADA, online: false },
    ]);

    // Its heartbeats arrive again, Ada among its users: she is online after all.
    nodes.deliverAll();
    expectCorrectedOnline();
  });

  it('lets a node that joins (and leads) take the others\u2019 users as already announced', () => {
    nodes = new Nodes(2);
    nodes.node(1).connected(ADA);
    nodes.deliverAll();
    // The newcomer's id sorts below the others': it leads from its start, knowing nothing of what was announced.
    const newcomer = nodes.add(true);
    nodes.deliverAll();
    nodes.deliverAll();
    vi.advanceTimersByTime(SETTLE_MS * 2);
    expect(nodes.announcements).toEqual([{ node: 1, userId: ADA, online: true }]);
    expect(nodes.node(newcomer).isOnline(ADA)).toBe(true);
  });
});

describe('presence events between versions', () => {
  it('reads an event without `announced` (from an older node) as announced, and refuses one that is not a boolean', () => {
    nodes = new Nodes(0);
    const older = { type: 'presence', node: '00000001', userId: ADA, online: true };
    expect(parseControlEvent(JSON.stringify(older))).toEqual({ ...older, announced: true });
    expect(parseControlEvent(JSON.stringify({ ...older, announced: false }))).toEqual({ ...older, announced: false });
    expect(parseControlEvent(JSON.stringify({ ...older, announced: 'no' }))).toBeUndefined();
  });
});
