// How attachments look: image previews and file cards under a message, the composer's uploads, the image viewer.
// Names and sizes are text and links are attributes: nothing of a file is ever read as HTML.

import { html, nothing, type TemplateResult } from 'lit/html.js';
import { styleMap } from 'lit/directives/style-map.js';
import { isInlineImage, type Attachment, type Message } from '@ichat/sdk';
import { fill, type WidgetStrings } from '../shared/widget-strings.js';
import type { AttachmentsController } from './attachments-controller.js';

const UNITS = ['byte', 'kilobyte', 'megabyte'] as const;

/** A file size as people read it: "812 bytes", "48.2 kB", "3.1 MB". */
export function fileSize(bytes: number): string {
  const step = Math.min(Math.floor(Math.log(Math.max(bytes, 1)) / Math.log(1024)), UNITS.length - 1);
  const unit = UNITS[step] ?? 'byte';
  // Bytes in full ("13 bytes": the short form reads "13 byte" in English), larger units short.
  const unitDisplay = step === 0 ? 'long' : 'short';
  return new Intl.NumberFormat(undefined, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(bytes / 1024 ** step);
}

function renderImage(parts: AttachmentsController, message: Message, attachment: Attachment): TemplateResult {
  const link = parts.links.get(attachment.id);
  const src = link?.thumbnailUrl ?? null;
  // The box keeps the image's shape before it loads, so the log does not jump under the reader (set through the
  // CSSOM, which a CSP without 'unsafe-inline' styles allows, unlike a style attribute).
  const ratio = attachment.width !== null && attachment.height !== null ? `${attachment.width} / ${attachment.height}` : '4 / 3';
  return html`<button
    type="button"
    class="attachment-image"
    data-id=${attachment.id}
    style=${styleMap({ aspectRatio: ratio })}
    aria-label=${fill(parts.strings.openImage, { name: attachment.name })}
    ?disabled=${link === undefined}
    @click=${() => parts.view(message, attachment)}
  >
    ${src === null ? nothing : html`<img src=${src} alt=${attachment.name} loading="lazy" @error=${() => parts.broken(attachment.id)} />`}
  </button>`;
}

function renderFileCard(parts: AttachmentsController, attachment: Attachment): TemplateResult {
  const link = parts.links.get(attachment.id);
  const details = html`<span class="file-name">${attachment.name}</span><span class="file-size">${fileSize(attachment.size)}</span>`;
  // The server sends every file that is not an inline image as a download, so the link never opens it in a page.
  return link === undefined
    ? html`<span class="file-card" data-id=${attachment.id}>${details}</span>`
    : html`<a class="file-card" data-id=${attachment.id} href=${link.url} download=${attachment.name} rel="noopener noreferrer">
        ${details}<span class="file-download">${parts.strings.download}</span>
      </a>`;
}

/** A message's attachments: previews of inline images, a card with name, size and download link for any other file. */
export function renderMessageAttachments(parts: AttachmentsController, message: Message): TemplateResult | typeof nothing {
  const attachments = message.attachments ?? [];
  if (attachments.length === 0 || message.deleted) return nothing;
  return html`<div class="attachments" data-ids=${attachments.map((a) => a.id).join(' ')}>
    ${attachments.map((attachment) =>
      isInlineImage(attachment.type) && attachment.thumbnail ? renderImage(parts, message, attachment) : renderFileCard(parts, attachment),
    )}
  </div>`;
}

/** The files going with the next message: progress and cancel while uploading, the reason when one was refused. */
export function renderUploads(parts: AttachmentsController): TemplateResult | typeof nothing {
  const { uploads, strings } = parts;
  if (uploads.items.length === 0 && uploads.notice === '') return nothing;
  return html`<ul class="uploads" part="uploads">
    ${uploads.items.map((item) => {
      const percent = item.total > 0 ? Math.round((item.loaded / item.total) * 100) : 0;
      const label = item.state === 'uploading' ? strings.cancelUpload : strings.remove;
      return html`<li class="upload ${item.state}" data-key=${item.key}>
        <span class="file-name">${item.name}</span>
        ${item.state === 'uploading'
          ? html`<progress max="100" value=${percent} aria-label=${fill(strings.uploading, { name: item.name, percent })}></progress>`
          : nothing}
        ${item.state === 'failed' ? html`<span class="error" role="alert">${item.error}</span>` : nothing}
        ${item.state === 'ready' ? html`<span class="visually-hidden" role="status">${fill(strings.uploaded, { name: item.name })}</span>` : nothing}
        <button type="button" class="quiet small remove-upload" aria-label=${fill(label, { name: item.name })} @click=${() => uploads.remove(item.key)}>
          <span aria-hidden="true">×</span>
        </button>
      </li>`;
    })}
    ${uploads.notice === '' ? nothing : html`<li class="error" role="alert">${uploads.notice}</li>`}
  </ul>`;
}

/** The image viewer: the full image in a modal dialog; Escape or the close button closes it. */
export function renderViewer(parts: AttachmentsController, t: WidgetStrings): TemplateResult | typeof nothing {
  const attachment = parts.viewing;
  if (attachment === null) return nothing;
  const link = parts.links.get(attachment.id);
  return html`<dialog
    class="attachment-viewer"
    aria-label=${fill(parts.strings.viewer, { name: attachment.name })}
    @close=${(event: Event) => parts.closed(event.target)}
  >
    <button type="button" class="quiet small close" @click=${() => parts.close()}>${t.close}</button>
    ${link === undefined
      ? html`<p role="status">${parts.strings.imageLoading}</p>`
      : html`<img src=${link.url} alt=${attachment.name} @error=${() => parts.broken(attachment.id)} />`}
  </dialog>`;
}
