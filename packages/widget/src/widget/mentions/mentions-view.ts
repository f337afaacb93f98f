// The `@` autocomplete's listbox, above the composer: each member's display name and username, as text.

import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetStrings } from '../shared/widget-strings.js';
import { LIST_ID, type MentionsController } from './mentions-controller.js';

export function renderMentions(mentions: MentionsController, t: WidgetStrings, textarea: () => HTMLTextAreaElement | null): TemplateResult | typeof nothing {
  if (mentions.matches.length === 0) return nothing;
  return html`<ul id=${LIST_ID} class="mention-list" part="mention-list" role="listbox" aria-label=${t.mentionList}>
    ${mentions.matches.map(
      (member, index) => html`<li
        id="mention-${member.id}"
        class="mention-option"
        role="option"
        aria-selected=${index === mentions.active ? 'true' : 'false'}
        @mousedown=${(event: Event) => event.preventDefault()}
        @click=${() => {
          const box = textarea();
          if (box !== null) mentions.pick(member, box);
        }}
      >
        <span class="mention-name">${member.displayName ?? member.username}</span> <span class="mention-username">@${member.username}</span>
      </li>`,
    )}
  </ul>`;
}
