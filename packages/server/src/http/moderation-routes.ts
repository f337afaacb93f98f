// The administrators' moderation routes: the report queue, actions, and the log. The router has checked the caller is
// an admin; every action runs the same code as the user's or the server API's own, then is recorded.

import { IChatError, ROUTES, type ModerationActionBody, type ModerationEntry } from '@ichat/protocol';
import type { Session } from '../auth/accounts.js';
import type { ChatService } from '../chat/chat-service.js';
import { UserLookup } from '../moderation/moderation-views.js';
import type { NewModerationAction, Store } from '../store/contract/store.js';
import type { RouteHandlers } from './http-types.js';
import { answer } from './responses.js';

/** How many closed reports the queue shows below the open ones. */
const CLOSED_REPORTS_SHOWN = 50;
/** How many log entries the log answers. */
const LOG_ENTRIES_SHOWN = 200;

/** Runs an action and says what to record; the record is written only once the action has succeeded. */
async function act(store: Store, chat: ChatService, body: ModerationActionBody): Promise<Pick<NewModerationAction, 'targetId' | 'roomId' | 'seq'>> {
  const { roomId, seq, userId } = body;
  switch (body.action) {
    case 'delete_message': {
      if (roomId === undefined || seq === undefined) throw new IChatError('validation_failed', 'roomId and seq are required');
      const message = await store.messages.find(roomId, seq);
      if (message === undefined) throw new IChatError('not_found', 'Message not found', { field: 'seq' });
      // Deleting a tombstone again would change nothing but its time: the record still says who acted.
      if (!message.deleted) await chat.messageActions.delete(roomId, seq);
      return { targetId: message.senderId, roomId, seq };
    }
    case 'ban':
    case 'unban': {
      if (userId === undefined) throw new IChatError('validation_failed', 'userId is required');
      const user = await chat.setBanned(userId, body.action === 'ban');
      if (user === undefined) throw new IChatError('not_found', 'No such user', { field: 'userId' });
      return { targetId: userId, roomId: null, seq: null };
    }
    case 'remove_member': {
      if (roomId === undefined || userId === undefined) throw new IChatError('validation_failed', 'roomId and userId are required');
      const room = await store.rooms.find(roomId);
      if (room === undefined) throw new IChatError('not_found', 'Room not found', { field: 'roomId' });
      if (room.kind === 'direct') throw new IChatError('forbidden', 'Direct rooms have fixed members', { field: 'roomId' });
      const members = await store.rooms.memberIds(roomId);
      if (!members.includes(userId)) throw new IChatError('not_found', 'That user is not a member of this room', { field: 'userId' });
      if (members.length === 1) throw new IChatError('validation_failed', 'A group keeps at least one member', { field: 'userId' });
      await chat.roomActions.removeMember(roomId, userId);
      return { targetId: userId, roomId, seq: null };
    }
    case 'dismiss':
      return { targetId: null, roomId: null, seq: null };
  }
}

/** Handlers of the moderation routes. */
export function moderationRoutes(store: Store, chat: ChatService): Pick<RouteHandlers, 'adminReports' | 'adminModerate' | 'adminModerationLog'> {
  return {
    adminReports: async () => {
      const lookup = new UserLookup(store.users);
      const reports = [];
      for (const record of await store.moderation.reports(CLOSED_REPORTS_SHOWN)) {
        // A report's room outlives it (reports go with their room), so the room is there.
        const room = await store.rooms.find(record.roomId);
        reports.push(await lookup.report(record, room?.kind ?? 'direct'));
      }
      return answer(ROUTES.adminReports, { reports });
    },
    adminModerate: async ({ body, session }) => {
      const admin = adminOf(session);
      if (body.reportId !== undefined) {
        const report = await store.moderation.findReport(body.reportId);
        if (report === undefined) throw new IChatError('not_found', 'No such report', { field: 'reportId' });
        if (body.action === 'dismiss' && report.status !== 'open') {
          throw new IChatError('validation_failed', 'This report is closed already', { field: 'reportId' });
        }
      }
      const done = await act(store, chat, body);
      const record = await store.moderation.recordAction({
        ...done,
        adminId: admin,
        action: body.action,
        reportId: body.reportId ?? null,
        createdAt: Date.now(),
      });
      const entry: ModerationEntry = await new UserLookup(store.users).entry(record);
      chat.announceToAdmins('moderation.action', { entryId: entry.id });
      return answer(ROUTES.adminModerate, { entry });
    },
    adminModerationLog: async () => {
      const lookup = new UserLookup(store.users);
      const entries = [];
      for (const record of await store.moderation.actions(LOG_ENTRIES_SHOWN)) entries.push(await lookup.entry(record));
      return answer(ROUTES.adminModerationLog, { entries });
    },
  };
}

/** The acting administrator's id: the router has required an admin's session for these routes. */
function adminOf(session: Session | undefined): number {
  if (session === undefined) throw new IChatError('unauthorized', 'A valid bearer token is required');
  return session.user.id;
}
