// The administrators' moderation routes: the report queue, actions on users and messages, and the log of actions.

import { API_PREFIX } from '../version.js';
import {
  ModerationActionBodySchema,
  ModerationActionResultSchema,
  ModerationLogResultSchema,
  ReportsResultSchema,
} from '../moderation.js';
import { route } from './route-spec.js';

/** The moderation routes, by name; part of the whole table, `ROUTES` (the admin page calls them). */
export const MODERATION_ROUTES = {
  /** The report queue: every open report (oldest first), then the 50 most recently closed. */
  adminReports: route({
    method: 'GET',
    path: `${API_PREFIX}/admin/reports`,
    result: ReportsResultSchema,
    status: 200,
    access: 'admin',
  }),
  /**
   * Takes a moderation action: delete a message (a tombstone, as its sender's delete), ban or unban a user (a ban
   * closes their sockets with 4003 at once and ends their sessions), remove a user from a group, or dismiss a report.
   * Answers the log entry it made.
   */
  adminModerate: route({
    method: 'POST',
    path: `${API_PREFIX}/admin/moderation/actions`,
    body: ModerationActionBodySchema,
    result: ModerationActionResultSchema,
    status: 200,
    access: 'admin',
  }),
  /** The moderation log: the 200 most recent actions, newest first. */
  adminModerationLog: route({
    method: 'GET',
    path: `${API_PREFIX}/admin/moderation/log`,
    result: ModerationLogResultSchema,
    status: 200,
    access: 'admin',
  }),
} as const;
