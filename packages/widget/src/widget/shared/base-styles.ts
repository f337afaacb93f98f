// What every view builds on: the host box, resets, button variants, pane headers and labelled fields.

import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    font-family: var(--_font);
    font-size: 15px;
    line-height: 1.4;
    color: var(--_text);
    -webkit-text-size-adjust: 100%;
  }
  :host(:not([mode='floating'])) {
    block-size: 100%;
    min-block-size: 420px;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  h2:focus,
  [tabindex='-1']:focus {
    outline: none;
  }
  button {
    -webkit-tap-highlight-color: transparent;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button.quiet {
    background: transparent;
    border-color: transparent;
    color: var(--_accent);
  }
  button.quiet:hover {
    background: var(--_surface);
  }
  button.small {
    min-block-size: 28px;
    padding: 2px 8px;
    font-size: 0.8rem;
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  button.icon {
    inline-size: 40px;
    block-size: 40px;
    min-block-size: 40px;
    padding: 0;
    display: grid;
    place-items: center;
    flex: none;
    background: transparent;
    border-color: transparent;
    border-radius: 50%;
  }
  button.icon:hover {
    background: var(--_surface);
  }
  button.link {
    background: none;
    border: 0;
    color: var(--_accent);
    text-decoration: underline;
    padding: 4px;
    min-block-size: 0;
  }
  .bar {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-block-size: 60px;
    padding-block: var(--_space);
    padding-inline: calc(var(--_space) * 1.5) var(--_space);
    border-block-end: 1px solid var(--_border);
  }
  .bar h2 {
    font-size: 1.05rem;
    font-weight: 650;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .empty {
    margin: auto;
    padding: calc(var(--_space) * 3);
    text-align: center;
    color: var(--_muted);
  }
  .field > span:first-child {
    font-weight: 600;
    font-size: 0.9rem;
  }
  .field input {
    min-block-size: 44px;
  }
`;
