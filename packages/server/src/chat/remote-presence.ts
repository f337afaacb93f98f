// Which other nodes hold sockets of which users: learnt from their presence events and heartbeats, forgotten when a
// node stops or falls silent.

interface NodeEntry {
  /** When this node was last heard from (monotonic clock). */
  seen: number;
  readonly users: Set<number>;
}

export class RemotePresence {
  readonly #nodes = new Map<string, NodeEntry>();

  has(userId: number): boolean {
    for (const node of this.#nodes.values()) if (node.users.has(userId)) return true;
    return false;
  }

  /** Node ids heard from, for choosing which node announces a dead node's users offline. */
  nodeIds(): Iterable<string> {
    return this.#nodes.keys();
  }

  set(node: string, userId: number, online: boolean, now: number): void {
    const entry = this.#entry(node, now);
    if (online) entry.users.add(userId);
    else entry.users.delete(userId);
  }

  /** Whether this node has been heard from (and not forgotten since). */
  knows(node: string): boolean {
    return this.#nodes.has(node);
  }

  /**
   * A heartbeat: the node's whole list, which also repairs any presence event the broker lost. Returns the users whose
   * presence on that node this changed.
   */
  replace(node: string, userIds: readonly number[], now: number): number[] {
    const entry = this.#entry(node, now);
    const listed = new Set(userIds);
    const changed: number[] = [];
    for (const id of entry.users) if (!listed.has(id)) changed.push(id);
    for (const id of listed) if (!entry.users.has(id)) changed.push(id);
    entry.users.clear();
    for (const id of listed) entry.users.add(id);
    return changed;
  }

  /** Forgets a node; returns the users it held. */
  drop(node: string): number[] {
    const entry = this.#nodes.get(node);
    this.#nodes.delete(node);
    return entry === undefined ? [] : [...entry.users];
  }

  /** Forgets the nodes not heard from since `before`; returns the users they held. */
  expire(before: number): number[] {
    const users: number[] = [];
    for (const [node, entry] of this.#nodes) {
      if (entry.seen < before) users.push(...this.drop(node));
    }
    return users;
  }

  #entry(node: string, now: number): NodeEntry {
    let entry = this.#nodes.get(node);
    if (entry === undefined) {
      entry = { seen: now, users: new Set() };
      this.#nodes.set(node, entry);
    }
    entry.seen = now;
    return entry;
  }
}
