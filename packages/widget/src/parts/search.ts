// Lazy part: message search, loaded when the chat list's search box is first focused or typed in.

export { SearchController } from '../widget/search/search-controller.js';
export { renderSearchResults } from '../widget/search/search-view.js';
