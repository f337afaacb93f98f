// Lazy part: the composer's `@` autocomplete among the room's members, loaded on the first `@` typed.

export { MentionsController } from '../widget/mentions/mentions-controller.js';
export { renderMentions } from '../widget/mentions/mentions-view.js';
