// Lazy part: the unread count in the page title and browser notifications, loaded only on pages that turn on the
// `title-unread` or `notifications` attribute (both are off by default).

export { AlertsController } from '../widget/alerts/alerts-controller.js';
