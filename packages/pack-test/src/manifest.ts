// The fields of a package.json that packing and installing depend on, read and checked rather than cast.

/** A package.json, as far as this suite looks at it. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly files: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly bin: Readonly<Record<string, string>>;
  readonly private: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A map of strings (dependencies, bin); absent is empty. */
function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new Error(`package.json "${field}" is not an object`);
  const entries = Object.entries(value).map(([key, item]) => {
    if (typeof item !== 'string') throw new Error(`package.json "${field}.${key}" is not a string`);
    return [key, item] as const;
  });
  return Object.fromEntries(entries);
}

/** Parses a package.json's text; throws naming the first field that is missing or of the wrong type. */
export function parseManifest(text: string): Manifest {
  const value: unknown = JSON.parse(text);
  if (!isObject(value)) throw new Error('package.json is not an object');
  const { name, version, files } = value;
  if (typeof name !== 'string') throw new Error('package.json "name" is not a string');
  if (typeof version !== 'string') throw new Error(`package.json of ${name}: "version" is not a string`);
  if (files !== undefined && !(Array.isArray(files) && files.every((item) => typeof item === 'string'))) {
    throw new Error(`package.json of ${name}: "files" is not a list of strings`);
  }
  return {
    name,
    version,
    files: files ?? [],
    dependencies: stringMap(value['dependencies'], 'dependencies'),
    devDependencies: stringMap(value['devDependencies'], 'devDependencies'),
    // A bin given as one path is named after the package (without its scope), as npm links it.
    bin: typeof value['bin'] === 'string' ? { [name.replace(/^@[^/]+\//, '')]: value['bin'] } : stringMap(value['bin'], 'bin'),
    private: value['private'] === true,
  };
}
