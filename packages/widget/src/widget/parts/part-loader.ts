// Loads a lazy part as a module: the npm build and the tests, where the host's bundler (or the browser) splits the
// part into its own chunk and shares Lit and the SDK with the rest of the widget.

import type { PartName, WidgetParts } from './widget-parts.js';

const IMPORTS: { [K in PartName]: () => Promise<WidgetParts[K]> } = {
  'new-chat': () => import('../../parts/new-chat.js'),
  'profile-editor': () => import('../../parts/profile-editor.js'),
  alerts: () => import('../../parts/alerts.js'),
  'forgot-password': () => import('../../parts/forgot-password.js'),
  moderation: () => import('../../parts/moderation.js'),
  search: () => import('../../parts/search.js'),
  attachments: () => import('../../parts/attachments.js'),
  mentions: () => import('../../parts/mentions.js'),
  auth: () => import('../../parts/auth.js'),
  reactions: () => import('../../parts/reactions.js'),
  receipts: () => import('../../parts/receipts.js'),
};

export function loadPart<K extends PartName>(name: K): Promise<WidgetParts[K]> {
  return IMPORTS[name]();
}
