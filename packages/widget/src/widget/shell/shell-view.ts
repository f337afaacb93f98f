// The pieces of the frame around the views: the floating launcher, the panel's title bar, the offline banner.

import { html, nothing, svg, type TemplateResult } from 'lit';
import type { SessionController } from '../session/session-controller.js';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';

// `svg`, not `html`: a fragment inside <svg> must be created in the SVG namespace.
const CLOSE_ICON = svg`<path fill="currentColor" d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z" />`;

export function renderLauncher(open: boolean, unread: number, t: WidgetStrings, toggle: () => void): TemplateResult {
  return html`<button
    class="launcher"
    part="launcher"
    aria-expanded=${open ? 'true' : 'false'}
    aria-label=${open ? t.closeChat : t.openChat}
    @click=${toggle}
  >
    ${open
      ? html`<svg aria-hidden="true" viewBox="0 0 24 24" width="26" height="26">${CLOSE_ICON}</svg>`
      : html`<svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" /></svg>`}
    ${unread > 0
      ? html`<span class="launcher-badge" part="launcher-badge"
          ><span aria-hidden="true">${unread > 99 ? '99+' : unread}</span><span class="visually-hidden">${fill(t.unreadCount, { count: unread })}</span></span
        >`
      : nothing}
  </button>`;
}

export function renderPanelBar(t: WidgetStrings, close: () => void): TemplateResult {
  return html`<div class="panel-bar" part="panel-bar">
    <span class="panel-title">${t.panelTitle}</span>
    <button class="icon" aria-label=${t.closeChat} @click=${close}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">${CLOSE_ICON}</svg>
    </button>
  </div>`;
}

/**
 * Offline (with a redial button), closed because another connection took over (with a reconnect button), or closed
 * for good because the account was banned (no button: reconnecting would be refused).
 */
export function renderBanner(session: SessionController, t: WidgetStrings): TemplateResult | typeof nothing {
  if (session.status === 'signed-out') return nothing;
  if (session.connection === 'closed' && session.closedReason === 'banned') {
    return html`<div class="banner on banned" part="banner" role="alert"><span>${t.banned}</span></div>`;
  }
  if (session.connection === 'closed' && session.closedReason === 'replaced') {
    return html`<div class="banner on" part="banner" role="status">
      <span>${t.disconnected}</span><button class="quiet small" @click=${() => session.client?.connect()}>${t.reconnect}</button>
    </div>`;
  }
  const offline = session.connection === 'reconnecting' || (session.status === 'ready' && session.connection === 'connecting');
  return html`<div class="banner ${offline ? 'on' : ''}" part="banner" role="status">
    ${offline
      ? html`<span>${t.offline}</span><button class="quiet small retry-now" @click=${() => session.client?.reconnect()}>${t.retryNow}</button>`
      : nothing}
  </div>`;
}
