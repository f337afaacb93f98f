// Replies and reactions on screen, all as text: the quote above a reply, the chips and the emoji menu under a
// message, and the "Replying to" bar above the composer.

import { html, nothing, type TemplateResult } from 'lit';
import type { Chat, Message } from '@ichat/sdk';
import type { OpenRoom } from '../conversation/conversation-view.js';
import { memberName } from '../shared/chat-names.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';
import type { ReactionStrings } from './reaction-strings.js';
import type { ReactionsController } from './reactions-controller.js';

/** A sender's name: "You" for the reader, a member's name, else "Someone" (a member who left). */
function senderName(chat: Chat, senderId: number | null, me: number, t: WidgetStrings, r: ReactionStrings): string {
  if (senderId === me) return t.you;
  return (senderId === null ? '' : memberName(chat, senderId)) || r.someone;
}

/** "👍 by Ada, Grace +3 more": who reacted, as far as the message names them. */
function reactedBy(chat: Chat, emoji: string, count: number, userIds: readonly number[], me: number, t: WidgetStrings, r: ReactionStrings): string {
  const names = userIds.map((id) => senderName(chat, id, me, t, r));
  const more = count > names.length ? ` ${fill(r.more, { count: count - names.length })}` : '';
  return fill(r.reactedBy, { emoji, names: names.join(', ') }) + more;
}

/**
 * The quote above a reply: the original's sender and excerpt (or "Deleted message"); a click goes to the original. An
 * original deleted since the reply was loaded is told by its own `message.updated`, so a loaded original has the say.
 */
export function renderQuote(controller: ReactionsController, message: Message, { chat, me, history }: OpenRoom, t: WidgetStrings): TemplateResult | typeof nothing {
  const quote = message.replyTo;
  if (quote === undefined) return nothing;
  const r = controller.strings;
  const name = senderName(chat, quote.senderId, me.id, t, r);
  const deleted = quote.deleted || history?.messages.find((original) => original.seq === quote.seq)?.deleted === true;
  // Named by what it shows (WCAG's label in name); where it leads is its description.
  return html`<button class="quote ${deleted ? 'deleted' : ''}" title=${fill(r.quoteOf, { name })} @click=${() => controller.jump(quote.seq)}>
    <span class="quote-name">${name}</span>: <span class="quote-text">${deleted ? r.deletedOriginal : quote.excerpt}</span>
  </button>`;
}

/** The chips under a message (emoji and count, pressed when the reader's), and its emoji menu while open. */
export function renderReactions(controller: ReactionsController, message: Message, { chat, me }: OpenRoom, t: WidgetStrings): TemplateResult | typeof nothing {
  const reactions = message.reactions ?? [];
  const menu = controller.menuFor === message.seq;
  if (reactions.length === 0 && !menu) return nothing;
  const r = controller.strings;
  return html`${reactions.length === 0
    ? nothing
    : html`<div class="reactions" part="reactions">
        ${reactions.map((reaction) => {
          const label = reactedBy(chat, reaction.emoji, reaction.count, reaction.userIds, me.id, t, r);
          return html`<button
            class="chip"
            part="reaction"
            aria-pressed=${controller.mine(message, reaction.emoji) ? 'true' : 'false'}
            title=${label}
            @click=${() => controller.toggle(message, reaction.emoji)}
          >
            ${reaction.emoji} ${reaction.count}
          </button>`;
        })}
      </div>`}
  ${menu
    ? html`<div class="reaction-menu" role="group" aria-label=${r.reactionMenu} @keydown=${(event: KeyboardEvent) => controller.menuKeydown(event)}>
        ${controller.emoji.map(
          (emoji) => html`<button aria-label=${fill(r.reactWith, { emoji })} @click=${() => controller.toggle(message, emoji)}>${emoji}</button>`,
        )}
      </div>`
    : nothing}`;
}

/** "Replying to Ada: the excerpt" above the composer, with a button to cancel. */
export function renderReplyBar(controller: ReactionsController, chat: Chat, me: number, t: WidgetStrings): TemplateResult | typeof nothing {
  const message = controller.replyingTo;
  if (message === null || message.roomId !== chat.roomId) return nothing;
  const r = controller.strings;
  const name = senderName(chat, message.senderId, me, t, r);
  return html`<div class="reply-bar" part="reply-bar">
    <span>${fill(r.replyingTo, { name })}: ${message.text}</span>
    <button type="button" class="quiet small cancel-reply" aria-label=${r.cancelReply} @click=${() => controller.cancelReply()}>✕</button>
  </div>`;
}
