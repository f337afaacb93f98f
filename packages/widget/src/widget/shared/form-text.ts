// Reading a submitted form's text fields.

/** A text field's value from a form ('' for a missing or file field). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
