// The server's own version, from its package.json (inlined by the build).

import manifest from '../package.json' with { type: 'json' };

export const SERVER_VERSION: string = manifest.version;
