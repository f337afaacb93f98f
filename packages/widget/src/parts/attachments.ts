// Lazy part: attachments (uploads with progress, image previews, file cards, the image viewer), loaded on the first
// file added to the composer or the first message with files on screen.

export { AttachmentsController } from '../widget/attachments/attachments-controller.js';
export { renderMessageAttachments, renderUploads, renderViewer } from '../widget/attachments/attachments-view.js';
