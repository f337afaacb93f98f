// Layout of <ichat-admin>: controls that wrap on narrow screens, a chart that fills its container.

import { css } from 'lit';

export const adminStyles = css`
  :host {
    display: block;
    font-family: var(--_font);
    color: var(--_text);
    background: var(--_bg);
    border-radius: var(--_radius);
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  .panel {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 2);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  h2 {
    margin: 0;
    font-size: 1.25rem;
    margin-inline-end: auto;
  }
  .live {
    font-size: 0.8rem;
    color: var(--_muted);
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .live::before {
    content: '';
    inline-size: 8px;
    block-size: 8px;
    border-radius: 50%;
    background: #16a34a;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 1.5);
    align-items: end;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  legend {
    font-size: 0.8rem;
    color: var(--_muted);
    margin-block-end: 4px;
    padding: 0;
  }
  .segmented {
    display: inline-flex;
    flex-wrap: wrap;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .segmented label {
    display: block;
    position: relative;
  }
  .segmented input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .segmented span {
    display: block;
    padding: 6px 12px;
    font-size: 0.9rem;
  }
  .segmented input:checked + span {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .segmented input:focus-visible + span {
    outline: 3px solid var(--_accent);
    outline-offset: -3px;
  }
  .chart-area {
    position: relative;
    min-block-size: 240px;
  }
  svg {
    display: block;
    inline-size: 100%;
    overflow: visible;
  }
  svg:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .bar {
    fill: var(--_accent);
    opacity: 0.75;
  }
  .bar.active {
    opacity: 1;
  }
  .cumulative {
    stroke: var(--_text);
    stroke-width: 2px;
  }
  .axis {
    color: var(--_muted);
    font-size: 11px;
  }
  .tooltip {
    position: absolute;
    pointer-events: none;
    background: var(--_text);
    color: var(--_bg);
    border-radius: var(--_radius);
    padding: 6px 10px;
    font-size: 0.85rem;
    inline-size: max-content;
    max-inline-size: min(280px, 70%);
    transform: translate(-50%, -100%);
  }
  .tooltip.grow-end {
    transform: translate(-12px, -100%);
  }
  .tooltip.grow-start {
    transform: translate(calc(-100% + 12px), -100%);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .swatch {
    display: inline-block;
    inline-size: 14px;
  }
  .bar-swatch {
    block-size: 10px;
    background: var(--_accent);
    opacity: 0.75;
  }
  .line-swatch {
    block-size: 2px;
    background: var(--_text);
  }
  .state {
    display: grid;
    place-items: center;
    gap: var(--_space);
    min-block-size: 240px;
    color: var(--_muted);
    text-align: center;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-size: 0.9rem;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: var(--_space);
  }
  th,
  td {
    text-align: end;
    padding: 4px 8px;
    border-block-end: 1px solid var(--_border);
  }
  th[scope='row'],
  thead th:first-child {
    text-align: start;
  }
  .table-wrap {
    max-block-size: 420px;
    overflow: auto;
  }
  .webhooks {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .webhooks .refresh {
    justify-self: start;
  }
  .webhooks .state {
    min-block-size: 0;
  }
  .webhooks td,
  .webhooks th {
    text-align: start;
  }
  .webhooks .url,
  .error-text {
    overflow-wrap: anywhere;
  }
  .status.failed {
    color: #b91c1c;
  }
  .status.delivered {
    color: #15803d;
  }
  .moderation {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .moderation .refresh {
    justify-self: start;
  }
  .queue {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .section-title {
    margin: 0;
    font-size: 1rem;
  }
  .report {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .report:not(.open) {
    opacity: 0.75;
  }
  .report h3 {
    margin: 0;
    font-size: 0.95rem;
    font-weight: 500;
  }
  .report .reason {
    font-weight: 700;
    margin-inline-end: var(--_space);
  }
  .report time {
    margin-inline-start: var(--_space);
    color: var(--_muted);
  }
  .context {
    margin: 0;
    padding-inline-start: calc(var(--_space) * 2.5);
    overflow-wrap: anywhere;
  }
  .context .reported {
    font-weight: 700;
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
  }
  .context .who {
    color: var(--_muted);
  }
  .report-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .moderation .danger {
    color: #b91c1c;
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    max-inline-size: 360px;
    margin-inline: auto;
    padding-block: calc(var(--_space) * 3);
  }
  form h2 {
    margin: 0;
  }
`;
