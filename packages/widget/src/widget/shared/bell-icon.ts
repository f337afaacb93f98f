// The bell of the mute toggle and of a muted room's row: struck through when the room is muted.

import { svg, type TemplateResult } from 'lit';

/** A bell, crossed out when `off`; decorative (its button or row carries the words). */
export function bellIcon(off: boolean, size = 20): TemplateResult {
  return svg`<svg aria-hidden="true" viewBox="0 0 24 24" width=${size} height=${size}><path fill="currentColor" d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2m6-6v-5c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z" />${off ? svg`<path stroke="currentColor" stroke-width="2" d="m3 3 18 18" />` : ''}</svg>`;
}
