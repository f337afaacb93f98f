// "Seen" under the newest of the reader's own messages that someone has read: the word alone in a direct room,
// "Seen by N" in a group with the readers' names one click (or Enter) away.

import { html } from 'lit/html.js';
import type { Chat, Message } from '@ichat/sdk';
import type { SeenMark } from '../conversation/conversation-view.js';
import { memberName } from '../shared/chat-names.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';

/**
 * Where "Seen" shows and what it reads, from how far each reader has read (`readers`, by user id); `undefined` when
 * nobody has read any of `me`'s messages that are loaded.
 */
export function seenMark(chat: Chat, me: number, messages: readonly Message[], readers: ReadonlyMap<number, number>, t: WidgetStrings): SeenMark | undefined {
  const furthest = Math.max(0, ...readers.values());
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message === undefined || message.seq > furthest || message.senderId !== me || message.deleted) continue;
    const by = [...readers].filter(([, readSeq]) => readSeq >= message.seq).map(([id]) => id);
    const view =
      chat.kind === 'direct'
        ? html`<span class="seen">${t.seen}</span>`
        : html`<details class="seen">
            <summary>${fill(t.seenBy, { count: by.length })}</summary>
            <span class="seen-names">${by.map((id) => memberName(chat, id)).join(', ')}</span>
          </details>`;
    return { seq: message.seq, view };
  }
  return undefined;
}
