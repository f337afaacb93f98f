// Reads a users.profile_data column: JSON text written by the store from a normalised object, or null for `{}`.

import type { ProfileData } from '@ichat/protocol';

/** The stored profile data; `{}` for null. The text was written by the store itself, from an object already checked. */
export function profileDataOf(text: string | null): ProfileData {
  if (text === null) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ProfileData) : {};
}
