// The moderation dialogs' state: reporting a message (reason, note) and blocking or unblocking a direct chat's peer.
// Loaded as a lazy part: most visitors never open either.

import type { ReactiveControllerHost } from 'lit';
import { IChatError, REPORT_REASONS, type Message, type PublicUser, type ReportReason, type Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { formText } from '../shared/form-text.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { mergeModerationStrings, type ModerationStringOverrides, type ModerationStrings } from './moderation-strings.js';

/** Which dialog is open: a report of one message, or the block choice for one person. */
export type ModerationFlow =
  | { kind: 'report'; message: Message; sent: boolean }
  | { kind: 'block'; user: PublicUser; name: string; blocked: boolean | undefined };

export interface ModerationOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
  /** The host's overrides of the dialogs' strings (`element.strings.moderation`). */
  moderationStrings(): ModerationStringOverrides | undefined;
}

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

const DIALOG = 'dialog.moderation-dialog';

function isReason(value: string): value is ReportReason {
  return (REPORT_REASONS as readonly string[]).includes(value);
}

export class ModerationController implements SessionPart {
  flow: ModerationFlow | null = null;
  busy = false;
  error = '';
  readonly #host: Host;
  readonly #modal: ModalDialog;
  readonly #options: ModerationOptions;
  /** Where focus goes back to when the dialog closes. */
  #opener = '';

  constructor(host: Host, options: ModerationOptions) {
    this.#host = host;
    this.#modal = new ModalDialog(host, DIALOG);
    this.#options = options;
    options.session.add(this);
  }

  /** The dialogs' strings with the host's overrides. */
  get strings(): ModerationStrings {
    return mergeModerationStrings(this.#options.moderationStrings());
  }

  get isOpen(): boolean {
    return this.flow !== null;
  }



  attach(): Unsubscribe[] {
    return [];
  }

  reset(): void {
    this.flow = null;
  }

  /** Opens the report dialog for someone else's message. */
  report(message: Message): void {
    this.#open({ kind: 'report', message, sent: false }, `.msg[data-seq="${message.seq}"] button.report`, `${DIALOG} input[name="reason"]`);
  }

  /** Opens the block (or unblock) dialog for a direct chat's peer, once it is known whether they are blocked. */
  block(user: PublicUser, name: string): void {
    this.#open({ kind: 'block', user, name, blocked: undefined }, 'button.chat-options', `${DIALOG} button.primary`);
    this.#options.session
      .require()
      .blockedUsers()
      .then(
        (users) => {
          const flow = this.flow;
          if (flow?.kind !== 'block' || flow.user.id !== user.id) return;
          this.flow = { ...flow, blocked: users.some((blocked) => blocked.id === user.id) };
          this.#host.requestUpdate();
        },
        (error: unknown) => this.#fail(error),
      );
  }

  close(): void {
    this.#modal.dismiss();
    if (this.flow === null) return;
    this.flow = null;
    this.#options.focus.fallback(this.#opener);
    this.#host.requestUpdate();
  }

  /** The dialog closed by itself (Escape); a late close event of an earlier dialog must not close this one. */
  closed(dialog: EventTarget | null): void {
    if (this.#modal.owns(dialog)) this.close();
  }

  async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const flow = this.flow;
    if (!(form instanceof HTMLFormElement) || flow === null || this.busy) return;
    const client = this.#options.session.require();
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    this.#host.requestUpdate();
    try {
      if (flow.kind === 'report') {
        const reason = formText(data, 'reason');
        const note = formText(data, 'note').trim();
        if (!isReason(reason)) return;
        if (reason === 'other' && note === '') {
          this.error = this.strings.noteRequired;
          return;
        }
        await client.reportMessage(flow.message.roomId, flow.message.seq, reason, note === '' ? undefined : note);
        this.flow = { ...flow, sent: true };
        this.#options.focus.request(`${DIALOG} button.primary`);
      } else if (flow.blocked === true) {
        await client.unblockUser(flow.user.id);
        this.close();
      } else {
        await client.blockUser(flow.user.id);
        this.close();
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }

  #open(flow: ModerationFlow, opener: string, focus: string): void {
    this.flow = flow;
    this.error = '';
    this.busy = false;
    this.#opener = opener;
    this.#options.focus.request(focus);
    this.#host.requestUpdate();
  }

  #fail(error: unknown): void {
    const t = this.#options.strings();
    const tooMany = error instanceof IChatError && error.code === 'rate_limited';
    this.error = tooMany ? this.strings.tooMany : error instanceof IChatError && !error.retryable ? t.errors.generic : t.errors.network;
    this.#host.requestUpdate();
  }
}
