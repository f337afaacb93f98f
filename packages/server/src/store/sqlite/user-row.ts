// A users row (with its host identity's columns) as the contract's UserRecord, and the placeholder e-mail of a host
// site's user: shared by the SQLite and PostgreSQL user stores.

import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { HostIdentity, UserRecord } from '../contract/user-store.js';
import { profileDataOf } from './profile-data.js';
import type { UsersTable } from './schema.js';

/** A users row with its host identity's columns, null for users who have none. */
export type UserRow = Selectable<UsersTable> & { host_issuer: string | null; host_subject: string | null; host_email: string | null };

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    bannedAt: row.banned_at,
    data: profileDataOf(row.profile_data),
    emailVerifiedAt: row.email_verified_at,
    emailNotifications: row.email_notifications !== 0,
    shareReceipts: row.share_receipts !== 0,
    host:
      row.host_issuer === null || row.host_subject === null
        ? null
        : { issuer: row.host_issuer, subject: row.host_subject, email: row.host_email },
  };
}

/**
 * The users.email of a host site's user: users.email is unique and required, and theirs must never equal a real
 * address (or a later registration of that address would be refused, or worse, merged). Without an `@`, no e-mail
 * that registration accepts can equal it; the hash keeps it unique per identity and short.
 */
export function placeholderEmail(identity: HostIdentity): string {
  return `host:${createHash('sha256').update(`${identity.issuer}\u0000${identity.subject}`).digest('base64url')}`;
}
