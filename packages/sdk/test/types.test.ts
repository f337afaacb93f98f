import { WebSocket as NodeWebSocket } from 'ws';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createClient,
  type Chat,
  type ClientEvents,
  type ClosedReason,
  type ConnectionState,
  type IChatClient,
  type IChatError,
  type Me,
  type Message,
  type OutboxEntry,
  type PendingMessage,
  type PublicUser,
  type ReadyEvent,
  type ResumeReport,
  type SendFailedEvent,
  type SentEvent,
  type StateChange,
  type Unsubscribe,
  type WebSocketConstructor,
} from '../src/index.js';

describe('public types', () => {
  it('pins the event map: names and payloads', () => {
    expectTypeOf<keyof ClientEvents>().toEqualTypeOf<
      | 'state'
      | 'ready'
      | 'resumed'
      | 'unauthorized'
      | 'banned'
      | 'message'
      | 'message.updated'
      | 'chats'
      | 'chat'
      | 'chat.removed'
      | 'read'
      | 'receipt'
      | 'receipts.sharing'
      | 'typing'
      | 'presence'
      | 'user.updated'
      | 'user.registered'
      | 'user.blocks'
      | 'report.created'
      | 'moderation.action'
      | 'outbox'
      | 'sent'
      | 'send.failed'
      | 'error'
    >();
    expectTypeOf<ClientEvents['state']>().toEqualTypeOf<StateChange>();
    expectTypeOf<ClientEvents['ready']>().toEqualTypeOf<ReadyEvent>();
    expectTypeOf<ClientEvents['resumed']>().toEqualTypeOf<ResumeReport>();
    expectTypeOf<ClientEvents['unauthorized']>().toEqualTypeOf<IChatError>();
    expectTypeOf<ClientEvents['message']>().toEqualTypeOf<Message>();
    expectTypeOf<ClientEvents['message.updated']>().toEqualTypeOf<Message>();
    expectTypeOf<ClientEvents['chats']>().toEqualTypeOf<readonly Chat[]>();
    expectTypeOf<ClientEvents['chat']>().toEqualTypeOf<Chat>();
    expectTypeOf<ClientEvents['chat.removed']>().toEqualTypeOf<{ roomId: number }>();
    expectTypeOf<ClientEvents['read']>().toEqualTypeOf<{ roomId: number; readSeq: number; unread: number; mentioned: number }>();
    expectTypeOf<ClientEvents['typing']>().toEqualTypeOf<{ roomId: number; user: PublicUser }>();
    expectTypeOf<ClientEvents['presence']>().toEqualTypeOf<{ userId: number; online: boolean }>();
    expectTypeOf<ClientEvents['user.updated']>().toEqualTypeOf<{ user: PublicUser }>();
    expectTypeOf<ClientEvents['user.registered']>().toEqualTypeOf<{ user: { id: number; username: string; createdAt: number } }>();
    expectTypeOf<ClientEvents['outbox']>().toEqualTypeOf<readonly OutboxEntry[]>();
    expectTypeOf<PendingMessage>().toEqualTypeOf<OutboxEntry>();
    expectTypeOf<ClientEvents['sent']>().toEqualTypeOf<SentEvent>();
    expectTypeOf<ClientEvents['send.failed']>().toEqualTypeOf<SendFailedEvent>();
    expectTypeOf<ClientEvents['error']>().toEqualTypeOf<IChatError>();
  });

  it('pins the state machine and close reasons', () => {
    expectTypeOf<ConnectionState>().toEqualTypeOf<'connecting' | 'open' | 'reconnecting' | 'closed'>();
    expectTypeOf<ClosedReason>().toEqualTypeOf<'client' | 'unauthorized' | 'banned' | 'replaced' | 'protocol_mismatch' | 'no_token'>();
    expectTypeOf<ResumeReport>().toEqualTypeOf<{
      rooms: { roomId: number; fromSeq: number; toSeq: number; count: number }[];
      messages: Message[];
      outageMs: number;
      updates: Message[];
    }>();
  });

  it('types listeners by event name and returns an unsubscribe function', () => {
    const client = createClient({ url: 'http://localhost:1', WebSocket: NodeWebSocket, autoConnect: false });
    expectTypeOf(client).toEqualTypeOf<IChatClient>();
    expectTypeOf(client.on('message', (message) => expectTypeOf(message).toEqualTypeOf<Message>())).toEqualTypeOf<Unsubscribe>();
    client.on('state', (change) => expectTypeOf(change.state).toEqualTypeOf<ConnectionState>());
    // @ts-expect-error: not an event
    client.on('messages', () => undefined);
    // @ts-expect-error: a message listener does not receive a chat
    client.on('message', (chat: Chat) => chat);
    expectTypeOf<ReturnType<IChatClient['send']>>().toEqualTypeOf<Promise<Message>>();
    expectTypeOf(client.user).toEqualTypeOf<Me | undefined>();
    expectTypeOf(client.chats).toEqualTypeOf<readonly Chat[]>();
    client.close();
  });

  it('accepts the browser WebSocket and the ws package as constructors', () => {
    expectTypeOf(NodeWebSocket).toExtend<WebSocketConstructor>();
    expectTypeOf<typeof globalThis.WebSocket>().toExtend<WebSocketConstructor>();
  });
});
