// Loads a lazy part in the script-tag build, which replaces `part-loader.ts` with this file: each part is its own
// script beside `widget.js` (`widget-<name>.js`), added to the page once on first use. A classic script, unlike a
// dynamic import(), needs no CORS headers from the iChat server and is allowed by the same CSP source as widget.js.

import { LOADED_FROM } from '../../server-origin.js';
import { partGlobal, partScriptName } from './part-names.js';
import type { PartName, WidgetParts } from './widget-parts.js';

const loading = new Map<PartName, Promise<unknown>>();

function loaded<K extends PartName>(name: K): WidgetParts[K] | undefined {
  const parts: unknown = Reflect.get(globalThis, partGlobal.namespace);
  if (typeof parts !== 'object' || parts === null) return undefined;
  return Reflect.get(parts, partGlobal.key(name)) as WidgetParts[K] | undefined;
}

export function loadPart<K extends PartName>(name: K): Promise<WidgetParts[K]> {
  const ready = loaded(name);
  if (ready !== undefined) return Promise.resolve(ready);
  let pending = loading.get(name);
  if (pending === undefined) {
    pending = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(partScriptName(name), LOADED_FROM).href;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        // A failed load may be a network blip: the next use tries again with a fresh script.
        script.remove();
        loading.delete(name);
        reject(new Error(`Could not load ${script.src}`));
      };
      document.head.append(script);
    });
    loading.set(name, pending);
  }
  return pending.then(() => {
    const part = loaded(name);
    if (part === undefined) throw new Error(`${partScriptName(name)} did not define its part`);
    return part;
  });
}
