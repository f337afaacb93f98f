// Attachments in the widget, loaded as a lazy part on the first file added or the first message with files: the
// uploads of the next message, the signed links of the attachments on screen, and the image viewer.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Attachment, IChatClient, Message, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import { AttachmentLinks } from './attachment-links.js';
import { ATTACHMENT_STRINGS, type AttachmentStringOverrides, type AttachmentStrings } from './attachment-strings.js';
import { AttachmentUploads } from './attachment-uploads.js';
import { attachmentsCss } from './attachments-styles.js';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

export interface AttachmentsOptions {
  session: SessionController;
  focus: FocusRequest;
  /** The host's overrides of the part's strings (`element.strings.attachments`). */
  attachmentStrings(): AttachmentStringOverrides | undefined;
}

const VIEWER = 'dialog.attachment-viewer';

export class AttachmentsController implements ReactiveController, SessionPart {
  readonly uploads: AttachmentUploads;
  readonly links: AttachmentLinks;
  /** The image open in the viewer, if any. */
  viewing: Attachment | null = null;
  readonly #host: Host;
  readonly #options: AttachmentsOptions;
  readonly #modal: ModalDialog;
  /** Ids of the attachments on screen now, whose links are kept fresh; the others wait until scrolled to. */
  readonly #visible = new Map<Element, number[]>();
  readonly #observed = new WeakSet<Element>();
  readonly #observer: IntersectionObserver;
  /** Where focus goes back to when the viewer closes. */
  #opener = '';

  constructor(host: Host, options: AttachmentsOptions) {
    this.#host = host;
    this.#options = options;
    this.#modal = new ModalDialog(host, VIEWER);
    this.uploads = new AttachmentUploads(() => host.requestUpdate());
    this.links = new AttachmentLinks(() => host.requestUpdate());
    this.#observer = new IntersectionObserver((entries) => this.#seen(entries));
    adoptPartStyles(host.renderRoot, attachmentsCss);
    host.addController(this);
    options.session.add(this);
  }

  get strings(): AttachmentStrings {
    return { ...ATTACHMENT_STRINGS, ...this.#options.attachmentStrings() };
  }

  get isOpen(): boolean {
    return this.viewing !== null;
  }

  attach(client: IChatClient): Unsubscribe[] {
    return [client.on('ready', () => this.links.resume()), client.on('resumed', () => this.links.resume())];
  }

  reset(): void {
    this.uploads.clear();
    this.links.stop();
    this.viewing = null;
  }

  /** Starts uploading files the reader picked, dropped or pasted. */
  add(files: readonly File[]): void {
    this.uploads.add(this.#options.session.require(), files, this.strings);
  }

  hostUpdated(): void {
    // Each message's attachments render into one element carrying their ids; watched, they are linked once on screen.
    for (const element of this.#host.renderRoot.querySelectorAll('.attachments[data-ids]')) {
      if (this.#observed.has(element)) continue;
      this.#observed.add(element);
      this.#observer.observe(element);
    }
    const client = this.#options.session.client;
    if (client !== undefined && this.#visible.size > 0) this.links.want(client, [...this.#visible.values()].flat());
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
    this.links.stop();
  }

  #seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.target.isConnected) this.#observer.unobserve(entry.target);
      if (entry.isIntersecting && entry.target.isConnected) {
        this.#visible.set(entry.target, (entry.target.getAttribute('data-ids') ?? '').split(' ').map(Number));
      } else {
        this.#visible.delete(entry.target);
      }
    }
    const client = this.#options.session.client;
    if (client !== undefined) this.links.want(client, [...this.#visible.values()].flat());
  }

  /** An image would not load: its link expired while the page slept, so a fresh one is asked for. */
  broken(id: number): void {
    this.links.expire(id);
    this.#host.requestUpdate();
  }

  /** Opens an image of a message in the viewer; focus goes back to its preview when the viewer closes. */
  view(message: Message, attachment: Attachment): void {
    this.viewing = attachment;
    this.#opener = `.msg[data-seq="${message.seq}"] .attachment-image[data-id="${attachment.id}"]`;
    this.#options.focus.request(`${VIEWER} button.close`);
    this.#host.requestUpdate();
  }

  close(): void {
    this.#modal.dismiss();
    if (this.viewing === null) return;
    this.viewing = null;
    this.#options.focus.request(this.#opener);
    this.#host.requestUpdate();
  }

  /** The viewer closed by itself (Escape); a late close event of an earlier viewer must not close this one. */
  closed(dialog: EventTarget | null): void {
    if (this.#modal.owns(dialog)) this.close();
  }
}
