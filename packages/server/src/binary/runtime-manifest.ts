// The list of files the one-file binary carries (the bundled server, its native addons, the widget), as the build
// writes it into the executable and the binary reads it back.

import { array, IChatError, int, object, parseWith, string, type Infer } from '@ichat/protocol';

/** The SEA asset holding the manifest itself (the build script writes it under the same key). */
export const RUNTIME_MANIFEST_ASSET = 'runtime-manifest.json';

const SHA256_HEX = /^[0-9a-f]{64}$/;

const RuntimeFileSchema = object({
  /** Where the file goes in the runtime folder, with `/` separators, e.g. `node_modules/better-sqlite3/lib/index.js`. */
  path: string(500, 1),
  /** The SEA asset that holds the file, gzip-compressed. */
  asset: string(500, 1),
  /** SHA-256 of the uncompressed file, in hex. */
  sha256: string(64, 64),
  size: int(0),
});

const RuntimeManifestSchema = object({
  /** The server's version, the first half of the runtime folder's name. */
  version: string(100, 1),
  /** A hash over every file's path and SHA-256: the second half, so two builds of one version never share a folder. */
  id: string(64, 16),
  /** The file that runs the server, one of `files`. */
  main: string(500, 1),
  files: array(RuntimeFileSchema),
});

export type RuntimeFile = Infer<typeof RuntimeFileSchema>;
export type RuntimeManifest = Infer<typeof RuntimeManifestSchema>;

/** Reads the manifest, refusing paths that could leave the runtime folder and hashes that are not SHA-256. */
export function parseRuntimeManifest(value: unknown): RuntimeManifest {
  const manifest = parseWith(RuntimeManifestSchema, value, 'internal', 'manifest');
  if (!/^[0-9A-Za-z.+-]+$/.test(manifest.version) || !/^[0-9a-f]+$/.test(manifest.id)) {
    throw new IChatError('internal', 'the runtime manifest names an unusable folder');
  }
  for (const file of manifest.files) {
    const parts = file.path.split('/');
    if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) {
      throw new IChatError('internal', `the runtime manifest holds an unsafe path: ${file.path}`);
    }
    if (!SHA256_HEX.test(file.sha256)) throw new IChatError('internal', `the runtime manifest holds a bad hash for ${file.path}`);
  }
  if (!manifest.files.some((file) => file.path === manifest.main)) throw new IChatError('internal', 'the runtime manifest lacks its main file');
  return manifest;
}
