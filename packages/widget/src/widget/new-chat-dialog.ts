// "New chat": open a direct chat by e-mail or username, or create a group, in a modal dialog.

import { html, nothing, type TemplateResult } from 'lit';
import { IChatError } from '@ichat/sdk';
import type { WidgetStrings } from './widget-strings.js';

export type NewChatKind = 'direct' | 'group';

export interface NewChatProps {
  t: WidgetStrings;
  kind: NewChatKind;
  error: string;
  busy: boolean;
  submit: (event: SubmitEvent) => void;
  setKind: (kind: NewChatKind) => void;
  close: () => void;
}

/** The dialog's message for a refused `room.open_direct` or `room.create_group`. */
export function newChatError(error: unknown, kind: NewChatKind, t: WidgetStrings): string {
  if (!(error instanceof IChatError)) return t.errors.network;
  if (error.code === 'not_found') return t.errors.notFound;
  if (error.code === 'validation_failed') {
    if (kind === 'group' && error.field === 'name') return t.errors.groupName;
    return kind === 'direct' ? t.errors.self : error.message;
  }
  return error.retryable ? t.errors.network : t.errors.generic;
}

export function renderNewChatDialog(props: NewChatProps): TemplateResult {
  const { t, kind } = props;
  const tab = (value: NewChatKind, label: string): TemplateResult =>
    html`<button type="button" class="tab" aria-pressed=${kind === value ? 'true' : 'false'} @click=${() => props.setKind(value)}>${label}</button>`;
  return html`<dialog class="new-chat-dialog" part="dialog" aria-labelledby="new-chat-title" @close=${props.close}>
    <form @submit=${props.submit} novalidate>
      <h2 id="new-chat-title">${t.newChatTitle}</h2>
      <div class="tabs">${tab('direct', t.tabPerson)}${tab('group', t.tabGroup)}</div>
      ${kind === 'direct'
        ? html`<label class="field"><span>${t.withWhom}</span><input name="with" autocomplete="off" autocapitalize="off" spellcheck="false" /></label>`
        : html`<label class="field"><span>${t.groupName}</span><input name="name" autocomplete="off" /></label>
            <label class="field"><span>${t.groupMembers}</span><input name="members" autocomplete="off" autocapitalize="off" spellcheck="false" /></label>`}
      <p class="error" role="alert">${props.error === '' ? nothing : props.error}</p>
      <div class="dialog-actions">
        <button type="button" class="quiet" @click=${props.close}>${t.cancel}</button>
        <button type="submit" class="primary" ?disabled=${props.busy}>${kind === 'direct' ? t.startChat : t.createGroup}</button>
      </div>
    </form>
  </dialog>`;
}
