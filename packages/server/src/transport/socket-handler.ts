// What a transport hands its sockets to: the chat core implements it, and no part of it knows which transport calls.

import type { Connection } from './connection.js';

/**
 * The application's side of every socket. `connect` returns the application's state for the socket, which the
 * transport keeps beside it and hands back with each frame and at the close; the transport never looks inside it.
 */
export interface SocketHandler<Session extends object> {
  /** A socket was opened (its upgrade was admitted). */
  connect(connection: Connection): Session;
  /** One text frame, already decoded; `byteLength` is its size on the wire, for frame-size limits. */
  receive(session: Session, text: string, byteLength: number): void;
  /** One binary frame: its bytes are not passed on, the protocol has no use for them. */
  receiveBinary(session: Session): void;
  /** The socket closed, whichever side closed it. Called once per `connect`. */
  disconnect(session: Session): void;
}
