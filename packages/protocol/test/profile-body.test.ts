// The profile edit body: each field read by its profile rule, null clears, left out keeps.

import { describe, expect, it } from 'vitest';
import { parseBody, ROUTES } from '../src/index.js';
import { wireErrorOf as failure } from './support/wire-error.js';

describe('the profile edit body (PATCH /api/v1/me)', () => {
  it('reads a display name normalised and an avatar as the URL parser writes it', () => {
    const body = parseBody(ROUTES.updateProfile, '{"displayName":"  Ada \\n Lovelace ","avatarUrl":"https://CDN.example.com/a.png"}');
    expect(body).toEqual({ displayName: 'Ada Lovelace', avatarUrl: 'https://cdn.example.com/a.png' });
  });

  it('keeps null (clear) apart from a field left out (keep)', () => {
    expect(parseBody(ROUTES.updateProfile, '{"displayName":null}')).toEqual({ displayName: null });
    expect(parseBody(ROUTES.updateProfile, '{}')).toEqual({});
  });

  it.each([
    ['an http avatar', '{"avatarUrl":"http://cdn.example.com/a.png"}', 'avatarUrl'],
    ['a javascript: avatar', '{"avatarUrl":"javascript:alert(1)"}', 'avatarUrl'],
    ['an empty display name', '{"displayName":"   "}', 'displayName'],
    ['a display name that is not text', '{"displayName":7}', 'displayName'],
  ])('refuses %s naming the field', (_what, text, field) => {
    expect(failure(() => parseBody(ROUTES.updateProfile, text))).toMatchObject({ code: 'validation_failed', field });
  });
});
