// Replies and reactions: the message being answered (shown above the composer until sent or cancelled), the emoji
// menu of one message, and toggling the reader's own reactions. The chips and quotes follow the room's history, which
// the SDK keeps current from `message.updated`.

import type { ReactiveControllerHost } from 'lit';
import type { Message } from '@ichat/sdk';
import type { SessionController } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { mergeReactionStrings, type ReactionStringOverrides, type ReactionStrings } from './reaction-strings.js';
import { reactionsCss } from './reactions-styles.js';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/** What the part asks of the element around it. */
export interface ReactionsOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
  reactionStrings(): ReactionStringOverrides | undefined;
  /** Brings a message of the open room into view and marks it (the conversation's jump to a seq). */
  jump(seq: number): void;
}

export class ReactionsController {
  /** The message the next send answers, if any. */
  replyingTo: Message | null = null;
  /** The seq of the message whose emoji menu is open, if any. */
  menuFor: number | null = null;
  readonly #host: Host;
  readonly #options: ReactionsOptions;

  constructor(host: Host, options: ReactionsOptions) {
    this.#host = host;
    this.#options = options;
    adoptPartStyles(host.renderRoot, reactionsCss);
  }

  get strings(): ReactionStrings {
    return mergeReactionStrings(this.#options.reactionStrings());
  }

  /** The server's emoji set, in its order (known once connected). */
  get emoji(): readonly string[] {
    return this.#options.session.client?.reactions ?? [];
  }

  get #me(): number | undefined {
    return this.#options.session.user?.id;
  }

  startReply(message: Message): void {
    this.replyingTo = message;
    this.menuFor = null;
    this.#options.focus.request('textarea');
    this.#host.requestUpdate();
  }

  /** Drops the reply (Escape in the composer, its cancel button, another room, or once sent); whether there was one. */
  cancelReply(): boolean {
    if (this.replyingTo === null) return false;
    this.replyingTo = null;
    this.#host.requestUpdate();
    return true;
  }

  /** Opens the emoji menu of a message, focus on its first emoji. */
  openMenu(seq: number): void {
    this.menuFor = seq;
    this.#options.focus.request(`.msg[data-seq="${seq}"] .reaction-menu button`);
    this.#host.requestUpdate();
  }

  /** Closes the menu, focus back on the message's React button. */
  closeMenu(): void {
    const seq = this.menuFor;
    this.menuFor = null;
    this.#options.focus.request(`.msg[data-seq="${seq ?? ''}"] .react`);
    this.#host.requestUpdate();
  }

  /** Arrows move between the emoji (wrapping), Home and End go to the ends, Escape closes the menu. */
  menuKeydown(event: KeyboardEvent): void {
    const buttons = [...((event.currentTarget as HTMLElement | null)?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(event.target as HTMLButtonElement);
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let next: number | undefined;
    if (event.key === 'Escape') this.closeMenu();
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    else if (step[event.key] !== undefined) next = (at + (step[event.key] ?? 0) + buttons.length) % buttons.length;
    else return;
    event.preventDefault();
    event.stopPropagation();
    if (next !== undefined) buttons[next]?.focus();
  }

  /** Adds the reader's reaction with `emoji`, or takes it back when it is there. */
  toggle(message: Message, emoji: string): void {
    const client = this.#options.session.client;
    if (client === undefined) return;
    const mine = this.mine(message, emoji);
    if (this.menuFor !== null) this.closeMenu();
    // The answer reaches the history as `message.updated`; a refusal (offline, deleted meanwhile) leaves it as it was.
    (mine ? client.unreact(message.roomId, message.seq, emoji) : client.react(message.roomId, message.seq, emoji)).catch(() => undefined);
  }

  /** Whether the reader reacted with `emoji`. */
  mine(message: Message, emoji: string): boolean {
    return message.myReactions?.includes(emoji) ?? message.reactions?.find((r) => r.emoji === emoji)?.userIds.includes(this.#me ?? 0) === true;
  }

  jump(seq: number): void {
    this.#options.jump(seq);
  }
}
