// The time relative labels are computed against ("Yesterday", "10:42"): re-renders the host twice a minute.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

const CLOCK_TICK_MS = 30_000;

export class Clock implements ReactiveController {
  now = Date.now();
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = setInterval(() => {
      this.now = Date.now();
      this.#host.requestUpdate();
    }, CLOCK_TICK_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }
}
