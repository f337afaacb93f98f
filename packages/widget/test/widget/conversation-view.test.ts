import { expect } from '@esm-bundle/chai';
import { html, nothing, render, type TemplateResult } from 'lit';
import { IChatError, type Chat, type Me, type Message } from '@ichat/sdk';
import { renderConversation, type ConversationPane, type OpenRoom } from '../../src/widget/conversation/conversation-view.js';
import { seenMark } from '../../src/widget/receipts/receipts-view.js';
import type { ViewEnv } from '../../src/widget/shared/view-env.js';
import { WIDGET_STRINGS } from '../../src/widget/shared/widget-strings.js';

/** The room, the pane and the view's environment in one object, which satisfies all three. */
type Props = OpenRoom & ConversationPane & ViewEnv;

const me: Me = { id: 1, username: 'ada', email: 'ada@example.com', createdAt: 0, isAdmin: false, displayName: null, avatarUrl: null, data: {} };
const grace = { id: 2, username: 'grace', displayName: null, avatarUrl: null, data: {} };
const chat: Chat = {
  roomId: 7,
  kind: 'direct',
  name: null,
  peer: grace,
  members: [me, grace],
  ownerId: 1,
  createdAt: 0,
  lastSeq: 1,
  changeSeq: 0,
  lastMessage: null,
  lastActivityAt: 0,
  readSeq: 1,
  unread: 0,
  mentioned: 0,
  muted: false,
};

function message(seq: number, senderId: number, text: string): Message {
  return { id: seq, roomId: 7, seq, kind: 'user', senderId, text, createdAt: Date.now() - 60_000 + seq, editedAt: null, deleted: false, clientMsgId: null, changeSeq: 0 };
}

/** A message the host site's backend posted: no sender. */
function systemMessage(seq: number, text: string): Message {
  return { ...message(seq, 1, text), kind: 'system', senderId: null };
}

function props(overrides: Partial<Props>): Props {
  const ignore = (): void => undefined;
  return {
    t: WIDGET_STRINGS,
    chat,
    me,
    online: new Set(),
    history: { messages: [message(1, 2, 'hi')], hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true },
    pending: [],
    failed: [],
    typers: [],
    now: Date.now(),
    wide: true,
    newBelow: false,
    unreadAfter: null,
    confirmingDelete: null,
    back: ignore,
    loadOlder: ignore,
    jumpToBottom: ignore,
    scrolled: ignore,
    edit: ignore,
    reply: ignore,
    react: ignore,
    reactions: () => nothing,
    askDelete: ignore,
    confirmDelete: ignore,
    retry: ignore,
    discard: ignore,
    cancel: ignore,
    toggleMute: ignore,
    report: ignore,
    chatOptions: ignore,
    seen: () => undefined,
    attachments: () => nothing,
    dropFiles: ignore,
    ...overrides,
  };
}

/** The receipts part's "Seen", from how far each reader has read (by user id). */
function readBy(readers: ReadonlyMap<number, number>): Props['seen'] {
  return (room, t) => seenMark(room.chat, room.me.id, room.history?.messages ?? [], readers, t);
}

function view(p: Props): TemplateResult {
  return renderConversation(p, p, p, html``);
}

describe('renderConversation', () => {
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => host.remove());

  it('offers Retry and Delete for a send the server refused', () => {
    const calls: string[] = [];
    const failed = { clientMsgId: 'c1', roomId: 7, text: 'refused', attachments: [], createdAt: Date.now(), error: new IChatError('forbidden', 'no') };
    render(
      view(props({ failed: [failed], retry: (id) => calls.push(`retry ${id}`), discard: (id) => calls.push(`discard ${id}`) })),
      host,
    );
    const bubble = host.querySelector('.msg.failed');
    expect(bubble?.textContent).to.contain('Not sent');
    const buttons = [...(bubble?.querySelectorAll('button') ?? [])];
    expect(buttons.map((b) => b.textContent?.trim())).to.deep.equal(['Retry', 'Delete']);
    buttons[0]?.click();
    buttons[1]?.click();
    expect(calls).to.deep.equal(['retry c1', 'discard c1']);
  });

  it('shows "Seen" under the newest own message the peer has read, and nowhere else', () => {
    const messages = [message(1, 1, 'one'), message(2, 1, 'two'), message(3, 2, 'reply'), message(4, 1, 'unread yet')];
    const history = { messages, hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true };
    render(view(props({ history, seen: readBy(new Map([[2, 3]])) })), host);
    const seen = [...host.querySelectorAll('.seen')];
    expect(seen).to.have.length(1);
    expect(seen[0]?.textContent?.trim()).to.equal('Seen');
    expect(seen[0]?.closest('.msg')?.getAttribute('data-seq')).to.equal('2');
    render(view(props({ history, seen: readBy(new Map()) })), host);
    expect(host.querySelector('.seen')).to.equal(null);
  });

  it('counts a group\'s readers past the message, with their names behind a disclosure', () => {
    const linus = { id: 3, username: 'linus', displayName: 'Linus T.', avatarUrl: null, data: {} };
    const group: Chat = { ...chat, kind: 'group', name: 'Team', peer: null, members: [me, grace, linus] };
    const messages = [message(1, 1, 'one'), message(2, 1, 'two')];
    const history = { messages, hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true };
    render(view(props({ chat: group, history, seen: readBy(new Map([[2, 2], [3, 1]])) })), host);
    const seen = host.querySelector('details.seen');
    expect(seen?.closest('.msg')?.getAttribute('data-seq')).to.equal('2');
    expect(seen?.querySelector('summary')?.textContent?.trim()).to.equal('Seen by 1');
    expect(seen?.querySelector('.seen-names')?.textContent).to.equal('grace');
    render(view(props({ chat: group, history, seen: readBy(new Map([[2, 2], [3, 2]])) })), host);
    expect(host.querySelector('details.seen summary')?.textContent?.trim()).to.equal('Seen by 2');
    expect(host.querySelector('details.seen .seen-names')?.textContent).to.equal('grace, Linus T.');
  });

  it('shows a system message as a centred line of plain text, with no sender, bubble or actions', () => {
    const messages = [message(1, 1, 'mine'), systemMessage(2, '<b>Order</b> #42 shipped'), message(3, 1, 'mine again')];
    render(view(props({ history: { messages, hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true } })), host);
    const line = host.querySelector('.system-line');
    expect(line?.textContent?.trim()).to.equal('<b>Order</b> #42 shipped');
    expect(line?.querySelector('b')).to.equal(null);
    expect(line?.querySelector('button')).to.equal(null);
    expect(line?.closest('.msg')).to.equal(null);
    // It splits the user's run in two: it is not theirs.
    expect(host.querySelectorAll('.run.mine')).to.have.length(2);
  });

  it('shows a sending message without Cancel, and a queued one with Cancel', () => {
    const base = { roomId: 7, text: 'x', createdAt: Date.now(), userId: 1, attempts: 1 };
    render(
      view(props({ pending: [{ ...base, clientMsgId: 'a', state: 'sending' }, { ...base, clientMsgId: 'b', state: 'queued' }] })),
      host,
    );
    const pending = [...host.querySelectorAll('.msg.pending')];
    expect(pending.map((node) => node.querySelector('.state')?.textContent)).to.deep.equal(['Sending…', 'Waiting for connection']);
    expect(pending.map((node) => node.querySelectorAll('button').length)).to.deep.equal([0, 1]);
  });

  it('shows a send once when its message arrives before the outbox lets it go', () => {
    const stored = { ...message(2, 1, 'once'), clientMsgId: 'dup' };
    const pending = { clientMsgId: 'dup', roomId: 7, text: 'once', createdAt: Date.now(), userId: 1, attempts: 1, state: 'sending' as const };
    render(
      view(props({ history: { messages: [stored], hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true }, pending: [pending] })),
      host,
    );
    expect(host.querySelectorAll('.msg')).to.have.length(1);
    expect(host.querySelector('.msg.message')).not.to.equal(null);
  });

  it('marks where unread messages start, splitting the sender’s run there', () => {
    const messages = [message(1, 2, 'read'), message(2, 2, 'unread one'), message(3, 2, 'unread two')];
    render(view(props({ history: { messages, hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true }, unreadAfter: 1 })), host);
    const runs = [...host.querySelectorAll('.run')];
    expect(runs).to.have.length(2);
    expect(runs[0]?.querySelector('.unread-divider')).to.equal(null);
    expect(runs[1]?.querySelector('.unread-divider')?.textContent).to.equal('Unread messages');
    expect([...(runs[1]?.querySelectorAll('.msg') ?? [])].map((n) => n.getAttribute('data-seq'))).to.deep.equal(['2', '3']);
  });

  it('names the sender of every message for screen readers, and the group sender on screen', () => {
    const group: Chat = { ...chat, kind: 'group', name: 'Team', peer: null };
    render(view(props({ chat: group, history: { messages: [message(1, 2, 'hi'), message(2, 1, 'yo')], hasOlder: false, hasNewer: false, loadingOlder: false, loadingNewer: false, loaded: true } })), host);
    expect([...host.querySelectorAll('.bubble .visually-hidden')].map((n) => n.textContent)).to.deep.equal(['grace: ', 'You: ']);
    expect([...host.querySelectorAll('.sender')].map((n) => n.textContent)).to.deep.equal(['grace']);
    expect(host.querySelector('[role="log"]')?.getAttribute('aria-label')).to.equal('Messages in Team');
  });
});
