// The page each browser test file runs in: the test runner's own, with one script before the test framework.
//
// The runner copies a finished file's results with `structuredClone` before sending them to Node.js, and a failed
// assertion's `actual` or `expected` may be a DOM node or a function, which cannot be cloned: the copy throws, the
// results are never sent, and the file reads as "did not finish" once testsFinishTimeout passes, its failure unreported
// (modernweb-dev/web issue 2967; still so in the runner's versions for Node.js 20). So where the browser's own clone
// refuses a value, it is cloned again with each node described by its start tag and each function by its name.

const CLONE_FALLBACK = `
(() => {
  const clone = globalThis.structuredClone.bind(globalThis);
  function describe(node) {
    if (!(node instanceof Element)) return node.nodeName;
    const html = node.outerHTML;
    return html.slice(0, html.indexOf('>') + 1);
  }
  function cloneable(value, seen) {
    if (typeof Node !== 'undefined' && value instanceof Node) return describe(value);
    if (typeof value === 'function') return '[function ' + (value.name || 'anonymous') + ']';
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => cloneable(item, seen));
    try {
      return clone(value);
    } catch {
      const copy = {};
      for (const key of Object.keys(value)) copy[key] = cloneable(value[key], seen);
      return copy;
    }
  }
  globalThis.structuredClone = function structuredClone(value, options) {
    try {
      return clone(value, options);
    } catch (error) {
      if (!(error instanceof DOMException) || error.name !== 'DataCloneError') throw error;
      return clone(cloneable(value, new Set()), options);
    }
  };
})();
`;

/** The runner's `testRunnerHtml` option. */
export function testRunnerHtml(testFramework) {
  return `<!DOCTYPE html>
<html>
  <head><script>${CLONE_FALLBACK}</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`;
}
