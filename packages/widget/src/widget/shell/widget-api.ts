// The types of <ichat-widget>'s public surface: its mode and the details of the events it fires.

import type { Me, Message } from '@ichat/sdk';

/** `inline` fills its container; `floating` is a launcher button in a corner that opens a chat panel. */
export type WidgetMode = 'inline' | 'floating';

/** `detail` of `ichat-ready` and `ichat-login`. */
export interface WidgetUserDetail {
  user: Me;
}

/** `detail` of `ichat-message`. */
export interface WidgetMessageDetail {
  message: Message;
  /** Whether the signed-in user sent it (from this or another device). */
  own: boolean;
}

/** `detail` of `ichat-unread`. */
export interface WidgetUnreadDetail {
  total: number;
}

/** `detail` of `ichat-logout`. */
export interface WidgetLogoutDetail {
  /** `user`: the log-out button; `unauthorized`: the server refused or revoked the session. */
  reason: 'user' | 'unauthorized';
}

/** The events the element fires, by name. */
export interface WidgetEvents {
  'ichat-ready': WidgetUserDetail;
  'ichat-login': WidgetUserDetail;
  'ichat-logout': WidgetLogoutDetail;
  'ichat-message': WidgetMessageDetail;
  'ichat-unread': WidgetUnreadDetail;
}
