// The upgrade fixtures under test/fixtures/upgrade: databases that earlier releases wrote (each by that release's
// make-fixture.mjs), the manifest of what each holds, and copies to open so the committed files never change.

import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  array,
  boolean,
  custom,
  int,
  isFields,
  MessageSchema,
  normaliseProfileData,
  nullable,
  object,
  oneOf,
  parseWith,
  ROOM_KINDS,
  string,
  WEBHOOK_EVENT_TYPES,
  type Infer,
} from '@ichat/protocol';

/**
 * A message as a fixture's manifest lists it. Releases before the change seq (migration 10) wrote no `changeSeq`:
 * their messages read back as never changed, which is what the migration makes of them.
 */
const FixtureMessageSchema = custom((value, place) =>
  MessageSchema.read(isFields(value) && !('changeSeq' in value) ? { ...value, changeSeq: 0 } : value, place),
);

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/upgrade/', import.meta.url));

const ManifestSchema = object({
  schema: string(),
  /** Every account's password. */
  password: string(),
  users: array(
    object({
      id: int(1),
      email: string(),
      username: string(),
      isAdmin: boolean,
      displayName: nullable(string()),
      avatarUrl: nullable(string()),
      data: custom((value) => normaliseProfileData(value)),
      host: nullable(object({ issuer: string(), subject: string(), email: nullable(string()) })),
    }),
  ),
  rooms: array(
    object({
      id: int(1),
      kind: oneOf(ROOM_KINDS),
      name: nullable(string()),
      ownerId: int(1),
      lastSeq: int(),
      memberIds: array(int(1)),
      messages: array(FixtureMessageSchema),
      readMarkers: array(object({ userId: int(1), readSeq: int(), unread: int() })),
    }),
  ),
  apiKeys: array(object({ name: string(), key: string() })),
  webhooks: object({
    endpoints: array(object({ id: int(1), url: string(), events: array(oneOf(WEBHOOK_EVENT_TYPES)) })),
    deliveries: array(object({ id: int(1), endpointId: int(1), webhookId: string(), type: oneOf(WEBHOOK_EVENT_TYPES) })),
  }),
});

/** What a fixture database holds, as the release that wrote it read it back. */
export type Manifest = Infer<typeof ManifestSchema>;

/** One committed fixture: its database file and manifest. */
export interface UpgradeFixture {
  /** The schema it was written at: the newest migration it had, e.g. `005-webhooks`. */
  readonly schema: string;
  readonly databasePath: string;
  readonly manifest: Manifest;
}

/** Every committed fixture, oldest schema first. */
export function upgradeFixtures(): UpgradeFixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.db'))
    .sort()
    .map((name) => {
      const schema = name.slice(0, -'.db'.length);
      const json: unknown = JSON.parse(readFileSync(join(FIXTURE_DIR, `${schema}.json`), 'utf8'));
      return { schema, databasePath: join(FIXTURE_DIR, name), manifest: parseWith(ManifestSchema, json) };
    });
}

/** Copies a fixture's database into `dir` as ichat.db and returns the copy's path. */
export function copyFixture(fixture: UpgradeFixture, dir: string): string {
  const path = join(dir, 'ichat.db');
  copyFileSync(fixture.databasePath, path);
  return path;
}
