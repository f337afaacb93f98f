// Entry for `@ichat/widget` and the `/widget.js` bundle: defines <ichat-widget>.

import { IChatWidget } from './ichat-widget.js';

if (!customElements.get('ichat-widget')) customElements.define('ichat-widget', IChatWidget);

export { IChatWidget };
export type { WidgetMode, WidgetUserDetail, WidgetMessageDetail, WidgetUnreadDetail, WidgetLogoutDetail } from './ichat-widget.js';
export { WIDGET_STRINGS, type WidgetStrings, type WidgetStringOverrides } from './widget/shared/widget-strings.js';
