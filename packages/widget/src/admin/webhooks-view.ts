// The admin page's webhooks view: endpoints with their delivery counts, and the latest deliveries. Everything the
// server sends (URLs, errors) is rendered as text by Lit's bindings, never as HTML.

import type { WebhookDelivery, WebhooksResult } from '@ichat/protocol';
import { html, nothing, type TemplateResult } from 'lit';
import { fill, type AdminStrings } from './admin-strings.js';

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

function deliveryRow(t: AdminStrings['webhooks'], delivery: WebhookDelivery): TemplateResult {
  return html`<tr class="delivery ${delivery.status}">
    <td>${delivery.type}</td>
    <td><span class="status ${delivery.status}">${t.statuses[delivery.status]}</span></td>
    <td>${delivery.attempts}</td>
    <td>${delivery.httpStatus ?? t.none}</td>
    <td>${delivery.latencyMs === null ? t.none : fill(t.latencyMs, { ms: delivery.latencyMs })}</td>
    <td class="error-text">${delivery.error ?? t.none}</td>
    <td>${delivery.nextAttemptAt === null ? t.none : when(delivery.nextAttemptAt)}</td>
  </tr>`;
}

/** The two tables, or what to say when there is nothing to list; `refresh` loads them again. */
export function webhooksView(strings: AdminStrings, result: WebhooksResult, refresh: () => void): TemplateResult {
  const t = strings.webhooks;
  return html`<div class="webhooks" part="webhooks">
    <button type="button" class="refresh" @click=${refresh}>${t.refresh}</button>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${t.endpoints}>
      <table part="table" class="endpoints">
        <caption>${t.endpoints}</caption>
        <thead>
          <tr>
            <th scope="col">${t.url}</th>
            <th scope="col">${t.events}</th>
            <th scope="col">${t.added}</th>
            <th scope="col">${t.pending}</th>
            <th scope="col">${t.delivered}</th>
            <th scope="col">${t.failed}</th>
          </tr>
        </thead>
        <tbody>
          ${result.endpoints.map(
            (endpoint) => html`<tr class="endpoint">
              <th scope="row" class="url">${endpoint.url}</th>
              <td>${endpoint.events.join(', ')}</td>
              <td>${when(endpoint.createdAt)}</td>
              <td>${endpoint.pending}</td>
              <td>${endpoint.delivered}</td>
              <td>${endpoint.failed}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${result.endpoints.length === 0 ? html`<p class="state">${t.noEndpoints}</p>` : nothing}
    </div>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${t.deliveries}>
      <table part="table" class="deliveries">
        <caption>${t.deliveries}</caption>
        <thead>
          <tr>
            <th scope="col">${t.event}</th>
            <th scope="col">${t.status}</th>
            <th scope="col">${t.attempts}</th>
            <th scope="col">${t.httpStatus}</th>
            <th scope="col">${t.latency}</th>
            <th scope="col">${t.error}</th>
            <th scope="col">${t.nextAttempt}</th>
          </tr>
        </thead>
        <tbody>
          ${result.deliveries.map((delivery) => deliveryRow(t, delivery))}
        </tbody>
      </table>
      ${result.deliveries.length === 0 ? html`<p class="state">${t.noDeliveries}</p>` : nothing}
    </div>
  </div>`;
}
