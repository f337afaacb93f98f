// Lazy part: replies and reactions (quotes, chips, the emoji menu and the "Replying to" bar), loaded when a room shows
// a reply or a reaction, or on the first click on "Reply" or "React".

export { ReactionsController } from '../widget/reactions/reactions-controller.js';
export { renderQuote, renderReactions, renderReplyBar } from '../widget/reactions/reactions-view.js';
