// The new-chat dialog's state: open or not, direct or group, busy, the last error; it opens as a modal after render.

import type { ReactiveControllerHost } from 'lit';
import { IChatError, type Chat } from '@ichat/sdk';
import type { SessionController } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import { dialogCss } from './new-chat-styles.js';
import { formText } from '../shared/form-text.js';
import type { WidgetStrings } from '../shared/widget-strings.js';

export type NewChatKind = 'direct' | 'group';

/** The dialog's message for a refused `room.open_direct` or `room.create_group`. */
export function newChatError(error: unknown, kind: NewChatKind, t: WidgetStrings): string {
  if (!(error instanceof IChatError)) return t.errors.network;
  if (error.code === 'not_found') return t.errors.notFound;
  if (error.code === 'validation_failed') {
    if (kind === 'group' && error.field === 'name') return t.errors.groupName;
    return kind === 'direct' ? t.errors.self : error.message;
  }
  return error.retryable ? t.errors.network : t.errors.generic;
}

/** What the dialog asks of the element around it. */
export interface NewChatOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
  /** The chat now exists: open it. */
  created(chat: Chat): void;
}

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

export class NewChatController {
  isOpen = false;
  kind: NewChatKind = 'direct';
  error = '';
  busy = false;
  readonly #host: Host;
  readonly #modal: ModalDialog;
  readonly #options: NewChatOptions;
  /** Where focus goes back to when the dialog closes without opening a chat. */
  #returnFocusTo: string | undefined;

  constructor(host: Host, options: NewChatOptions) {
    this.#host = host;
    this.#modal = new ModalDialog(host, 'dialog.new-chat-dialog');
    this.#options = options;
    adoptPartStyles(host.renderRoot, dialogCss);
  }



  show(): void {
    this.isOpen = true;
    this.error = '';
    this.kind = 'direct';
    this.#returnFocusTo = 'button.new-chat';
    this.#options.focus.request('dialog input');
    this.#host.requestUpdate();
  }

  close(): void {
    this.#modal.dismiss();
    if (!this.isOpen) return;
    this.isOpen = false;
    this.#options.focus.fallback(this.#returnFocusTo);
    this.#host.requestUpdate();
  }

  setKind(kind: NewChatKind): void {
    this.kind = kind;
    this.error = '';
    this.#host.requestUpdate();
  }

  async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement) || this.busy) return;
    const data = new FormData(form);
    const value = (name: string): string => formText(data, name).trim();
    const { session, focus } = this.#options;
    this.busy = true;
    this.error = '';
    this.#host.requestUpdate();
    try {
      const chat =
        this.kind === 'direct'
          ? await session.require().openDirect(value('with'))
          : await session.require().createGroup(value('name'), value('members').split(/[\s,;]+/).filter(Boolean));
      this.#returnFocusTo = undefined;
      this.close();
      this.#options.created(chat);
    } catch (error) {
      this.error = newChatError(error, this.kind, this.#options.strings());
      focus.request('dialog input');
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}
