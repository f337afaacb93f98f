// The moderation dialogs: report a message with a reason and a note, or block and unblock a direct chat's peer.

import { html, nothing, type TemplateResult } from 'lit/html.js';
import { REPORT_REASONS } from '@ichat/sdk';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';
import type { ModerationController } from './moderation-controller.js';
import type { ModerationStrings } from './moderation-strings.js';

function renderReport(dialog: ModerationController, m: ModerationStrings, t: WidgetStrings, sent: boolean): TemplateResult {
  if (sent) {
    return html`<h2 id="moderation-title">${m.reportTitle}</h2>
      <p role="status">${m.reported}</p>
      <div class="dialog-actions"><button type="button" class="primary" @click=${() => dialog.close()}>${t.close}</button></div>`;
  }
  return html`<h2 id="moderation-title">${m.reportTitle}</h2>
    <p class="muted">${m.reportIntro}</p>
    <fieldset class="reasons">
      <legend>${m.reason}</legend>
      ${REPORT_REASONS.map(
        (reason, index) => html`<label class="choice"><input type="radio" name="reason" value=${reason} ?checked=${index === 0} /> ${m.reasons[reason]}</label>`,
      )}
    </fieldset>
    <label class="field"><span>${m.note}</span><textarea name="note" rows="2" maxlength="500"></textarea></label>
    <p class="error" role="alert">${dialog.error === '' ? nothing : dialog.error}</p>
    <div class="dialog-actions">
      <button type="button" class="quiet" @click=${() => dialog.close()}>${t.cancel}</button>
      <button type="submit" class="primary" ?disabled=${dialog.busy}>${m.sendReport}</button>
    </div>`;
}

function renderBlock(dialog: ModerationController, m: ModerationStrings, t: WidgetStrings, name: string, blocked: boolean | undefined): TemplateResult {
  const lifting = blocked === true;
  return html`<h2 id="moderation-title">${fill(lifting ? m.unblockTitle : m.blockTitle, { name })}</h2>
    <p class="muted">${blocked === undefined ? t.connecting : fill(lifting ? m.unblockIntro : m.blockIntro, { name })}</p>
    <p class="error" role="alert">${dialog.error === '' ? nothing : dialog.error}</p>
    <div class="dialog-actions">
      <button type="button" class="quiet" @click=${() => dialog.close()}>${t.cancel}</button>
      <button type="submit" class=${lifting ? 'primary' : 'primary danger'} ?disabled=${dialog.busy || blocked === undefined}>${lifting ? m.unblock : m.block}</button>
    </div>`;
}

/** The open dialog; the element renders it only while one is open (`isOpen`). */
export function renderModerationDialog(dialog: ModerationController, t: WidgetStrings): TemplateResult {
  const flow = dialog.flow;
  const m = dialog.strings;
  if (flow === null) return html``;
  return html`<dialog class="moderation-dialog" part="dialog" aria-labelledby="moderation-title" @close=${(event: Event) => dialog.closed(event.currentTarget)}>
    <form @submit=${(event: SubmitEvent) => void dialog.submit(event)} novalidate>
      ${flow.kind === 'report' ? renderReport(dialog, m, t, flow.sent) : renderBlock(dialog, m, t, flow.name, flow.blocked)}
    </form>
  </dialog>`;
}
