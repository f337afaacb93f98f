// The message composer: a growing text area, Enter sends and Shift+Enter adds a line; also edits a message. Files
// come from the attach button or a paste, and show (from the attachment part) above the text while they upload.

import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetStrings } from '../shared/widget-strings.js';
import type { ComposerController } from './composer-controller.js';

/** Hands the files picked in the (hidden) file input to the composer, then empties it so the same file can come again. */
function picked(composer: ComposerController, event: Event): void {
  const input = event.target;
  if (!(input instanceof HTMLInputElement)) return;
  composer.addFiles([...(input.files ?? [])]);
  input.value = '';
}

export function renderComposer(
  composer: ComposerController,
  t: WidgetStrings,
  uploads: TemplateResult | typeof nothing,
  mentions: TemplateResult | typeof nothing,
): TemplateResult {
  const editing = composer.editing !== null;
  const submit = (event: Event): void => {
    event.preventDefault();
    void composer.submit();
  };
  return html`<form class="composer" part="composer" @submit=${submit}>
    ${editing
      ? html`<div class="editing-bar">
          <span>${t.editing}</span>
          <button type="button" class="quiet small" @click=${() => composer.cancelEdit()}>${t.cancel}</button>
        </div>`
      : nothing}
    ${composer.error === '' ? nothing : html`<p class="error composer-error" role="alert">${composer.error}</p>`}
    ${uploads} ${mentions}
    <div class="composer-row">
      <textarea
        part="input"
        rows="1"
        aria-label=${t.message}
        placeholder=${t.messagePlaceholder}
        enterkeyhint="send"
        @keydown=${(event: KeyboardEvent) => composer.keydown(event)}
        @input=${(event: Event) => composer.input(event)}
        @paste=${(event: ClipboardEvent) => composer.paste(event)}
      ></textarea>
      ${editing
        ? nothing
        : html`<button type="button" class="icon attach" part="attach" aria-label=${t.attach} @click=${() => composer.pickFiles()}>
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M11 5h2v14h-2zM5 11h14v2H5z" /></svg>
            </button>
            <input type="file" multiple hidden tabindex="-1" @change=${(event: Event) => picked(composer, event)} />`}
      <button class="primary send" part="send" type="submit" aria-label=${editing ? t.save : t.send}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" /></svg>
      </button>
    </div>
  </form>`;
}
