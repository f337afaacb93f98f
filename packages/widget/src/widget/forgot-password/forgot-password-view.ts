// The "Forgot password?" dialog: the e-mail address to send a reset link to, then word that it is on its way (said
// the same whether or not an account has the address, as the server answers).

import { html, nothing, type TemplateResult } from 'lit/html.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';
import type { ForgotPasswordController } from './forgot-password-controller.js';

export function renderForgotPasswordDialog(dialog: ForgotPasswordController, t: WidgetStrings): TemplateResult {
  const { errors } = dialog;
  const sent = dialog.sentTo !== '';
  return html`<dialog class="forgot-dialog" part="dialog" aria-labelledby="forgot-title" @close=${(event: Event) => dialog.closed(event.currentTarget)}>
    <form @submit=${(event: SubmitEvent) => void dialog.submit(event)} novalidate>
      <h2 id="forgot-title">${t.forgotTitle}</h2>
      ${sent
        ? html`<p class="notice" role="status">${fill(t.linkSent, { email: dialog.sentTo })}</p>
            <div class="dialog-actions"><button type="button" class="primary" @click=${() => dialog.close()}>${t.close}</button></div>`
        : html`<p>${t.forgotHelp}</p>
            <label class="field">
              <span>${t.email}</span>
              <input
                name="email"
                type="email"
                autocomplete="username"
                .value=${dialog.email}
                autocapitalize="off"
                spellcheck="false"
                aria-invalid=${errors.email === undefined ? 'false' : 'true'}
                aria-describedby=${errors.email === undefined ? nothing : 'forgot-email-error'}
              />
              ${errors.email === undefined ? nothing : html`<span class="error field-error" id="forgot-email-error">${errors.email}</span>`}
            </label>
            <p class="error form-error ${errors.form === undefined ? 'blank' : ''}" role="alert">${errors.form ?? ''}</p>
            <div class="dialog-actions">
              <button type="button" class="quiet" @click=${() => dialog.close()}>${t.cancel}</button>
              <button type="submit" class="primary" ?disabled=${dialog.busy}>${t.sendLink}</button>
            </div>`}
    </form>
  </dialog>`;
}
