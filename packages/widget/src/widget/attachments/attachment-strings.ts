// The attachment part's strings: in the lazy part, not in widget.js, and overridable by a host through
// `element.strings = { attachments: { … } }`.

import type { Widen } from '../../strings.js';

export const ATTACHMENT_STRINGS = {
  uploading: 'Uploading {name}, {percent}%',
  uploaded: '{name} is ready to send',
  cancelUpload: 'Cancel upload of {name}',
  remove: 'Remove {name}',
  tooLarge: '{name} is too large to send.',
  typeNotAllowed: '{name} is a kind of file this chat doesn’t take.',
  uploadFailed: 'Couldn’t upload {name}.',
  tooMany: 'A message can carry at most {count} files.',
  openImage: 'Open image {name}',
  download: 'Download',
  viewer: 'Image {name}',
  imageLoading: 'Loading image…',
} as const;

export type AttachmentStrings = Widen<typeof ATTACHMENT_STRINGS>;

export type AttachmentStringOverrides = Partial<AttachmentStrings>;
