// What every strings catalog shares: the wording-agnostic type of a catalog and `{placeholder}` filling.

/** A catalog's shape with any wording: every string literal widened to `string`, nested groups kept. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/**
 * Fills `{name}` placeholders; unknown ones are left as they are.
 *
 * @example
 * ```ts
 * fill('Signed in as {name}', { name: 'ada' }) // 'Signed in as ada'
 * ```
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
