import { searchTermsOf, type Message } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { rankMatches } from '../../src/chat/search-ranking.js';

let nextSeq = 0;
function message(text: string): Message {
  nextSeq += 1;
  return { id: nextSeq, roomId: 1, seq: nextSeq, kind: 'user', senderId: 1, text, createdAt: nextSeq, editedAt: null, deleted: false, clientMsgId: null, changeSeq: 0 };
}

/** Candidates as a store returns them: newest first. */
function newestFirst(...texts: string[]): Message[] {
  return texts.map(message).reverse();
}

describe('rankMatches', () => {
  it('puts a short text that repeats the word above a long one that mentions it once', () => {
    const ranked = rankMatches(
      newestFirst('a long message that mentions the release once among many other words of little interest', 'release release notes'),
      searchTermsOf('release '),
    );
    expect(ranked.map((hit) => hit.message.text)).toEqual([
      'release release notes',
      'a long message that mentions the release once among many other words of little interest',
    ]);
  });

  it('weighs a rare word above a common one', () => {
    const candidates = newestFirst('deploy today', 'deploy tomorrow', 'deploy later', 'rollback plan deploy', 'deploy now');
    const ranked = rankMatches(candidates, searchTermsOf('deploy rollback '));
    expect(ranked[0]?.message.text).toBe('rollback plan deploy');
  });

  it('keeps the newer of two equal matches first, and carries the highlights of each', () => {
    const candidates = newestFirst('release', 'other release', 'release');
    const ranked = rankMatches(candidates, searchTermsOf('release '));
    const equal = ranked.filter((hit) => hit.message.text === 'release');
    expect(equal.map((hit) => hit.message.seq)).toEqual([...equal.map((hit) => hit.message.seq)].sort((a, b) => b - a));
    expect(ranked.find((hit) => hit.message.text === 'other release')?.highlights).toEqual([{ start: 6, end: 13 }]);
  });
});
