// One pane or two: follows the width of the element's own frame, not the window's.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** From this width the chat list and the conversation sit side by side. */
const TWO_PANE_MIN_PX = 720;

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

export class PaneLayout implements ReactiveController {
  wide = false;
  readonly #host: Host;
  #resize: ResizeObserver | undefined;
  #observing = false;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#resize = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      const wide = width >= TWO_PANE_MIN_PX;
      if (width === 0 || wide === this.wide) return;
      this.wide = wide;
      this.#host.requestUpdate();
    });
    this.#observing = false;
  }

  hostDisconnected(): void {
    this.#resize?.disconnect();
  }

  /** The frame exists from the first render on (and again after the element moved in the DOM). */
  hostUpdated(): void {
    if (this.#observing) return;
    const frame = this.#host.renderRoot.querySelector('.frame');
    if (frame === null) return;
    this.#resize?.observe(frame);
    this.#observing = true;
  }
}
