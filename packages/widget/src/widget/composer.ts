// The message composer: a growing text area, Enter sends and Shift+Enter adds a line; also edits a message.

import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetStrings } from './widget-strings.js';

export interface ComposerProps {
  t: WidgetStrings;
  editing: boolean;
  error: string;
  submit: (event: Event) => void;
  input: (event: Event) => void;
  cancelEdit: () => void;
}

/** Enter alone submits; Shift+Enter (and Enter while an IME is composing) stays a new line. */
export function composerKeydown(event: KeyboardEvent, submit: () => void, cancel: () => void): void {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    submit();
  } else if (event.key === 'Escape') {
    cancel();
  }
}

export function renderComposer(props: ComposerProps, keydown: (event: KeyboardEvent) => void): TemplateResult {
  const { t } = props;
  return html`<form class="composer" part="composer" @submit=${props.submit}>
    ${props.editing
      ? html`<div class="editing-bar">
          <span>${t.editing}</span>
          <button type="button" class="quiet small" @click=${props.cancelEdit}>${t.cancel}</button>
        </div>`
      : nothing}
    ${props.error === '' ? nothing : html`<p class="error composer-error" role="alert">${props.error}</p>`}
    <div class="composer-row">
      <textarea
        part="input"
        rows="1"
        aria-label=${t.message}
        placeholder=${t.messagePlaceholder}
        enterkeyhint="send"
        @keydown=${keydown}
        @input=${props.input}
      ></textarea>
      <button class="primary send" part="send" type="submit" aria-label=${props.editing ? t.save : t.send}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" /></svg>
      </button>
    </div>
  </form>`;
}
