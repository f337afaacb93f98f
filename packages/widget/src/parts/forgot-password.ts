// Lazy part: the "Forgot password?" dialog, loaded on the first click on its link (most visitors remember theirs).

export { ForgotPasswordController } from '../widget/forgot-password/forgot-password-controller.js';
export { renderForgotPasswordDialog } from '../widget/forgot-password/forgot-password-view.js';
