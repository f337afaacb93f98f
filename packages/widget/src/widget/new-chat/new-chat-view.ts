// "New chat": open a direct chat by e-mail or username, or create a group, in a modal dialog.

import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { WidgetStrings } from '../shared/widget-strings.js';
import type { NewChatController, NewChatKind } from './new-chat-controller.js';

export function renderNewChatDialog(dialog: NewChatController, t: WidgetStrings): TemplateResult {
  const { kind } = dialog;
  const tab = (value: NewChatKind, label: string): TemplateResult =>
    html`<button type="button" class="tab" aria-pressed=${kind === value ? 'true' : 'false'} @click=${() => dialog.setKind(value)}>${label}</button>`;
  return html`<dialog class="new-chat-dialog" part="dialog" aria-labelledby="new-chat-title" @close=${() => dialog.close()}>
    <form @submit=${(event: SubmitEvent) => void dialog.submit(event)} novalidate>
      <h2 id="new-chat-title">${t.newChatTitle}</h2>
      <div class="tabs">${tab('direct', t.tabPerson)}${tab('group', t.tabGroup)}</div>
      ${kind === 'direct'
        ? html`<label class="field"><span>${t.withWhom}</span><input name="with" autocomplete="off" autocapitalize="off" spellcheck="false" /></label>`
        : html`<label class="field"><span>${t.groupName}</span><input name="name" autocomplete="off" /></label>
            <label class="field"><span>${t.groupMembers}</span><input name="members" autocomplete="off" autocapitalize="off" spellcheck="false" /></label>`}
      <p class="error" role="alert">${dialog.error === '' ? nothing : dialog.error}</p>
      <div class="dialog-actions">
        <button type="button" class="quiet" @click=${() => dialog.close()}>${t.cancel}</button>
        <button type="submit" class="primary" ?disabled=${dialog.busy}>${kind === 'direct' ? t.startChat : t.createGroup}</button>
      </div>
    </form>
  </dialog>`;
}
