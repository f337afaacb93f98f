// The profile editor's state: open or not, busy, and its errors; it opens as a modal after render and saves through
// the SDK, whose answer and `user.updated` event put the new name and picture on every screen.

import type { ReactiveControllerHost } from 'lit';
import { IChatError, type Unsubscribe } from '@ichat/sdk';
import { dialogCss } from '../new-chat/new-chat-styles.js';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import { formText } from '../shared/form-text.js';
import type { WidgetStrings } from '../shared/widget-strings.js';

export type ProfileField = 'displayName' | 'avatarUrl';

/** Errors to show: per field, and one for the whole form. */
export type ProfileErrors = Partial<Record<ProfileField | 'form', string>>;

/** Where a refused profile edit's error belongs and how to say it. */
export function profileErrors(error: unknown, t: WidgetStrings): ProfileErrors {
  if (!(error instanceof IChatError)) return { form: t.errors.network };
  const { code, field } = error;
  if (code === 'validation_failed' && (field === 'displayName' || field === 'avatarUrl')) return { [field]: t.errors[field] };
  if (code === 'forbidden') return { form: t.errors.profileFromSite };
  return { form: error.retryable ? t.errors.network : t.errors.generic };
}

/** What the editor asks of the element around it. */
export interface ProfileOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
}

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

const DIALOG = 'dialog.profile-dialog';

export class ProfileController implements SessionPart {
  isOpen = false;
  busy = false;
  errors: ProfileErrors = {};
  readonly #host: Host;
  readonly #modal: ModalDialog;
  readonly #options: ProfileOptions;

  constructor(host: Host, options: ProfileOptions) {
    this.#host = host;
    this.#modal = new ModalDialog(host, DIALOG);
    this.#options = options;
    adoptPartStyles(host.renderRoot, dialogCss);
    options.session.add(this);
  }



  /** Whether the user shares read receipts, as the server last said (the dialog's checkbox). */
  get sharesReceipts(): boolean {
    return this.#options.session.client?.sharesReceipts ?? true;
  }

  attach(): Unsubscribe[] {
    return [];
  }

  /** A session that ends (log out, revoked) takes its open editor with it. */
  reset(): void {
    this.isOpen = false;
  }

  show(): void {
    this.isOpen = true;
    this.errors = {};
    this.#options.focus.request(`${DIALOG} input`);
    this.#host.requestUpdate();
  }

  /** Closes without saving (Cancel, Escape) or after a save; focus goes back to the button that opened it. */
  close(): void {
    this.#modal.dismiss();
    if (!this.isOpen) return;
    this.isOpen = false;
    this.#options.focus.fallback('button.edit-profile');
    this.#host.requestUpdate();
  }

  /**
   * The dialog closed by itself (Escape): the same as Cancel. The close event of a dialog already closed and removed
   * can arrive after the editor was opened again, and must not close the new one.
   */
  closed(dialog: EventTarget | null): void {
    if (this.#modal.owns(dialog)) this.close();
  }

  /** Saves: an empty field clears it (`null`), so the username and the initials show again. */
  async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement) || this.busy) return;
    const data = new FormData(form);
    const value = (name: ProfileField): string | null => formText(data, name).trim() || null;
    this.busy = true;
    this.errors = {};
    this.#host.requestUpdate();
    try {
      const client = this.#options.session.require();
      // First, so it holds even where the profile itself comes from the host site and cannot be edited here.
      const share = data.get('shareReceipts') !== null;
      if (share !== this.sharesReceipts) await client.shareReceipts(share);
      await client.updateProfile({ displayName: value('displayName'), avatarUrl: value('avatarUrl') });
      this.close();
    } catch (error) {
      this.errors = profileErrors(error, this.#options.strings());
      this.#options.focus.request(`${DIALOG} ${this.errors.avatarUrl === undefined ? 'input' : '[name="avatarUrl"]'}`);
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}
