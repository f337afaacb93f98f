// The profile editor: display name and picture URL in a modal dialog, each error beside its field, and whether to share
// read receipts. An empty field clears it, so the username and the initials show again.

import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Me } from '@ichat/sdk';
import type { WidgetStrings } from '../shared/widget-strings.js';
import type { ProfileController, ProfileField } from './profile-controller.js';

function field(name: ProfileField, label: string, value: string, error: string | undefined, placeholder: string): TemplateResult {
  return html`<label class="field">
    <span>${label}</span>
    <input
      name=${name}
      .value=${value}
      placeholder=${placeholder}
      autocomplete="off"
      spellcheck="false"
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${error === undefined ? nothing : `${name}-error`}
    />
    ${error === undefined ? nothing : html`<span class="error field-error" id="${name}-error">${error}</span>`}
  </label>`;
}

export function renderProfileDialog(editor: ProfileController, me: Me, t: WidgetStrings): TemplateResult {
  const { errors } = editor;
  return html`<dialog class="profile-dialog" part="dialog" aria-labelledby="profile-title" @close=${(event: Event) => editor.closed(event.currentTarget)}>
    <form @submit=${(event: SubmitEvent) => void editor.submit(event)} novalidate>
      <h2 id="profile-title">${t.profileTitle}</h2>
      ${field('displayName', t.displayName, me.displayName ?? '', errors.displayName, me.username)}
      ${field('avatarUrl', t.avatarUrl, me.avatarUrl ?? '', errors.avatarUrl, 'https://')}
      <label class="check">
        <input type="checkbox" name="shareReceipts" ?checked=${editor.sharesReceipts} />
        <span>${t.shareReceipts}</span>
      </label>
      <p class="error form-error ${errors.form === undefined ? 'blank' : ''}" role="alert">${errors.form ?? ''}</p>
      <div class="dialog-actions">
        <button type="button" class="quiet" @click=${() => editor.close()}>${t.cancel}</button>
        <button type="submit" class="primary" ?disabled=${editor.busy}>${t.save}</button>
      </div>
    </form>
  </dialog>`;
}
