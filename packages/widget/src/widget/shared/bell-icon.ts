// The bell of the mute toggle and of a muted room's row: struck through when the room is muted.

import { svg, type TemplateResult } from 'lit';

/** A bell, crossed out when `off`; decorative (its button or row carries the words). */
export function bellIcon(off: boolean, size = 20): TemplateResult {
  return svg`<svg aria-hidden="true" viewBox="0 0 24 24" width=${size} height=${size}><path fill="currentColor" d="M10 20h4a2 2 0 0 1-4 0m8-4v-5a6 6 0 0 0-12 0v5l-2 2v1h16v-1z" />${off ? svg`<path stroke="currentColor" stroke-width="2" d="m3 3 18 18" />` : ''}</svg>`;
}
