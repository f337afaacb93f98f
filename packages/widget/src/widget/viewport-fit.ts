// Keeps the composer above the on-screen keyboard: mobile browsers shrink the visual viewport, not the layout one.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Tracks the visual viewport's height and offset, so a full-screen panel can fit above the keyboard. */
export class ViewportFit implements ReactiveController {
  height = 0;
  top = 0;
  readonly #host: ReactiveControllerHost;
  readonly #changed: () => void;
  readonly #update = (): void => {
    const viewport = globalThis.visualViewport;
    if (viewport === null || viewport === undefined) return;
    const height = Math.round(viewport.height);
    const top = Math.round(viewport.offsetTop);
    if (height === this.height && top === this.top) return;
    this.height = height;
    this.top = top;
    this.#host.requestUpdate();
    this.#changed();
  };

  /** `changed` runs after the viewport moved: the place to bring the focused composer back into view. */
  constructor(host: ReactiveControllerHost, changed: () => void) {
    this.#host = host;
    this.#changed = changed;
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.visualViewport?.addEventListener('resize', this.#update);
    globalThis.visualViewport?.addEventListener('scroll', this.#update);
    this.#update();
  }

  hostDisconnected(): void {
    globalThis.visualViewport?.removeEventListener('resize', this.#update);
    globalThis.visualViewport?.removeEventListener('scroll', this.#update);
  }
}
