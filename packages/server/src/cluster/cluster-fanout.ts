// The fan-out across nodes: frames go to this node's sockets and through the broker to the other nodes' sockets,
// room messages through a per-room sequencer so each seq reaches each socket once and in order.

import { randomBytes } from 'node:crypto';
import type { Store } from '../store/contract/store.js';
import { encodeEvent } from '@ichat/protocol';
import type { Broker, Connection } from '../transport/connection.js';
import { roomTopic, userTopic } from '../chat/topics.js';
import type { BrokerClient, BrokerListener, BrokerState } from './broker-client.js';
import type { ControlEvent } from './control-events.js';
import { controlEnvelope, frameEnvelope, messageEnvelope, parseEnvelope } from './envelope.js';
import type { ControlHandler, Fanout, FanoutState } from './fanout.js';
import { RoomSequencer, type SequencerObserver } from './room-sequencer.js';

export interface ClusterOptions {
  /** Subjects are `<prefix>.<topic>`, so several installations (or test runs) can share one broker. */
  prefix: string;
  /** How long a message ahead of a gap waits for the missing ones before they are read from the store. */
  holdMs: number;
  /** How often room heads are compared with the store (and the broker's latency measured). */
  checkIntervalMs: number;
  /** The longest an `auth` waits for the broker to confirm a subscription; after it, gap checks take over. */
  subscribeTimeoutMs: number;
}

export interface ClusterObserver extends SequencerObserver {
  latency(seconds: number): void;
  state(state: BrokerState): void;
}

/**
 * A broker listener whose target comes later: the broker is connected before the store is opened (an unreachable
 * broker refuses the start before any file is made), the fan-out that listens needs the store.
 */
export class ListenerRelay implements BrokerListener {
  target: BrokerListener | undefined;

  message(subject: string, payload: string): void {
    this.target?.message(subject, payload);
  }

  reconnected(): void {
    this.target?.reconnected();
  }

  state(state: BrokerState): void {
    this.target?.state(state);
  }
}

interface Wanted {
  /** This node's sockets subscribed to the topic. */
  count: number;
  /** Until the subscription is confirmed (and a room's sequence started); undefined after. */
  ready: Promise<void> | undefined;
}

const NODES_TOPIC = 'nodes';
const ROOM_TOPIC = /^room:([1-9][0-9]*)$/;

function roomIdOf(topic: string): number | undefined {
  const match = ROOM_TOPIC.exec(topic);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The topic a control event travels on: the user's when it is about one user's sockets, else the nodes' own. */
function controlTopic(event: ControlEvent): string {
  switch (event.type) {
    case 'join':
    case 'leave':
    case 'close_user':
    case 'refresh_user':
      return userTopic(event.userId);
    case 'close_token':
    case 'presence':
    case 'alive':
    case 'hello':
    case 'gone':
      return NODES_TOPIC;
  }
}

export class ClusterFanout implements Fanout {
  /** Random per start: a restarted node is a new node, and its predecessor's presence expires on its own. */
  readonly nodeId = randomBytes(8).toString('hex');
  readonly #local: Broker;
  readonly #options: ClusterOptions;
  readonly #observer: ClusterObserver;
  readonly #wanted = new Map<string, Wanted>();
  readonly #sequencer: RoomSequencer;
  readonly #store: Store;
  readonly #client: BrokerClient;
  #handler: ControlHandler | undefined;
  #checking = false;
  #timer: NodeJS.Timeout | undefined;

  private constructor(client: BrokerClient, local: Broker, store: Store, options: ClusterOptions, observer: ClusterObserver) {
    this.#client = client;
    this.#local = local;
    this.#store = store;
    this.#options = options;
    this.#observer = observer;
    this.#sequencer = new RoomSequencer(
      {
        heads: (roomIds) => store.rooms.lastSeqs(roomIds),
        after: (cursors, limit) => store.messages.historyAfter(cursors, limit),
      },
      (roomId, frame) => local.publish(roomTopic(roomId), frame),
      observer,
      options.holdMs,
    );
  }

  /** Starts listening on a connected broker, on the nodes' own topic first. */
  static async start(
    client: BrokerClient,
    relay: ListenerRelay,
    local: Broker,
    store: Store,
    options: ClusterOptions,
    observer: ClusterObserver,
  ): Promise<ClusterFanout> {
    const fanout = new ClusterFanout(client, local, store, options, observer);
    relay.target = {
      message: (subject, payload) => fanout.#receive(subject, payload),
      reconnected: () => void fanout.#checkHeads(),
      state: (state) => observer.state(state),
    };
    await client.subscribe(fanout.#subject(NODES_TOPIC));
    fanout.#timer = setInterval(() => {
      void fanout.#checkHeads();
      client.roundTrip().then(
        (seconds) => observer.latency(seconds),
        () => undefined,
      );
    }, options.checkIntervalMs);
    fanout.#timer.unref();
    return fanout;
  }

  get state(): FanoutState {
    return this.#client.state;
  }

  publish(topic: string, frame: string): void {
    this.#local.publish(topic, frame);
    this.#client.publish(this.#subject(topic), frameEnvelope(this.nodeId, frame));
  }

  publishMessage(roomId: number, seq: number, frame: string): void {
    this.#sequencer.offer(roomId, seq, frame);
    this.#client.publish(this.#subject(roomTopic(roomId)), messageEnvelope(this.nodeId, roomId, seq, frame));
  }

  republishMessage(roomId: number, seq: number, frame: string): void {
    this.publishMessage(roomId, seq, frame);
  }

  want(topic: string): Promise<void> | undefined {
    const wanted = this.#wanted.get(topic);
    if (wanted !== undefined) {
      wanted.count += 1;
      return wanted.ready;
    }
    const roomId = roomIdOf(topic);
    if (roomId !== undefined) this.#sequencer.track(roomId);
    const entry: Wanted = { count: 1, ready: undefined };
    entry.ready = this.#subscribe(topic, roomId).finally(() => {
      entry.ready = undefined;
    });
    this.#wanted.set(topic, entry);
    return entry.ready;
  }

  subscribeFrom(connection: Connection, roomId: number, afterSeq: number, stillWanted: () => boolean): Promise<void> {
    const ready = this.want(roomTopic(roomId));
    return this.#catchUp(ready, connection, roomId, afterSeq, stillWanted);
  }

  release(topic: string): void {
    const wanted = this.#wanted.get(topic);
    if (wanted === undefined) return;
    wanted.count -= 1;
    if (wanted.count > 0) return;
    this.#wanted.delete(topic);
    this.#client.unsubscribe(this.#subject(topic));
    const roomId = roomIdOf(topic);
    if (roomId !== undefined) this.#sequencer.forget(roomId);
  }

  control(event: ControlEvent): void {
    this.#client.publish(this.#subject(controlTopic(event)), controlEnvelope(this.nodeId, event));
  }

  attach(handler: ControlHandler): void {
    this.#handler = handler;
  }

  /** Rooms this node follows, for tests. */
  get trackedRooms(): number {
    return this.#sequencer.size;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#sequencer.stop();
    await this.#client.close();
  }

  #subject(topic: string): string {
    return `${this.#options.prefix}.${topic}`;
  }

  /**
   * Subscribes, then starts the room's sequence from the store's head. A broker that does not confirm in time (it is
   * down) does not hold the socket's `auth` back: the subscription is made when the broker returns, and the gap
   * checks after the reconnect deliver what was published meanwhile.
   */
  async #subscribe(topic: string, roomId: number | undefined): Promise<void> {
    const client = this.#client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#options.subscribeTimeoutMs);
    });
    try {
      await Promise.race([client.subscribe(this.#subject(topic)), timeout]);
    } catch (error) {
      this.#observer.error(error);
    } finally {
      clearTimeout(timer);
    }
    if (roomId !== undefined) {
      try {
        await this.#sequencer.start(roomId);
      } catch (error) {
        this.#observer.error(error);
      }
    }
  }

  /**
   * Sends the socket, from the store, what this node delivered to the room after `afterSeq` before the socket was
   * subscribed, then subscribes it in the same turn as the last send, so nothing delivered later is missed or doubled.
   */
  async #catchUp(
    ready: Promise<void> | undefined,
    connection: Connection,
    roomId: number,
    afterSeq: number,
    stillWanted: () => boolean,
  ): Promise<void> {
    await ready;
    let sent = afterSeq;
    try {
      for (;;) {
        const delivered = this.#sequencer.delivered(roomId) ?? sent;
        if (!stillWanted()) return;
        if (sent >= delivered) break;
        const page = await this.#store.messages.history(roomId, { after: sent, limit: Math.min(delivered - sent, 200) });
        if (!stillWanted()) return;
        const upTo = this.#sequencer.delivered(roomId) ?? sent;
        const before = sent;
        for (const message of page.messages) {
          if (message.seq !== sent + 1 || message.seq > upTo) break;
          connection.send(encodeEvent('message', { message }));
          sent = message.seq;
        }
        if (sent === before) break;
      }
    } catch (error) {
      this.#observer.error(error);
    }
    connection.subscribe(roomTopic(roomId));
  }

  #receive(subject: string, payload: string): void {
    const prefix = this.#options.prefix;
    if (subject.length <= prefix.length + 1 || !subject.startsWith(prefix) || subject[prefix.length] !== '.') return;
    const envelope = parseEnvelope(payload);
    // Redis echoes a node's own payloads; this node delivered them when it published.
    if (envelope === undefined || envelope.origin === this.nodeId) return;
    switch (envelope.kind) {
      case 'message':
        this.#sequencer.offer(envelope.roomId, envelope.seq, envelope.frame);
        return;
      case 'frame': {
        const topic = subject.slice(prefix.length + 1);
        if (this.#wanted.has(topic)) this.#local.publish(topic, envelope.frame);
        return;
      }
      case 'control':
        this.#handler?.applyControl(envelope.event);
        return;
    }
  }

  async #checkHeads(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      await this.#sequencer.checkHeads();
    } catch (error) {
      this.#observer.error(error);
    } finally {
      this.#checking = false;
    }
  }
}
