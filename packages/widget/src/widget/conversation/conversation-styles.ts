// The conversation pane: header, message log, day labels, runs of bubbles, message actions, the new-messages pill.

import { css } from 'lit';

export const conversationStyles = css`
  .title {
    flex: 1;
    min-inline-size: 0;
    display: grid;
  }
  .subtitle {
    font-size: 0.8rem;
    color: var(--_muted);
    min-block-size: 1em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .subtitle.typing {
    color: var(--_accent);
    font-style: italic;
  }
  .placeholder {
    flex: 1;
    background: var(--_surface);
  }
  .log {
    flex: 1;
    display: flex;
    flex-direction: column;
    overflow-x: hidden;
    overflow-y: auto;
    overflow-anchor: none;
    overscroll-behavior: contain;
    padding: var(--_space) calc(var(--_space) * 1.5);
  }
  .log > :first-child {
    margin-block-start: auto;
  }
  .log:focus-visible {
    outline-offset: -3px;
  }
  .log-note {
    text-align: center;
    font-size: 0.8rem;
    color: var(--_muted);
    padding: var(--_space);
  }
  .system-line {
    align-self: center;
    max-width: 85%;
    margin-block: 6px;
    text-align: center;
    font-size: 0.8rem;
    color: var(--_muted);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .system-line.deleted {
    font-style: italic;
  }
  .run.system {
    display: flex;
    flex-direction: column;
  }
  .load-older {
    align-self: center;
    font-size: 0.85rem;
  }
  .day-label {
    display: flex;
    justify-content: center;
    margin-block: 14px 6px;
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_muted);
  }
  .day-label span {
    padding: 2px 10px;
    border-radius: 999px;
    background: var(--_surface);
  }
  .unread-divider {
    align-self: stretch;
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin-block: 8px 4px;
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_danger);
  }
  .unread-divider::before,
  .unread-divider::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid currentColor;
    opacity: 0.5;
  }
  .run {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 3px;
    margin-block: 6px;
  }
  .run.mine {
    align-items: flex-end;
  }
  .sender {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_muted);
    padding-inline: 12px;
  }
  .msg {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    max-inline-size: min(82%, 560px);
  }
  .mine .msg {
    align-items: flex-end;
  }
  .bubble {
    padding: 8px 12px;
    border-radius: calc(var(--_radius) * 1.8);
    background: var(--_surface);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .theirs .msg:not(:first-of-type) .bubble {
    border-start-start-radius: 6px;
  }
  .theirs .msg:not(:last-child) .bubble {
    border-end-start-radius: 6px;
  }
  .mine .msg:not(:first-of-type) .bubble {
    border-start-end-radius: 6px;
  }
  .mine .msg:not(:last-child) .bubble {
    border-end-end-radius: 6px;
  }
  .mine .bubble {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .bubble a {
    color: inherit;
    text-decoration: underline;
  }
  .pending .bubble {
    outline: 2px dashed color-mix(in srgb, var(--_accent) 45%, transparent);
    outline-offset: 1px;
  }
  .failed .bubble {
    background: var(--_bg);
    color: var(--_text);
    border: 1px solid var(--_danger);
  }
  .deleted .bubble {
    background: transparent;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    font-style: italic;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    padding-inline: 6px;
    font-size: 0.72rem;
    color: var(--_muted);
  }
  .msg.message:not(:last-child):not(:hover):not(:focus-within) .meta {
    display: none;
  }
  .tick {
    color: var(--_accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px;
    font-size: 0.8rem;
  }
  /* Reachable by Tab, shown on hover, focus or tap. */
  .msg:not(:hover):not(:focus-within) .actions:not(.confirming) {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .pill {
    position: absolute;
    inset-inline: 0;
    inset-block-end: 84px;
    margin-inline: auto;
    inline-size: max-content;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-text);
    border: 0;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    font-weight: 600;
    z-index: 1;
  }
  .back svg:dir(rtl) {
    transform: scaleX(-1);
  }
`;
