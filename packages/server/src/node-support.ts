// The Node.js versions the server runs on, and the one line that refuses any other before anything is loaded.

/**
 * The versions `engines` names: Node.js 20 from 20.19. uWebSockets.js's native binaries in the npm package the server
 * uses are built for Node.js 16, 18 and 20; the official builds for Node.js 22 and 24 need glibc 2.38 or newer and
 * are not on the npm registry (see "Node.js versions" in docs/server.md).
 */
export const SUPPORTED_NODE = { range: '>=20.19 <21', major: 20, minor: 19 } as const;

/**
 * Why the server cannot run on Node.js `version` (as `process.versions.node` spells it), as one line naming what it
 * runs on and what to do; undefined on a supported version.
 *
 * @example
 * ```ts
 * unsupportedNodeProblem('22.12.0'); // 'Node.js v22.12.0 is not supported: the server runs on Node.js 20.19 …'
 * unsupportedNodeProblem('20.19.1'); // undefined
 * ```
 */
export function unsupportedNodeProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major === SUPPORTED_NODE.major && minor >= SUPPORTED_NODE.minor) return undefined;
  const why =
    major > SUPPORTED_NODE.major ? 'the uWebSockets.js build it uses has no native binary for newer ones' : 'older ones lack what it uses';
  return (
    `Node.js v${version} is not supported: the server runs on Node.js ${SUPPORTED_NODE.major}.${SUPPORTED_NODE.minor} ` +
    `or a later ${SUPPORTED_NODE.major}.x (${why}). Start it with Node.js ${SUPPORTED_NODE.major}, or use the ` +
    'ichat-server binary, which brings its own Node.js (docs/server.md, "Node.js versions")'
  );
}
