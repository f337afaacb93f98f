// Where focus goes next: a request that waits for its target, which may only appear a render or a sync later.

export class FocusRequest {
  #selector: string | undefined;

  /** Focuses the first match of `selector` after the next render that shows it; `undefined` drops the request. */
  request(selector: string | undefined): void {
    this.#selector = selector;
  }

  /** Requests `selector` only when nothing else asked for focus first. */
  fallback(selector: string | undefined): void {
    this.#selector ??= selector;
  }

  /** Call after each render: after logging in, for instance, the chat list only appears once the first sync is done. */
  flush(root: ParentNode): void {
    const target = this.#selector === undefined ? null : root.querySelector<HTMLElement>(this.#selector);
    if (target === null) return;
    this.#selector = undefined;
    target.focus();
  }
}
