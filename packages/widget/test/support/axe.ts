// Runs axe-core on an element (shadow DOM included) and fails with the violations listed.

import 'axe-core/axe.min.js';

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown }[];
}

interface AxeApi {
  run(context: Element, options: object): Promise<{ violations: AxeViolation[] }>;
}

function axeApi(): AxeApi {
  const api: unknown = Reflect.get(globalThis, 'axe');
  if (typeof api !== 'object' || api === null || typeof Reflect.get(api, 'run') !== 'function') {
    throw new Error('axe-core did not load');
  }
  return api as AxeApi; // axe-core's browser build installs exactly this global
}

export async function runAxe(element: Element): Promise<void> {
  const { violations } = await axeApi().run(element, { resultTypes: ['violations'] });
  if (violations.length > 0) {
    const report = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
    throw new Error(`axe found ${violations.length} violation(s):\n${report.join('\n')}`);
  }
}
