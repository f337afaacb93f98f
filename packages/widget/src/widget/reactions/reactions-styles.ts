// Styles of replies and reactions, adopted when their part loads (see `adoptPartStyles`).

export const reactionsCss = `
.quote {
  display: block;
  max-inline-size: 100%;
  margin: 0 0 2px;
  padding: 2px 8px;
  border: 0;
  border-inline-start: 3px solid var(--_accent);
  border-radius: 4px;
  background: var(--_surface);
  color: inherit;
  font: inherit;
  font-size: 0.85em;
  text-align: start;
  cursor: pointer;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.quote-name {
  font-weight: 600;
}
.quote.deleted .quote-text {
  font-style: italic;
  opacity: 0.75;
}
.reactions,
.reaction-menu {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
  margin-block: 2px;
}
.chip {
  padding: 0 8px;
  border: 1px solid var(--_border);
  border-radius: 999px;
  background: var(--_bg);
  color: inherit;
  font: inherit;
  font-size: 0.85em;
  cursor: pointer;
}
.chip[aria-pressed='true'] {
  border-color: var(--_accent);
  background: var(--_surface);
  font-weight: 600;
}
.reaction-menu {
  padding: 4px;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
}
.reaction-menu button {
  min-inline-size: 32px;
  border: 0;
  background: none;
  font-size: 1.1em;
  cursor: pointer;
}
.reply-bar {
  display: flex;
  align-items: center;
  gap: var(--_space);
  padding: 4px var(--_space);
  border-inline-start: 3px solid var(--_accent);
  font-size: 0.85em;
}
.reply-bar span {
  flex: 1;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.msg:focus .bubble {
  outline: 2px solid var(--_accent);
}
`;
