// The "Forgot password?" dialog's state: open or not, busy, sent, and its error. It asks the server for a reset link
// through the SDK's account client; the link opens the server's own reset page.

import type { ReactiveControllerHost } from 'lit';
import { createAccountClient, IChatError } from '@ichat/sdk';
import type { FocusRequest } from '../shared/focus-request.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { formText } from '../shared/form-text.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';

/** Where a refused request's error belongs and how to say it. */
export function forgotPasswordError(error: unknown, t: WidgetStrings): { email?: string; form?: string } {
  if (!(error instanceof IChatError)) return { form: t.errors.network };
  if (error.code === 'validation_failed') return { email: t.errors.email };
  if (error.code === 'email_disabled') return { form: t.errors.noEmail };
  if (error.code === 'rate_limited') {
    return { form: fill(t.errors.rateLimited, { seconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)) }) };
  }
  return { form: error.retryable ? t.errors.network : t.errors.generic };
}

/** What the dialog asks of the element around it. */
export interface ForgotPasswordOptions {
  /** The chat server's base URL. */
  server(): string;
  focus: FocusRequest;
  strings(): WidgetStrings;
}

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

const DIALOG = 'dialog.forgot-dialog';

export class ForgotPasswordController {
  isOpen = false;
  busy = false;
  /** The address a link was asked for, once the server took the request. */
  sentTo = '';
  /** What the e-mail field held when the dialog opened (the log-in form's). */
  email = '';
  errors: { email?: string; form?: string } = {};
  readonly #host: Host;
  readonly #modal: ModalDialog;
  readonly #options: ForgotPasswordOptions;

  constructor(host: Host, options: ForgotPasswordOptions) {
    this.#host = host;
    this.#modal = new ModalDialog(host, DIALOG);
    this.#options = options;
  }



  show(email: string): void {
    Object.assign(this, { isOpen: true, busy: false, sentTo: '', email, errors: {} });
    this.#options.focus.request(`${DIALOG} input`);
    this.#host.requestUpdate();
  }

  /** Closes (Cancel, Escape, Done); focus goes back to the link that opened it. */
  close(): void {
    this.#modal.dismiss();
    if (!this.isOpen) return;
    this.isOpen = false;
    this.#options.focus.fallback('button.forgot');
    this.#host.requestUpdate();
  }

  /** The dialog closed by itself (Escape); a late close event of an earlier dialog must not close this one. */
  closed(dialog: EventTarget | null): void {
    if (this.#modal.owns(dialog)) this.close();
  }

  async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement) || this.busy) return;
    const email = formText(new FormData(form), 'email').trim();
    this.busy = true;
    this.errors = {};
    this.#host.requestUpdate();
    try {
      await createAccountClient({ url: this.#options.server() }).requestPasswordReset(email);
      this.sentTo = email;
      this.#options.focus.request(`${DIALOG} button.primary`);
    } catch (error) {
      this.errors = forgotPasswordError(error, this.#options.strings());
      this.#options.focus.request(`${DIALOG} input`);
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}
