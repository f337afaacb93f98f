// Keeps the composer above the on-screen keyboard: mobile browsers shrink the visual viewport, not the layout one.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/**
 * Tracks the visual viewport's height and offset and publishes them on the frame, so a full-screen panel can fit
 * above the keyboard. Added before the conversation, so the log restores its scroll position in the final size.
 */
export class ViewportFit implements ReactiveController {
  #height = 0;
  #top = 0;
  readonly #host: Host;
  readonly #changed: () => void;
  readonly #update = (): void => {
    const viewport = globalThis.visualViewport;
    if (viewport === null || viewport === undefined) return;
    const height = Math.round(viewport.height);
    const top = Math.round(viewport.offsetTop);
    if (height === this.#height && top === this.#top) return;
    this.#height = height;
    this.#top = top;
    this.#host.requestUpdate();
    this.#changed();
  };

  /** `changed` runs after the viewport moved: the place to bring the focused composer back into view. */
  constructor(host: Host, changed: () => void) {
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

  /** Through the CSSOM, not an inline style attribute, for strict CSPs. */
  hostUpdated(): void {
    const frame = this.#host.renderRoot.querySelector<HTMLElement>('.frame');
    if (frame === null || this.#height === 0) return;
    frame.style.setProperty('--_vvh', `${this.#height}px`);
    frame.style.setProperty('--_vvtop', `${this.#top}px`);
  }
}
