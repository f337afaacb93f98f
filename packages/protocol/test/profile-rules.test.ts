// The profile rules: display names, avatar URLs and the host site's data object.

import { describe, expect, it } from 'vitest';
import { LIMITS, normaliseAvatarUrl, normaliseDisplayName, normaliseProfileData } from '../src/index.js';
import { wireErrorOf as failure } from './support/wire-error.js';

describe('normaliseDisplayName', () => {
  it('folds white space and control characters and trims', () => {
    expect(normaliseDisplayName('  Ada \n\t Lovelace\u0007 ')).toBe('Ada Lovelace');
    expect(normaliseDisplayName('👩‍💻'.repeat(8))).toBe('👩‍💻'.repeat(8));
  });

  it.each([
    ['a number', 42],
    ['an empty name', '   '],
    ['a name over the limit in code points', '😀'.repeat(LIMITS.displayNameMax + 1)],
    ['a lone surrogate', 'Ada \ud800'],
  ])('refuses %s naming the field', (_what, value) => {
    expect(failure(() => normaliseDisplayName(value))).toMatchObject({ code: 'validation_failed', field: 'displayName' });
  });
});

describe('normaliseAvatarUrl', () => {
  it('keeps an https URL as the URL parser writes it', () => {
    expect(normaliseAvatarUrl('https://CDN.Example.com/a b.png')).toBe('https://cdn.example.com/a%20b.png');
  });

  it.each([
    ['http', 'http://cdn.example.com/a.png'],
    ['a data URL', 'data:image/png;base64,AAAA'],
    ['javascript', 'javascript:alert(1)'],
    ['a relative URL', '/a.png'],
    ['credentials', 'https://user:pw@cdn.example.com/a.png'],
    ['an over-long URL', `https://cdn.example.com/${'a'.repeat(LIMITS.avatarUrlMax)}`],
  ])('refuses %s', (_what, value) => {
    expect(failure(() => normaliseAvatarUrl(value, 'picture'))).toMatchObject({ code: 'validation_failed', field: 'picture' });
  });
});

describe('normaliseProfileData', () => {
  it('returns a copy of a small JSON object', () => {
    const data = { team: 'Support', level: 2, flags: [true, null], nested: { deeper: { ok: 'yes' } } };
    const copy = normaliseProfileData(data);
    expect(copy).toEqual(data);
    expect(copy).not.toBe(data);
  });

  it.each([
    ['an array', ['a']],
    ['null', null],
    ['a string', 'role=admin'],
    ['an object over the byte limit', { note: 'é'.repeat(LIMITS.profileDataBytes / 2) }],
    ['nesting deeper than the limit', { a: { b: { c: { d: { e: 1 } } } } }],
    ['a non-finite number', { score: Number.POSITIVE_INFINITY }],
    ['a value JSON cannot hold', { when: new Date(0) }],
    ['a lone surrogate in a key', { ['k\udc00']: 1 }],
    ['a lone surrogate in a nested string', { list: ['ok', 'x\ud800'] }],
  ])('refuses %s', (_what, value) => {
    expect(failure(() => normaliseProfileData(value))).toMatchObject({ code: 'validation_failed', field: 'data' });
  });
});
