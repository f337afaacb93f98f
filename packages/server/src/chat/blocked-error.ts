// The one refusal a block gives, on every path: the same words whichever side blocked, so it reveals no more.

import { IChatError } from '@ichat/protocol';

/** `blocked`, naming the request field that led to the other user. */
export function blockedError(field: string): IChatError {
  return new IChatError('blocked', 'You cannot send messages to this user', { field });
}
