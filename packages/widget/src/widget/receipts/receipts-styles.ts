// Styles of read receipts ("Seen", "Seen by N"), adopted when their part loads (see `adoptPartStyles`).

export const receiptsCss = `
.seen {
  padding-inline: 6px;
  font-size: 0.72rem;
  color: var(--_muted);
}
.seen summary {
  cursor: pointer;
}
`;
