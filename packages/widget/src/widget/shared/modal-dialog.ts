// A modal <dialog> that a controller renders while it is open: shown with showModal() once rendered, so it traps focus
// and the page behind it is inert; closed with its controller; and able to tell its own close event from a late one
// of a dialog already closed and removed.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

export class ModalDialog implements ReactiveController {
  readonly #host: Host;
  readonly #selector: string;

  constructor(host: Host, selector: string) {
    this.#host = host;
    this.#selector = selector;
    host.addController(this);
  }

  get #element(): HTMLDialogElement | null {
    return this.#host.renderRoot.querySelector(this.#selector);
  }

  hostUpdated(): void {
    const dialog = this.#element;
    // An update can land after the element left the page, where a dialog cannot be shown.
    if (dialog !== null && dialog.isConnected && !dialog.open) dialog.showModal();
  }

  /** Closes the dialog on screen, if one is. */
  dismiss(): void {
    const dialog = this.#element;
    if (dialog?.open === true) dialog.close();
  }

  /** Whether a close event came from the dialog on screen now. */
  owns(target: EventTarget | null): boolean {
    return target !== null && target === this.#element;
  }
}
