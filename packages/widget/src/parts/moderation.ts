// Lazy part: reporting a message and blocking a person, loaded on the first click on "Report" or a chat's options.

export { ModerationController } from '../widget/moderation/moderation-controller.js';
export { renderModerationDialog } from '../widget/moderation/moderation-view.js';
