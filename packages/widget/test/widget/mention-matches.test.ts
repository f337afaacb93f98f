// The ranking of the composer's @ autocomplete: which members a typed name may mean, best match first.

import { expect } from '@esm-bundle/chai';
import type { PublicUser } from '@ichat/sdk';
import { mentionMatches } from '../../src/widget/mentions/mention-matches.js';

function member(id: number, username: string, displayName: string | null = null): PublicUser {
  return { id, username, displayName, avatarUrl: null, data: {} };
}

// In the room's order: longest-standing first.
const ROOM = [
  member(1, 'ada', 'Ada Lovelace'),
  member(2, 'alan', 'Alan Turing'),
  member(3, 'grace', 'Grace Hopper'),
  member(4, 'al', null),
  member(5, 'bob', 'Alberto B.'),
  member(6, 'kim', 'Kimball'),
];

const usernames = (members: PublicUser[]): string[] => members.map((m) => m.username);

describe('mentionMatches', () => {
  it('offers the exact username first, then usernames it starts, then display names, in the room order among equals', () => {
    expect(usernames(mentionMatches(ROOM, 'al', undefined, 8))).to.deep.equal(['al', 'alan', 'bob', 'kim']);
    expect(usernames(mentionMatches(ROOM, 'a', undefined, 8))).to.deep.equal(['ada', 'alan', 'al', 'bob', 'grace', 'kim']);
  });

  it('matches a word of the display name before a match inside one', () => {
    expect(usernames(mentionMatches(ROOM, 'ho', undefined, 8))).to.deep.equal(['grace']);
    expect(usernames(mentionMatches(ROOM, 'ba', undefined, 8))).to.deep.equal(['kim']);
    expect(usernames(mentionMatches(ROOM, 'b', undefined, 8))).to.deep.equal(['bob', 'kim']);
  });

  it('leaves the user out and stops at the limit', () => {
    expect(usernames(mentionMatches(ROOM, 'a', 1, 8))).to.deep.equal(['alan', 'al', 'bob', 'grace', 'kim']);
    expect(usernames(mentionMatches(ROOM, 'a', undefined, 2))).to.deep.equal(['ada', 'alan']);
    expect(mentionMatches(ROOM, 'zz', undefined, 8)).to.deep.equal([]);
  });
});
