// The widget's lazy parts: what each one exports, by name. A part is a module in `src/parts/` that most page views
// never need (a dialog, a rarely used flow), loaded on first use instead of weighing on every page's `widget.js`.

/** Each part's module, by the name of its file in `src/parts/`. */
export interface WidgetParts {
  'new-chat': typeof import('../../parts/new-chat.js');
  'profile-editor': typeof import('../../parts/profile-editor.js');
  alerts: typeof import('../../parts/alerts.js');
  'forgot-password': typeof import('../../parts/forgot-password.js');
  moderation: typeof import('../../parts/moderation.js');
  search: typeof import('../../parts/search.js');
  attachments: typeof import('../../parts/attachments.js');
  mentions: typeof import('../../parts/mentions.js');
  auth: typeof import('../../parts/auth.js');
  reactions: typeof import('../../parts/reactions.js');
  receipts: typeof import('../../parts/receipts.js');
}

export type PartName = keyof WidgetParts;
