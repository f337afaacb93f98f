// The body of a profile edit (`PATCH /api/v1/me`), read with the same rules the server stores profiles by.

import { normaliseAvatarUrl, normaliseDisplayName } from '../rules.js';
import { custom, nullable, object, optional } from '../schema/kit.js';
import type { Infer } from '../schema/schema.js';

/**
 * `PATCH /api/v1/me` body: each field given is set and each left out is kept; `null` clears a field. A display name is
 * normalised (white space folded, trimmed, 1–64 code points) and an avatar must be an https URL, so a bad field is a
 * `validation_failed` naming it.
 */
export const ProfileEditBodySchema = object({
  displayName: optional(nullable(custom((value, place) => normaliseDisplayName(value, place.path)))),
  avatarUrl: optional(nullable(custom((value, place) => normaliseAvatarUrl(value, place.path)))),
});
export type ProfileEditBody = Infer<typeof ProfileEditBodySchema>;
