// Sign-up and log-in: one form, with each error beside the field it concerns.

import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetStrings } from '../shared/widget-strings.js';
import type { AuthController, AuthField } from './auth-controller.js';

function field(name: AuthField, label: string, type: string, autocomplete: string, error: string | undefined): TemplateResult {
  return html`<label class="field">
    <span>${label}</span>
    <input
      name=${name}
      type=${type}
      autocomplete=${autocomplete}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${error === undefined ? nothing : `${name}-error`}
      autocapitalize="off"
      spellcheck="false"
    />
    ${error === undefined ? nothing : html`<span class="error field-error" id="${name}-error">${error}</span>`}
  </label>`;
}

export function renderAuthForm(auth: AuthController, t: WidgetStrings): TemplateResult {
  const { errors } = auth;
  const register = auth.mode === 'register';
  return html`<form class="auth" part="auth" novalidate aria-labelledby="auth-title" @submit=${(event: SubmitEvent) => void auth.submit(event)}>
    <div class="brand" aria-hidden="true">
      <span class="logo"
        ><svg viewBox="0 0 24 24" width="30" height="30"
          ><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9zm0 4v2h7v-2z" /></svg
      ></span>
    </div>
    <h2 id="auth-title" tabindex="-1">${register ? t.registerTitle : t.logInTitle}</h2>
    ${auth.notice === '' ? nothing : html`<p class="notice" role="status">${auth.notice}</p>`}
    ${field('email', t.email, 'email', register ? 'email' : 'username', errors.email)}
    ${register ? field('username', t.username, 'text', 'nickname', errors.username) : nothing}
    ${field('password', t.password, 'password', register ? 'new-password' : 'current-password', errors.password)}
    <p class="error form-error ${errors.form === undefined ? 'blank' : ''}" role="alert">${errors.form ?? ''}</p>
    <button class="primary submit" type="submit" ?disabled=${auth.busy}>${register ? t.createAccount : t.logIn}</button>
    ${register ? nothing : html`<button class="link forgot" type="button" @click=${(event: Event) => auth.forgotPassword(event)}>${t.forgotPassword}</button>`}
    <button class="link switch-mode" type="button" @click=${() => auth.switchMode()}>${register ? t.toLogin : t.toRegister}</button>
  </form>`;
}
