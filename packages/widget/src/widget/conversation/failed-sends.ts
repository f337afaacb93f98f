// Sends the server refused for good, kept so the reader can retry (as a new message) or discard them.

import type { ReactiveControllerHost } from 'lit';
import type { IChatClient, IChatError, Unsubscribe } from '@ichat/sdk';
import type { SessionController, SessionPart } from '../session/session-controller.js';
import { queueSend } from '../shared/queue-send.js';

export interface FailedSend {
  clientMsgId: string;
  roomId: number;
  text: string;
  /** The ids of the files it carried, sent again with a retry. */
  attachments: readonly number[];
  createdAt: number;
  error: IChatError;
}

export class FailedSends implements SessionPart {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  #failed: FailedSend[] = [];

  constructor(host: ReactiveControllerHost, session: SessionController) {
    this.#host = host;
    this.#session = session;
    session.add(this);
  }

  in(roomId: number): FailedSend[] {
    return this.#failed.filter((f) => f.roomId === roomId);
  }

  /** Sends a failed message again, as a new message. */
  retry(clientMsgId: string): void {
    const failed = this.#failed.find((f) => f.clientMsgId === clientMsgId);
    if (failed === undefined) return;
    this.discard(clientMsgId);
    queueSend(this.#session.require(), failed.roomId, failed.text, failed.attachments);
  }

  discard(clientMsgId: string): void {
    this.#failed = this.#failed.filter((f) => f.clientMsgId !== clientMsgId);
    this.#host.requestUpdate();
  }

  attach(client: IChatClient): Unsubscribe[] {
    return [
      client.on('send.failed', ({ pending, error }) => {
        const { clientMsgId, roomId, text, createdAt, attachments = [] } = pending;
        this.#failed = [...this.#failed, { clientMsgId, roomId, text, attachments, createdAt, error }];
        this.#host.requestUpdate();
      }),
    ];
  }

  reset(): void {
    this.#failed = [];
  }
}
