// Lazy parts as the element uses them: loaded on first use, their controller made once, then run. A part that could
// not be loaded (offline, say) is reported in a notice, and the next use tries again.

import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { loadPart } from './part-loader.js';
import type { PartName, WidgetParts } from './widget-parts.js';

/** The element's lazy parts, and the notice shown when one could not be loaded. */
export class LazyParts {
  /** Whether the last part asked for could not be loaded. */
  failed = false;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /**
   * One part, with the controller `create` makes from its module once it is loaded. A `quiet` part, one the visitor
   * did not ask for, shows no notice when it cannot be loaded.
   */
  part<K extends PartName, C>(name: K, create: (module: WidgetParts[K]) => C, quiet = false): LazyPart<K, C> {
    return new LazyPart(name, create, (loaded) => {
      if (loaded || !quiet) this.#settle(loaded);
    });
  }

  #settle(loaded: boolean): void {
    this.failed = !loaded;
    this.#host.requestUpdate();
  }

  render(t: WidgetStrings): TemplateResult | typeof nothing {
    if (!this.failed) return nothing;
    return html`<div class="banner on" part="banner" role="alert">
      <span>${t.errors.partLoad}</span><button class="quiet small" @click=${() => this.#settle(true)}>${t.close}</button>
    </div>`;
  }
}

export class LazyPart<K extends PartName, C> {
  #loaded: { module: WidgetParts[K]; controller: C } | undefined;
  readonly #name: K;
  readonly #create: (module: WidgetParts[K]) => C;
  readonly #settle: (loaded: boolean) => void;

  constructor(name: K, create: (module: WidgetParts[K]) => C, settle: (loaded: boolean) => void) {
    this.#name = name;
    this.#create = create;
    this.#settle = settle;
  }

  /** The part's controller, once loaded. */
  get controller(): C | undefined {
    return this.#loaded?.controller;
  }

  /** Loads the part (at once when it already was), then hands its controller to `run`. */
  use(run: (controller: C) => void): void {
    if (this.#loaded !== undefined) {
      run(this.#loaded.controller);
      return;
    }
    loadPart(this.#name).then(
      (module) => {
        this.#loaded ??= { module, controller: this.#create(module) };
        run(this.#loaded.controller);
        this.#settle(true);
      },
      () => this.#settle(false),
    );
  }

  /** Renders with the part's module, once loaded and while `shown` says so. */
  render(
    shown: (controller: C) => boolean,
    view: (module: WidgetParts[K], controller: C) => TemplateResult | typeof nothing,
  ): TemplateResult | typeof nothing {
    const loaded = this.#loaded;
    return loaded !== undefined && shown(loaded.controller) ? view(loaded.module, loaded.controller) : nothing;
  }
}
