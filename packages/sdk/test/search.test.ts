// Search through the SDK against a real server: hits in the caller's rooms with highlight ranges, paging, and a
// refused query as a typed error.

import { describe, expect, it } from 'vitest';
import { IChatError } from '../src/index.js';
import { useThreeUsers } from './support/fixtures.js';

describe('search', () => {
  const env = useThreeUsers();

  it("finds messages in the caller's rooms, with the ranges that matched, and pages through them", async () => {
    const a = await env.connect(env.ada);
    const g = await env.connect(env.grace);
    const direct = await a.client.openDirect(env.grace.username);
    for (let i = 1; i <= 5; i += 1) await a.client.send(direct.roomId, `Invoice ${i} is paid`);
    await a.client.send(direct.roomId, 'lunch?');

    const first = await g.client.search('invoices paid');
    expect(first.hits).toEqual([]);
    const page = await g.client.search('paid invo', { limit: 3 });
    expect(page.hits).toHaveLength(3);
    expect(page.hasMore).toBe(true);
    const [hit] = page.hits;
    expect(hit?.highlights.map(({ start, end }) => hit.message.text.slice(start, end))).toEqual(['Invoice', 'paid']);
    const rest = await g.client.search('paid invo', { limit: 3, offset: 3 });
    expect(rest.hasMore).toBe(false);
    const seqs = [...page.hits, ...rest.hits].map((h) => h.message.seq).sort();
    expect(seqs).toEqual([1, 2, 3, 4, 5]);

    const linus = await env.connect(env.linus);
    expect((await linus.client.search('invoice')).hits).toEqual([]);
  });

  it('rejects a query with no word in it as validation_failed on query', async () => {
    const a = await env.connect(env.ada);
    const error = await a.client.search('…').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IChatError);
    expect(error).toMatchObject({ code: 'validation_failed', field: 'query' });
  });
});
