// The composer: the growing text area, the send button, the editing bar and its error.

import { css } from 'lit';

export const composerStyles = css`
  .composer {
    display: grid;
    gap: 4px;
    padding: var(--_space);
    border-block-start: 1px solid var(--_border);
    background: var(--_bg);
  }
  .editing-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding-inline: 8px;
    font-size: 0.8rem;
    font-weight: 600;
    color: var(--_accent);
  }
  .composer-error {
    font-size: 0.8rem;
    padding-inline: 8px;
  }
  .composer-row {
    display: flex;
    align-items: flex-end;
    gap: var(--_space);
  }
  textarea {
    flex: 1;
    min-inline-size: 0;
    min-block-size: 42px;
    max-block-size: 9.5em;
    field-sizing: content;
    resize: none;
    padding: 9px 14px;
    border: 1px solid var(--_border);
    border-radius: 21px;
    background: var(--_bg);
    color: inherit;
    font: inherit;
    line-height: 1.4;
  }
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  .send {
    inline-size: 42px;
    block-size: 42px;
    min-block-size: 42px;
    padding: 0;
    border-radius: 50%;
    display: grid;
    place-items: center;
    flex: none;
  }
  .send svg:dir(rtl) {
    transform: scaleX(-1);
  }
`;
