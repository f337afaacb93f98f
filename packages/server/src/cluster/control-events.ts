// Events about node-local state that one node sends the others, and the check each payload passes on arrival.

/**
 * What a node tells the others. Events about one user travel on that user's topic, so only the nodes holding their
 * sockets hear them, in order with the user's other frames; the rest travel on the nodes' own topic.
 */
export type ControlEvent =
  /** The user became a member of a room when its last seq was `afterSeq`: their sockets hear every message after it. */
  | { type: 'join'; userId: number; roomId: number; afterSeq: number }
  /** The user left or was removed from a room: their sockets stop hearing it. */
  | { type: 'leave'; userId: number; roomId: number }
  /** The user was banned: every socket of theirs closes. */
  | { type: 'close_user'; userId: number }
  /** A token was revoked (logout, password reset): the sockets signed in with it close. */
  | { type: 'close_token'; tokenHash: string }
  /** The user's record changed (profile, verified address): their sessions read it again. */
  | { type: 'refresh_user'; userId: number }
  /**
   * The user's sockets on the sending node: the first opened (`online`) or the last closed, after the grace period.
   * `announced`: whether the sending node told the user's contacts (it does when no other node holds the user, as far as
   * it knows); absent from older nodes, read as true.
   */
  | { type: 'presence'; node: string; userId: number; online: boolean; announced: boolean }
  /** A node's heartbeat, with every user it holds sockets of (and so counts as online). */
  | { type: 'alive'; node: string; userIds: number[] }
  /** A node started, or the others must forget a node that stopped. */
  | { type: 'hello' | 'gone'; node: string };

function field(value: object, name: string): unknown {
  return Reflect.get(value, name);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8,32}$/.test(value);
}

/** The control event in a payload, or undefined for anything malformed (a payload from another version, say). */
export function parseControlEvent(json: string): ControlEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const type = field(value, 'type');
  const userId = field(value, 'userId');
  const roomId = field(value, 'roomId');
  const node = field(value, 'node');
  switch (type) {
    case 'join': {
      const afterSeq = field(value, 'afterSeq');
      const valid = isId(userId) && isId(roomId) && typeof afterSeq === 'number' && Number.isSafeInteger(afterSeq) && afterSeq >= 0;
      return valid ? { type, userId, roomId, afterSeq } : undefined;
    }
    case 'leave':
      return isId(userId) && isId(roomId) ? { type, userId, roomId } : undefined;
    case 'close_user':
    case 'refresh_user':
      return isId(userId) ? { type, userId } : undefined;
    case 'close_token': {
      const tokenHash = field(value, 'tokenHash');
      return typeof tokenHash === 'string' && tokenHash !== '' ? { type, tokenHash } : undefined;
    }
    case 'presence': {
      const online = field(value, 'online');
      const announced = field(value, 'announced') ?? true;
      const valid = isNodeId(node) && isId(userId) && typeof online === 'boolean' && typeof announced === 'boolean';
      return valid ? { type, node, userId, online, announced } : undefined;
    }
    case 'alive': {
      const userIds = field(value, 'userIds');
      return isNodeId(node) && Array.isArray(userIds) && userIds.every(isId) ? { type, node, userIds: userIds.filter(isId) } : undefined;
    }
    case 'hello':
    case 'gone':
      return isNodeId(node) ? { type, node } : undefined;
    default:
      return undefined;
  }
}
