// The composer's `@` autocomplete: the room's members matching the name typed after an `@`, picked by keyboard or
// mouse, as the ARIA combobox pattern has it (the text area owns the listbox and names its active option).

import type { ReactiveControllerHost } from 'lit';
import type { PublicUser } from '@ichat/sdk';
import type { SessionController } from '../session/session-controller.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import { mentionMatches } from './mention-matches.js';
import { mentionsCss } from './mentions-styles.js';

/** An `@` at the start or after a character no username or address holds, then the name typed so far, at the caret. */
const TYPED = /(?:^|[^a-z0-9_.@-])@([a-z0-9_.-]*)$/i;
/** Options shown at most. */
const SHOWN = 8;
export const LIST_ID = 'mention-list';

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

export class MentionsController {
  /** The members offered, best first; empty while the list is closed. */
  matches: PublicUser[] = [];
  /** The index of the active option. */
  active = 0;
  readonly #host: Host;
  readonly #session: SessionController;
  /** Where the `@` being completed sits in the text. */
  #at = -1;

  constructor(host: Host, session: SessionController) {
    this.#host = host;
    this.#session = session;
    adoptPartStyles(host.renderRoot, mentionsCss);
  }

  /** Reads the name typed at the caret and offers the room's other members it may mean, best match first. */
  update(textarea: HTMLTextAreaElement, roomId: number): void {
    const typed = TYPED.exec(textarea.value.slice(0, textarea.selectionStart));
    const query = typed?.[1]?.toLowerCase();
    const me = this.#session.user?.id;
    const members = this.#session.client?.chats.find((chat) => chat.roomId === roomId)?.members ?? [];
    this.matches = query === undefined ? [] : mentionMatches(members, query, me, SHOWN);
    this.#at = textarea.selectionStart - (query?.length ?? 0) - 1;
    this.active = 0;
    this.#sync(textarea);
  }

  /** Arrow keys move, Enter or Tab picks, Escape closes: returns whether the key was the list's. */
  keydown(event: KeyboardEvent, textarea: HTMLTextAreaElement): boolean {
    const count = this.matches.length;
    if (count === 0 || event.isComposing) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
      this.#sync(textarea);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const member = this.matches[this.active];
      if (member !== undefined) this.pick(member, textarea);
    } else if (event.key === 'Escape') this.close(textarea);
    else return false;
    event.preventDefault();
    return true;
  }

  /** Puts `@username ` in place of what was typed after the `@`, the caret after it. */
  pick(member: PublicUser, textarea: HTMLTextAreaElement): void {
    const caret = textarea.selectionStart;
    const inserted = `@${member.username} `;
    textarea.value = textarea.value.slice(0, this.#at) + inserted + textarea.value.slice(caret);
    const after = this.#at + inserted.length;
    textarea.focus();
    textarea.setSelectionRange(after, after);
    this.close(textarea);
  }

  close(textarea: HTMLTextAreaElement): void {
    this.matches = [];
    this.#sync(textarea);
  }

  /** Keeps the text area's combobox state in step with the list, then renders. */
  #sync(textarea: HTMLTextAreaElement): void {
    const active = this.matches[this.active];
    textarea.setAttribute('role', 'combobox');
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.setAttribute('aria-controls', LIST_ID);
    textarea.setAttribute('aria-expanded', String(active !== undefined));
    if (active === undefined) textarea.removeAttribute('aria-activedescendant');
    else textarea.setAttribute('aria-activedescendant', `mention-${active.id}`);
    this.#host.requestUpdate();
  }
}
