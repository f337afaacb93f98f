// The server the docs are checked against: the test kit's child process with the server's own defaults, since the
// docs describe those (no test flags: what a reader's server would answer is what is checked).

import { ServerProcess } from '@ichat/test-kit';

/** Starts `ichat-server` on a fresh temp database with `args` added; `dispose()` stops it and removes the folder. */
export function startDocServer(args: readonly string[] = []): Promise<ServerProcess> {
  return ServerProcess.start({ testFlags: false, args });
}
