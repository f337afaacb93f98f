// Where a lazy part lives in the script-tag build: its file beside widget.js and the global its script defines. The
// build script reads the same names (scripts/build.mjs imports nothing of ours, so it states them again; a build
// test loads a part through this loader to keep both in step).

import type { PartName } from './widget-parts.js';

export function partScriptName(name: PartName): string {
  return `widget-${name}.js`;
}

/** Each part script assigns its exports to `IChatWidgetParts.<camelCaseName>`. */
export const partGlobal = {
  namespace: 'IChatWidgetParts',
  key: (name: PartName): string => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
};
