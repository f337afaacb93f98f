// This node's own socket counts per address: the truth the shared entry of this node is rewritten from after an outage.

export class ConnectionLedger {
  readonly #counts = new Map<string, number>();
  #stale = false;

  add(address: string): void {
    this.#counts.set(address, (this.#counts.get(address) ?? 0) + 1);
  }

  remove(address: string): void {
    const count = (this.#counts.get(address) ?? 0) - 1;
    if (count > 0) this.#counts.set(address, count);
    else this.#counts.delete(address);
  }

  get(address: string): number {
    return this.#counts.get(address) ?? 0;
  }

  entries(): IterableIterator<[string, number]> {
    return this.#counts.entries();
  }

  /** A change could not be written to the broker: the shared entry no longer matches until it is rewritten. */
  markStale(): void {
    this.#stale = true;
  }

  /** Whether the shared entry must be rewritten; the caller marks it stale again if the rewrite fails. */
  takeStale(): boolean {
    const stale = this.#stale;
    this.#stale = false;
    return stale;
  }
}
