// A tiny typed event emitter that runs anywhere (no Node EventEmitter), with listener errors kept contained.

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/** A listener for one event of a map. */
export type Listener<Map, K extends keyof Map> = (event: Map[K]) => void;

/**
 * Typed `on`/`off`/`emit` over an event map such as {@link ClientEvents}.
 *
 * @example
 * ```ts
 * const events = new Emitter<{ tick: number }>();
 * const stop = events.on('tick', (n) => console.log(n));
 * events.emit('tick', 1);
 * stop();
 * ```
 */
export class Emitter<Map> {
  readonly #listeners = new globalThis.Map<keyof Map, Set<(event: never) => void>>();
  readonly #onListenerError: (error: unknown) => void;

  /** @param onListenerError called when a listener throws; the other listeners still run. */
  constructor(onListenerError: (error: unknown) => void = (error) => queueMicrotask(() => { throw error; })) {
    this.#onListenerError = onListenerError;
  }

  /** Calls `listener` on each `type` event; returns a function that removes it. */
  on<K extends keyof Map>(type: K, listener: Listener<Map, K>): Unsubscribe {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return () => this.off(type, listener);
  }

  /** Calls `listener` on the next `type` event only. */
  once<K extends keyof Map>(type: K, listener: Listener<Map, K>): Unsubscribe {
    const unsubscribe = this.on(type, (event) => {
      unsubscribe();
      listener(event);
    });
    return unsubscribe;
  }

  /** Removes a listener added with {@link Emitter.on}. */
  off<K extends keyof Map>(type: K, listener: Listener<Map, K>): void {
    this.#listeners.get(type)?.delete(listener);
  }

  /** Calls every listener of `type`, in the order they were added. */
  emit<K extends keyof Map>(type: K, event: Map[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) return;
    // Each set only ever holds listeners added for its own key, so narrowing back to that key's listener is sound.
    for (const listener of [...set] as Listener<Map, K>[]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
