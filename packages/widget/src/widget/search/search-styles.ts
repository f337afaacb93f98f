// The search results' styles, adopted when the search part loads (see `adoptPartStyles`).

export const searchCss = `
.search-results {
  flex: 1;
  display: flex;
  flex-direction: column;
  min-block-size: 0;
  overflow-y: auto;
}
.search-bar {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: var(--_space);
  padding: 4px var(--_space);
  font-size: 0.85rem;
  color: var(--_muted);
}
.search-hits {
  list-style: none;
  margin: 0;
  padding: 4px;
}
.search-hit {
  display: grid;
  gap: 2px;
  inline-size: 100%;
  padding: var(--_space);
  text-align: start;
  border: 0;
  background: transparent;
}
.search-hit:hover {
  background: var(--_surface);
}
.hit-sender {
  font-size: 0.85rem;
  color: var(--_muted);
}
.hit-text {
  overflow-wrap: anywhere;
}
.hit-text mark {
  background: color-mix(in srgb, var(--_accent) 25%, transparent);
  color: inherit;
  border-radius: 2px;
}
/* The conversation opened at a found message focuses it: marked a moment. */
.msg:focus .bubble,
.system-line:focus span {
  animation: found 2s;
}
@keyframes found {
  0%,
  50% {
    outline: 3px solid var(--_accent);
  }
}
.search-more {
  align-self: center;
  margin: var(--_space);
}
`;
