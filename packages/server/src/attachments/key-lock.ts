// Runs work for one storage key at a time, so a sweep never deletes a file an upload is just naming again.

export class KeyLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `work` once every earlier work for `key` has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      // The last in line clears the entry, so the map holds only keys with work pending.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
