// Styles a lazy part brings with it: added to the element's shadow root when the part loads, so widget.js does not
// carry them. A constructed sheet, like Lit's own, so a strict CSP without 'unsafe-inline' styles allows it.

const sheets = new Map<string, CSSStyleSheet>();

/** Adds `cssText` to the shadow root's adopted sheets, once. */
export function adoptPartStyles(root: ParentNode, cssText: string): void {
  if (!(root instanceof ShadowRoot)) return;
  let sheet = sheets.get(cssText);
  if (sheet === undefined) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    sheets.set(cssText, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
