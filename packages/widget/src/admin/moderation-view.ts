// The admin page's moderation view: the report queue with each report's context and actions, and the log of every
// action taken. Message text and names are rendered as text by Lit's bindings, never as HTML.

import type { Message, ModerationActionBody, ModerationEntry, PublicUser, Report } from '@ichat/protocol';
import { html, nothing, type TemplateResult } from 'lit';
import { fill, type AdminStrings } from './admin-strings.js';

/** What the view can ask of the element. */
export interface ModerationHandlers {
  act(body: ModerationActionBody): void;
  refresh(): void;
}

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

function nameOf(user: PublicUser): string {
  return user.displayName ?? user.username;
}

function contextLine(message: Message, report: Report, deleted: string): TemplateResult {
  const reported = message.seq === report.seq;
  const who = message.senderId === report.sender.id ? nameOf(report.sender) : message.senderId === report.reporter.id ? nameOf(report.reporter) : '';
  return html`<li class=${reported ? 'reported' : ''} aria-current=${reported ? 'true' : nothing}>
    <span class="who">${who}</span> <span class="text">${message.deleted ? deleted : message.text}</span>
  </li>`;
}

function reportCard(t: AdminStrings['moderation'], report: Report, handlers: ModerationHandlers): TemplateResult {
  const sender = nameOf(report.sender);
  const base = { reportId: report.id };
  const open = report.status === 'open';
  return html`<article class="report ${report.status}" data-report=${report.id} aria-labelledby="report-${report.id}">
    <h3 id="report-${report.id}">
      <span class="reason">${t.reasons[report.reason]}</span>
      ${fill(t.reportedBy, { reporter: nameOf(report.reporter), sender })}
      <time datetime=${new Date(report.createdAt).toISOString()}>${when(report.createdAt)}</time>
    </h3>
    ${report.note === '' ? nothing : html`<p class="note">${report.note}</p>`}
    <ol class="context" aria-label=${t.context}>
      ${report.context.map((message) => contextLine(message, report, '–'))}
    </ol>
    ${open
      ? html`<div class="report-actions">
          <button type="button" class="danger" @click=${() => handlers.act({ ...base, action: 'delete_message', roomId: report.roomId, seq: report.seq })}>
            ${t.deleteMessage}
          </button>
          ${report.senderBanned
            ? html`<button type="button" @click=${() => handlers.act({ ...base, action: 'unban', userId: report.sender.id })}>${fill(t.unban, { name: sender })}</button>`
            : html`<button type="button" class="danger ban" @click=${() => handlers.act({ ...base, action: 'ban', userId: report.sender.id })}>
                ${fill(t.ban, { name: sender })}
              </button>`}
          ${report.roomKind === 'group'
            ? html`<button type="button" @click=${() => handlers.act({ ...base, action: 'remove_member', roomId: report.roomId, userId: report.sender.id })}>
                ${t.removeMember}
              </button>`
            : nothing}
          <button type="button" class="dismiss" @click=${() => handlers.act({ ...base, action: 'dismiss' })}>${t.dismiss}</button>
        </div>`
      : html`<p class="closed">${t.closed}: ${report.closedBy === null ? '' : t.closedBy[report.closedBy]}</p>`}
  </article>`;
}

function logRow(t: AdminStrings['moderation'], entry: ModerationEntry): TemplateResult {
  return html`<tr>
    <td>${when(entry.createdAt)}</td>
    <td>${nameOf(entry.admin)}</td>
    <td>${t.actions[entry.action]}</td>
    <td>${entry.target === null ? '–' : nameOf(entry.target)}</td>
  </tr>`;
}

/** The queue and the log; `error` is the last failed action's message, shown above the queue. */
export function moderationView(
  strings: AdminStrings,
  data: { reports: Report[]; entries: ModerationEntry[] },
  error: string,
  handlers: ModerationHandlers,
): TemplateResult {
  const t = strings.moderation;
  return html`<div class="moderation" part="moderation">
    <button type="button" class="refresh" @click=${() => handlers.refresh()}>${t.refresh}</button>
    ${error === '' ? nothing : html`<p class="error" role="alert">${error}</p>`}
    <section class="queue" aria-label=${t.queue}>
      <h3 class="section-title">${t.queue}</h3>
      ${data.reports.length === 0 ? html`<p class="state">${t.noReports}</p>` : data.reports.map((report) => reportCard(t, report, handlers))}
    </section>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${t.log}>
      <table part="table" class="moderation-log">
        <caption>${t.log}</caption>
        <thead>
          <tr>
            <th scope="col">${t.when}</th>
            <th scope="col">${t.admin}</th>
            <th scope="col">${t.action}</th>
            <th scope="col">${t.target}</th>
          </tr>
        </thead>
        <tbody>
          ${data.entries.map((entry) => logRow(t, entry))}
        </tbody>
      </table>
      ${data.entries.length === 0 ? html`<p class="state">${t.noLog}</p>` : nothing}
    </div>
  </div>`;
}
