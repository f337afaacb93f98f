// The attachment part's styles, adopted when the part loads (see `adoptPartStyles`).

export const attachmentsCss = `
.attachments {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
  max-inline-size: 85%;
  margin-block: 2px;
}
.mine .attachments {
  justify-content: flex-end;
}
.attachment-image {
  inline-size: 160px;
  max-block-size: 240px;
  padding: 0;
  overflow: hidden;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_surface);
  cursor: zoom-in;
}
.attachment-image img {
  display: block;
  inline-size: 100%;
  block-size: 100%;
  object-fit: cover;
}
.file-card {
  display: grid;
  grid-template-columns: 1fr auto;
  column-gap: var(--_space);
  min-inline-size: 12rem;
  max-inline-size: 100%;
  padding: var(--_space);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_surface);
  color: inherit;
  text-decoration: none;
}
.file-card .file-name {
  font-weight: 600;
  overflow-wrap: anywhere;
}
.file-size,
.file-download {
  font-size: 0.8rem;
  color: var(--_muted);
}
.file-download {
  grid-row: 1 / span 2;
  grid-column: 2;
  align-self: center;
  color: var(--_accent);
}
.uploads {
  list-style: none;
  margin: 0 0 4px;
  padding: 0;
  display: grid;
  gap: 2px;
  font-size: 0.85rem;
}
.upload {
  display: flex;
  align-items: center;
  gap: var(--_space);
}
.upload .file-name {
  flex: 1;
  min-inline-size: 0;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.upload progress {
  inline-size: 6rem;
}
.attachment-viewer {
  max-inline-size: 95vw;
  max-block-size: 95vh;
  padding: var(--_space);
  text-align: end;
}
.attachment-viewer img {
  display: block;
  max-inline-size: 90vw;
  max-block-size: 85vh;
  margin-block-start: 4px;
}
`;
