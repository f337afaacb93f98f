// The test kit for Node: the ichat-server command in a child process, its readiness signal, other Node scripts,
// free ports, flags and accounts. Accounts alone, for browsers, are at `@ichat/test-kit/accounts`; Chromium is at
// `@ichat/test-kit/chromium`.

export { ServerProcess, type ServerOptions } from './server-process.js';
export { runCommand, runServerCommand, cleanEnv, type CommandResult, type CommandOptions, type RunCommandOptions } from './server-command.js';
export { listeningUrl, whenListening } from './ready-signal.js';
export { freePort } from './ports.js';
export { startNode, type NodeOptions, type NodeProcess } from './node-process.js';
export { TEST_FLAGS, UNLIMITED_FLAGS, flagArgs, type FlagValues } from './test-flags.js';
export { registerUser, uniqueName, PASSWORD, type Account, type RegisterOptions } from './accounts.js';
export { SERVER_MAIN, requireServerBuild, serverNode } from './paths.js';
export { propertySettings, type PropertySettings } from './properties.js';
