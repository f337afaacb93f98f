// What every view reads besides its own part's state.

import type { WidgetStrings } from './widget-strings.js';

export interface ViewEnv {
  t: WidgetStrings;
  /** The clock's time, for relative dates. */
  now: number;
  /** Whether the chat list and the conversation sit side by side. */
  wide: boolean;
}
