// A dev-server plugin that gives browser tests what only the server side can do: its URL, seeded accounts with
// chosen creation times (hashing is not under test), and administrator rights.

/** @param {{ url: string, store: import('@ichat/server').Store }} server */
export function ichatFixtures(server) {
  let seeded = 0;
  return {
    name: 'ichat-fixtures',
    async serve(context) {
      if (!context.path.startsWith('/__ichat/')) return undefined;
      const params = new URLSearchParams(context.querystring);
      if (context.path === '/__ichat/server') return { body: JSON.stringify({ url: server.url }), type: 'json' };
      if (context.path === '/__ichat/grant-admin') {
        const email = params.get('email') ?? '';
        const found = await server.store.users.setAdmin(email, true);
        return { body: JSON.stringify({ ok: found }), type: 'json' };
      }
      if (context.path === '/__ichat/seed-users') {
        // at: comma-separated ms instants, one user each.
        const instants = (params.get('at') ?? '').split(',').filter(Boolean).map(Number);
        for (const createdAt of instants) {
          seeded += 1;
          await server.store.users.create({
            email: `seed${seeded}@example.com`,
            username: `seed${seeded}`,
            passwordHash: 'not-a-hash',
            createdAt,
          });
        }
        return { body: JSON.stringify({ ok: true, count: instants.length }), type: 'json' };
      }
      return { body: JSON.stringify({ error: 'unknown fixture' }), type: 'json', status: 404 };
    },
  };
}
