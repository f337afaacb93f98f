// Lazy part: the new-chat dialog, loaded on the first click on "New chat" (most page views only read and reply).

export { NewChatController } from '../widget/new-chat/new-chat-controller.js';
export { renderNewChatDialog } from '../widget/new-chat/new-chat-view.js';
