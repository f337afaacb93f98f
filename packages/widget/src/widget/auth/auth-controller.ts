// The log-in / sign-up form's state: which form, its errors, whether it waits for the server, and a notice.

import type { ReactiveControllerHost } from 'lit';
import { IChatError, type AuthResult } from '@ichat/sdk';
import type { SessionController } from '../session/session-controller.js';
import type { FocusRequest } from '../shared/focus-request.js';
import { adoptPartStyles } from '../shared/part-styles.js';
import { formText } from '../shared/form-text.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';
import { authCss } from './auth-styles.js';

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

/** What the form asks of the element around it. */
export interface AuthOptions {
  session: SessionController;
  focus: FocusRequest;
  strings(): WidgetStrings;
  /** The server accepted the form: the session is connecting with this account. */
  signedIn(result: AuthResult): void;
  /** "Forgot password?": open the reset dialog with what the e-mail field holds. */
  forgotPassword(email: string): void;
}

export class AuthController {
  mode: AuthMode = 'login';
  errors: AuthErrors = {};
  busy = false;
  /** Why the form shows (the session ended), or ''. */
  notice = '';
  readonly #host: ReactiveControllerHost;
  readonly #options: AuthOptions;

  constructor(host: ReactiveControllerHost & { readonly renderRoot: ParentNode }, options: AuthOptions) {
    this.#host = host;
    this.#options = options;
    adoptPartStyles(host.renderRoot, authCss);
  }

  async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const data = new FormData(form);
    const value = (name: string): string => formText(data, name);
    const { session, focus } = this.#options;
    this.#set({ busy: true, errors: {} });
    try {
      const result =
        this.mode === 'register'
          ? await session.register({ email: value('email'), username: value('username'), password: value('password') })
          : await session.login({ email: value('email'), password: value('password') });
      this.notice = '';
      focus.request('#list-title');
      this.#options.signedIn(result);
    } catch (error) {
      const errors = authErrors(error, this.#options.strings());
      this.errors = errors;
      const field = (['email', 'username', 'password'] as const).find((name) => errors[name] !== undefined);
      focus.request(field === undefined ? undefined : `input[name="${field}"]`);
    } finally {
      this.#set({ busy: false });
    }
  }

  /** Opens the reset dialog with the address typed so far. */
  forgotPassword(event: Event): void {
    const form = event.target instanceof Element ? event.target.closest('form') : null;
    this.#options.forgotPassword(form === null ? '' : formText(new FormData(form), 'email').trim());
  }

  switchMode(): void {
    this.#set({ mode: this.mode === 'login' ? 'register' : 'login', errors: {} });
    this.#options.focus.request('#auth-title');
  }

  /** Back to an empty log-in form, after logging out. */
  reset(): void {
    this.#set({ mode: 'login', errors: {} });
  }

  #set(change: Partial<Pick<AuthController, 'mode' | 'errors' | 'busy' | 'notice'>>): void {
    Object.assign(this, change);
    this.#host.requestUpdate();
  }
}
