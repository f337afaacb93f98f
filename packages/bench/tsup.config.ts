import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    cli: 'src/cli.ts',
    'profile-summary': 'src/report/profile-summary.ts',
    search: 'src/search/search-bench.ts',
    'servers/uws-relay': 'src/servers/uws-relay.ts',
    'servers/ws-relay': 'src/servers/ws-relay.ts',
    'servers/socketio-server': 'src/servers/socketio-server.ts',
    'servers/sqlite-inserts': 'src/servers/sqlite-inserts.ts',
  },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
