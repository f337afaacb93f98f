// Sign-up and log-in: one form, field-level errors mapped from the server's error codes.

import { html, nothing, type TemplateResult } from 'lit';
import { IChatError } from '@ichat/sdk';
import { fill, type WidgetStrings } from './widget-strings.js';

export type AuthMode = 'login' | 'register';
export type AuthField = 'email' | 'username' | 'password';

/** Errors to show: per field, and one for the whole form. */
export type AuthErrors = Partial<Record<AuthField | 'form', string>>;

/** Where a server error belongs and how to say it. */
export function authErrors(error: unknown, t: WidgetStrings): AuthErrors {
  if (!(error instanceof IChatError)) return { form: t.errors.network };
  const { code, field } = error;
  if (code === 'validation_failed') {
    return field === 'email' || field === 'username' || field === 'password' ? { [field]: t.errors[field] } : { form: error.message };
  }
  if (code === 'email_taken') return { email: t.errors.emailTaken };
  if (code === 'username_taken') return { username: t.errors.usernameTaken };
  if (code === 'invalid_credentials') return { form: t.errors.invalidCredentials };
  if (code === 'rate_limited') {
    return { form: fill(t.errors.rateLimited, { seconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)) }) };
  }
  return { form: error.retryable ? t.errors.network : t.errors.generic };
}

export interface AuthFormProps {
  t: WidgetStrings;
  mode: AuthMode;
  errors: AuthErrors;
  busy: boolean;
  notice: string;
  submit: (event: SubmitEvent) => void;
  switchMode: () => void;
}

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

export function renderAuthForm(props: AuthFormProps): TemplateResult {
  const { t, mode, errors } = props;
  const register = mode === 'register';
  return html`<form class="auth" part="auth" novalidate aria-labelledby="auth-title" @submit=${props.submit}>
    <div class="brand" aria-hidden="true">
      <span class="logo"
        ><svg viewBox="0 0 24 24" width="30" height="30"
          ><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9zm0 4v2h7v-2z" /></svg
      ></span>
    </div>
    <h2 id="auth-title" tabindex="-1">${register ? t.registerTitle : t.logInTitle}</h2>
    ${props.notice === '' ? nothing : html`<p class="notice" role="status">${props.notice}</p>`}
    ${field('email', t.email, 'email', register ? 'email' : 'username', errors.email)}
    ${register ? field('username', t.username, 'text', 'nickname', errors.username) : nothing}
    ${field('password', t.password, 'password', register ? 'new-password' : 'current-password', errors.password)}
    <p class="error form-error ${errors.form === undefined ? 'blank' : ''}" role="alert">${errors.form ?? ''}</p>
    <button class="primary submit" type="submit" ?disabled=${props.busy}>${register ? t.createAccount : t.logIn}</button>
    <button class="link" type="button" @click=${props.switchMode}>${register ? t.toLogin : t.toRegister}</button>
  </form>`;
}
