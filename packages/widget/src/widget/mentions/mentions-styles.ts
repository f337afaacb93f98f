// The `@` autocomplete's styles, adopted when the mentions part loads (see `adoptPartStyles`).

export const mentionsCss = `
.mention-list {
  list-style: none;
  margin: 0 0 4px;
  padding: 4px 0;
  max-block-size: 12rem;
  overflow-y: auto;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
}
.mention-option {
  padding: 4px var(--_space);
  cursor: pointer;
}
.mention-option[aria-selected='true'] {
  background: var(--_accent);
  color: var(--_accent-text);
}
.mention-username {
  opacity: 0.75;
  font-size: 0.85em;
}
`;
