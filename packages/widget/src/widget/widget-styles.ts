// <ichat-widget>'s layout and look, in logical properties so right-to-left pages mirror it.

import { css } from 'lit';

export const widgetStyles = css`
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

  /* ── Frame and panes ── */
  .frame {
    position: relative;
    display: flex;
    flex-direction: column;
    block-size: 100%;
    inline-size: 100%;
    overflow: hidden;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .panes {
    flex: 1;
    display: flex;
    min-block-size: 0;
  }
  .pane {
    position: relative;
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    min-block-size: 0;
  }
  .wide .list-pane {
    flex: 0 0 clamp(280px, 34%, 360px);
    border-inline-end: 1px solid var(--_border);
  }
  .wide .conversation,
  .narrow .list-pane {
    flex: 1;
  }
  .narrow .conversation,
  .narrow.in-room .list-pane {
    display: none;
  }
  .narrow.in-room .conversation {
    display: flex;
    flex: 1;
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
  .list-pane .bar h2 {
    flex: 1;
    font-size: 1.25rem;
  }
  .new-chat {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    border-radius: 999px;
    padding-inline: 10px 14px;
    white-space: nowrap;
  }
  .empty {
    margin: auto;
    padding: calc(var(--_space) * 3);
    text-align: center;
    color: var(--_muted);
  }

  /* ── Floating ── */
  :host([mode='floating']) {
    position: fixed;
    inset-block-end: 20px;
    inset-inline-end: 20px;
    z-index: 2147483000;
  }
  .launcher {
    position: relative;
    inline-size: 60px;
    block-size: 60px;
    border-radius: 50%;
    padding: 0;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-text);
    border: 0;
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher-badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 22px;
    block-size: 22px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_danger);
    color: var(--_bg);
    font-size: 0.75rem;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
    border: 2px solid var(--_bg);
  }
  :host([mode='floating']) .frame {
    position: fixed;
    inset-block-end: 92px;
    inset-inline-end: 20px;
    inline-size: min(400px, calc(100vw - 40px));
    block-size: min(640px, calc(100vh - 120px));
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.28);
    border-radius: calc(var(--_radius) * 1.6);
  }
  .panel-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding-block: 4px;
    padding-inline: calc(var(--_space) * 1.5) 4px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 650;
  }
  .panel-bar button.icon {
    color: inherit;
    block-size: 36px;
    min-block-size: 36px;
    inline-size: 36px;
  }
  .panel-bar button.icon:hover {
    background: rgb(255 255 255 / 0.15);
  }
  @media (max-width: 480px) {
    :host([mode='floating']) .frame {
      inset-inline: 0;
      inset-block-start: var(--_vvtop, 0);
      inset-block-end: auto;
      inline-size: 100%;
      block-size: var(--_vvh, 100dvh);
      border: 0;
      border-radius: 0;
    }
    :host([mode='floating'][open]) .launcher {
      display: none;
    }
  }

  /* ── Banner and loading ── */
  .banner {
    display: none;
  }
  .banner.on {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: 6px 12px;
    background: #fef3c7;
    color: #713f12;
    font-size: 0.85rem;
  }
  .banner.on button {
    color: #713f12;
    text-decoration: underline;
  }
  .loading {
    margin: auto;
    display: flex;
    align-items: center;
    gap: var(--_space);
    color: var(--_muted);
  }
  .spinner {
    inline-size: 18px;
    block-size: 18px;
    border-radius: 50%;
    border: 2px solid var(--_border);
    border-block-start-color: var(--_accent);
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
    .launcher {
      transition: none;
    }
  }

  /* ── Auth ── */
  .auth {
    margin: auto;
    inline-size: min(100%, 380px);
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 3) calc(var(--_space) * 2.5);
    overflow-y: auto;
  }
  .brand {
    display: grid;
    place-items: center;
  }
  .logo {
    display: grid;
    place-items: center;
    inline-size: 56px;
    block-size: 56px;
    border-radius: 18px;
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .auth h2 {
    text-align: center;
    font-size: 1.35rem;
  }
  .field > span:first-child {
    font-weight: 600;
    font-size: 0.9rem;
  }
  .field input {
    min-block-size: 44px;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error,
  .form-error {
    font-size: 0.85rem;
  }
  /* Always present so screen readers hear the error appear; empty, it gives back its grid gap. */
  .form-error.blank {
    margin-block-end: calc(var(--_space) * -1.5);
  }
  .submit {
    min-block-size: 46px;
    font-weight: 650;
  }
  .notice {
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 0.9rem;
  }

  /* ── Chat list ── */
  .chats {
    list-style: none;
    margin: 0;
    padding: 4px;
    flex: 1;
    overflow-y: auto;
    overflow-x: hidden;
  }
  .chat-item {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 1.25);
    inline-size: 100%;
    padding: calc(var(--_space) * 1.1) var(--_space);
    text-align: start;
    border: 0;
    background: transparent;
  }
  .chat-item:hover {
    background: var(--_surface);
  }
  .chat-item[aria-current='true'] {
    background: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
  }
  .chat-text {
    flex: 1;
    min-inline-size: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 2px;
  }
  .chat-top,
  .chat-bottom {
    display: flex;
    align-items: baseline;
    gap: var(--_space);
  }
  .chat-bottom {
    align-items: center;
  }
  .chat-name,
  .chat-preview {
    flex: 1;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chat-name {
    font-weight: 600;
  }
  .chat-time {
    flex: none;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .chat-preview {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .chat-preview.typing {
    color: var(--_accent);
    font-style: italic;
  }
  .has-unread .chat-preview {
    color: var(--_text);
    font-weight: 550;
  }
  .has-unread .chat-time {
    color: var(--_accent);
    font-weight: 600;
  }
  .badge {
    flex: none;
    min-inline-size: 20px;
    block-size: 20px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 0.75rem;
    font-weight: 700;
    line-height: 20px;
    text-align: center;
  }
  .account {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: 6px var(--_space) 6px calc(var(--_space) * 1.5);
    border-block-start: 1px solid var(--_border);
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .account button {
    white-space: nowrap;
  }
  .me {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  /* ── Avatars ── */
  .avatar {
    position: relative;
    flex: none;
    display: grid;
    place-items: center;
    inline-size: 42px;
    block-size: 42px;
    border-radius: 50%;
    --_hue: 220;
    background: hsl(var(--_hue) 70% 88%);
    color: hsl(var(--_hue) 60% 22%);
    font-weight: 700;
    font-size: 0.85rem;
  }
  .tone-1 {
    --_hue: 0;
  }
  .tone-2 {
    --_hue: 30;
  }
  .tone-3 {
    --_hue: 55;
  }
  .tone-4 {
    --_hue: 130;
  }
  .tone-5 {
    --_hue: 175;
  }
  .tone-6 {
    --_hue: 265;
  }
  .tone-7 {
    --_hue: 310;
  }
  .bar .avatar {
    inline-size: 36px;
    block-size: 36px;
    font-size: 0.8rem;
  }
  .presence {
    position: absolute;
    inset-block-end: 0;
    inset-inline-end: 0;
    inline-size: 12px;
    block-size: 12px;
    border-radius: 50%;
    background: #16a34a;
    border: 2px solid var(--_bg);
  }

  /* ── Conversation ── */
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

  /* ── Composer ── */
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
  .send svg:dir(rtl),
  .back svg:dir(rtl) {
    transform: scaleX(-1);
  }

  /* ── New chat dialog ── */
  dialog {
    inline-size: min(92vw, 400px);
    padding: calc(var(--_space) * 2.5);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.6);
    background: var(--_bg);
    color: var(--_text);
    box-shadow: 0 20px 60px rgb(0 0 0 / 0.3);
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 0.45);
  }
  dialog form {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  dialog h2 {
    font-size: 1.15rem;
  }
  .tabs {
    display: flex;
    gap: 4px;
    padding: 3px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .tab {
    flex: 1;
    border: 0;
    background: transparent;
  }
  .tab[aria-pressed='true'] {
    background: var(--_bg);
    font-weight: 600;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.15);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
  }
`;
