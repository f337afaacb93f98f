// The documented CSS custom properties every iChat element reads, with light and dark defaults.

import { css } from 'lit';

/** The dark scheme's defaults, used both when the visitor prefers dark and when `theme="dark"` forces it. */
const darkTokens = css`
  --_accent: var(--ichat-accent, #60a5fa);
  --_accent-text: var(--ichat-accent-text, #0b1220);
  --_bg: var(--ichat-background, #111827);
  --_surface: var(--ichat-surface, #1f2937);
  --_text: var(--ichat-text, #f9fafb);
  --_muted: var(--ichat-muted, #d1d5db);
  --_border: var(--ichat-border, #4b5563);
  --_danger: var(--ichat-danger, #fca5a5);
  color-scheme: dark;
`;

/**
 * Theme tokens. Hosts override them on the element (or any ancestor): `ichat-widget { --ichat-accent: #0a7; }`.
 * `theme="dark"` / `theme="light"` force a scheme; otherwise `prefers-color-scheme` decides.
 */
export const themeTokens = css`
  :host {
    --_accent: var(--ichat-accent, #2563eb);
    --_accent-text: var(--ichat-accent-text, #ffffff);
    --_bg: var(--ichat-background, #ffffff);
    --_surface: var(--ichat-surface, #f3f4f6);
    --_text: var(--ichat-text, #111827);
    --_muted: var(--ichat-muted, #4b5563);
    --_border: var(--ichat-border, #d1d5db);
    --_danger: var(--ichat-danger, #b91c1c);
    --_font: var(--ichat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--ichat-radius, 10px);
    --_space: var(--ichat-spacing, 8px);
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
`;

/** Form controls and buttons shared by the elements. */
export const controlStyles = css`
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    min-block-size: 36px;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
  }
  button:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  input {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: var(--_space);
    min-block-size: 36px;
    inline-size: 100%;
    box-sizing: border-box;
  }
  label {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .error {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
