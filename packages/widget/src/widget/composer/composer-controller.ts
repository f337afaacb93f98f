// The composer's state: what is being edited, the last error, and the typing signals it sends.

import type { ReactiveControllerHost } from 'lit';
import { IChatError, type IChatClient, type Message, type Unsubscribe } from '@ichat/sdk';
import type { AttachmentsController } from '../attachments/attachments-controller.js';
import type { MentionsController } from '../mentions/mentions-controller.js';
import type { ReactionsController } from '../reactions/reactions-controller.js';
import type { LazyPart } from '../parts/lazy-parts.js';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { queueSend } from '../shared/queue-send.js';
import type { WidgetStrings } from '../shared/widget-strings.js';

/** The server relays at most one typing signal a second per room; sending more is wasted. */
const TYPING_SEND_EVERY_MS = 2000;
const GROWS_BY_ITSELF = globalThis.CSS?.supports?.('field-sizing', 'content') === true;

/** Grows the composer with its text where CSS `field-sizing` cannot (its max-height caps it). */
function autosize(target: EventTarget | null): void {
  if (GROWS_BY_ITSELF || !(target instanceof HTMLTextAreaElement)) return;
  target.style.blockSize = 'auto';
  target.style.blockSize = `${target.scrollHeight + 2}px`;
}

/** How to tell the reader why the server refused what they wrote. */
function composerError(error: unknown, t: WidgetStrings): string {
  if (!(error instanceof IChatError)) return t.errors.generic;
  if (error.code === 'message_rejected') return t.errors.messageRejected;
  if (error.code === 'blocked') return t.errors.blocked;
  if (error.code === 'validation_failed' && error.field === 'text') return t.errors.tooLong;
  return error.retryable ? t.errors.network : t.errors.generic;
}

/** What the composer asks of the conversation around it. */
export interface ComposerOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
  /** Files for the next message: uploads, their progress and the previews (a lazy part, loaded on the first file). */
  attachments: LazyPart<'attachments', AttachmentsController>;
  /** The `@` autocomplete (a lazy part, loaded on the first `@` typed). */
  mentions: LazyPart<'mentions', MentionsController>;
  /** Replies and reactions (a lazy part): the message the next send answers. */
  reactions: LazyPart<'reactions', ReactionsController>;
  /** The room it writes to, if one is open. */
  roomId(): number | null;
  /** A message was queued: the log follows it to the bottom. */
  sent(): void;
  /** The server stored an edit. */
  edited(message: Message): void;
}

export class ComposerController implements SessionPart {
  /** The message being edited, if any. */
  editing: Message | null = null;
  error = '';
  readonly #host: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  readonly #options: ComposerOptions;
  readonly #typingSent = new Map<number, number>();

  constructor(host: ReactiveControllerHost & { readonly renderRoot: ParentNode }, options: ComposerOptions) {
    this.#host = host;
    this.#options = options;
    options.session.add(this);
  }

  get #textarea(): HTMLTextAreaElement | null {
    return this.#host.renderRoot.querySelector('textarea');
  }

  async submit(): Promise<void> {
    const textarea = this.#textarea;
    const roomId = this.#options.roomId();
    if (textarea === null || roomId === null) return;
    const text = textarea.value;
    const editing = this.editing;
    // An edit changes the text alone; a new message takes the files uploaded for it.
    const uploads = editing === null ? this.#options.attachments.controller?.uploads : undefined;
    if (uploads?.busy === true) {
      this.error = this.#options.strings().errors.uploading;
      this.#host.requestUpdate();
      return;
    }
    const files = uploads?.ids ?? [];
    if (text.trim() === '' && files.length === 0) return;
    try {
      if (editing !== null) {
        this.#options.edited(await this.#options.session.require().edit(roomId, editing.seq, text));
        this.editing = null;
      } else {
        const reactions = this.#options.reactions.controller;
        queueSend(this.#options.session.require(), roomId, text, files, reactions?.replyingTo?.seq);
        reactions?.cancelReply();
        uploads?.clear();
        this.#options.sent();
      }
      this.clear();
      this.error = '';
    } catch (error) {
      this.error = composerError(error, this.#options.strings());
    }
    this.#host.requestUpdate();
  }

  /** Starts uploading files picked, dropped or pasted, loading the attachment part on the first. */
  addFiles(files: readonly File[]): void {
    if (files.length === 0 || this.editing !== null) return;
    this.error = '';
    this.#options.attachments.use((attachments) => attachments.add(files));
  }

  /** Opens the browser's file picker (the file input is hidden: the attach button stands for it). */
  pickFiles(): void {
    this.#host.renderRoot.querySelector<HTMLInputElement>('.composer input[type="file"]')?.click();
  }

  /** A paste of files (a screenshot, say) attaches them instead of pasting their name. */
  paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.addFiles(files);
  }

  /** Enter alone submits; Shift+Enter (and Enter while an IME is composing) stays a new line; Escape ends a reply or an edit. */
  keydown(event: KeyboardEvent): void {
    const textarea = this.#textarea;
    if (textarea !== null && this.#options.mentions.controller?.keydown(event, textarea) === true) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      void this.submit();
    } else if (event.key === 'Escape') {
      // A reply pending is dropped first; its Escape goes no further (a floating panel stays open).
      if (this.#options.reactions.controller?.cancelReply() === true) event.preventDefault();
      else this.cancelEdit();
    }
  }

  input(event: Event): void {
    autosize(event.target);
    const roomId = this.#options.roomId();
    if (roomId !== null) this.#sendTyping(roomId);
    const textarea = event.target;
    // The autocomplete loads on the first `@`; once loaded, it follows every keystroke (to close as well as to open).
    if (roomId !== null && textarea instanceof HTMLTextAreaElement && (this.#options.mentions.controller !== undefined || textarea.value.includes('@'))) {
      this.#options.mentions.use((mentions) => mentions.update(textarea, roomId));
    }
    if (this.error !== '') {
      this.error = '';
      this.#host.requestUpdate();
    }
  }

  /** Empties the text area, for a new room or after a send. */
  clear(): void {
    const textarea = this.#textarea;
    if (textarea === null) return;
    this.#options.mentions.controller?.close(textarea);
    textarea.value = '';
    autosize(textarea);
  }

  startEdit(message: Message): void {
    const textarea = this.#textarea;
    if (textarea === null) return;
    this.editing = message;
    textarea.value = message.text;
    autosize(textarea);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    this.#host.requestUpdate();
  }

  cancelEdit(): void {
    if (this.editing === null) return;
    this.editing = null;
    this.clear();
    this.error = '';
    this.#options.focus.request('textarea');
    this.#host.requestUpdate();
  }

  /** Another room: the edit, the reply, the error and the files were about the last one. */
  leaveRoom(): void {
    this.editing = null;
    this.#options.reactions.controller?.cancelReply();
    this.error = '';
    this.clear();
    this.#options.attachments.controller?.uploads.clear();
  }

  /**
   * A queued send the server refused for the word list or a block is told here, where the reader is writing (the
   * message also stays in the log as not sent).
   */
  attach(client: IChatClient): Unsubscribe[] {
    return [
      client.on('send.failed', ({ pending, error }) => {
        if (pending.roomId !== this.#options.roomId() || (error.code !== 'message_rejected' && error.code !== 'blocked')) return;
        this.error = composerError(error, this.#options.strings());
        this.#host.requestUpdate();
      }),
    ];
  }

  reset(): void {
    this.editing = null;
    this.error = '';
    this.#typingSent.clear();
  }

  /** The on-screen keyboard moved the visual viewport: bring a focused composer back into view. */
  keepVisible(): void {
    const textarea = this.#textarea;
    if (textarea?.matches(':focus') === true) textarea.scrollIntoView({ block: 'nearest' });
  }

  /** Tells the room this user is typing, at most once per interval. */
  #sendTyping(roomId: number): void {
    const now = Date.now();
    const client = this.#options.session.client;
    if (client === undefined || now - (this.#typingSent.get(roomId) ?? 0) < TYPING_SEND_EVERY_MS || client.state !== 'open') return;
    this.#typingSent.set(roomId, now);
    client.typing(roomId).catch(() => undefined);
  }
}
