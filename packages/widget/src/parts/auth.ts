// Lazy part: the log-in / sign-up form, loaded only when there is no session to resume (a returning visitor, or one
// signed in by the host site, never downloads it).

export { AuthController } from '../widget/auth/auth-controller.js';
export { renderAuthForm } from '../widget/auth/auth-view.js';
