// Lazy part: read receipts ("Seen", "Seen by N"), loaded when the first chat is opened (the chat list never shows
// them).

export { RoomReceipts } from '../widget/receipts/room-receipts.js';
export { seenMark } from '../widget/receipts/receipts-view.js';
