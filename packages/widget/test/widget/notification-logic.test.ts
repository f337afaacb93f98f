// The deciding functions behind notifications and the page title, case by case (the browser tests drive them live).

import { expect } from '@esm-bundle/chai';
import type { Chat, Message } from '@ichat/sdk';
import { excerpt, notificationFor, type NotifyContext } from '../../src/widget/alerts/notification-for.js';
import { titleWithUnread, UnreadTitle } from '../../src/widget/alerts/unread-title.js';
import { WIDGET_STRINGS } from '../../src/widget/shared/widget-strings.js';

const ada = { id: 1, username: 'ada', displayName: null, avatarUrl: null, data: {} };
const grace = { id: 2, username: 'grace', displayName: 'Grace H.', avatarUrl: null, data: {} };

function chat(overrides: Partial<Chat> = {}): Chat {
  return {
    roomId: 7,
    kind: 'direct',
    name: null,
    peer: grace,
    members: [ada, grace],
    ownerId: 1,
    createdAt: 0,
    lastSeq: 3,
    changeSeq: 0,
    lastMessage: null,
    lastActivityAt: 0,
    readSeq: 0,
    unread: 1,
    mentioned: 0,
    muted: false,
    ...overrides,
  };
}

function message(overrides: Partial<Message> = {}): Message {
  return { id: 30, roomId: 7, seq: 3, kind: 'user', senderId: 2, text: 'Lunch?', createdAt: 0, editedAt: null, deleted: false, clientMsgId: 'c', changeSeq: 0, ...overrides };
}

function context(overrides: Partial<NotifyContext> = {}): NotifyContext {
  return { me: 1, chat: chat(), inView: null, loadedSeq: new Map([[7, 2]]), ...overrides };
}

describe('notificationFor', () => {
  it('names the sender of a direct message, with the text, tagged with the room', () => {
    expect(notificationFor(message(), context(), WIDGET_STRINGS)).to.deep.equal({ title: 'Grace H.', body: 'Lunch?', tag: '7' });
  });

  it('names the sender and the group in a group', () => {
    const group = chat({ kind: 'group', name: 'Compilers', peer: null });
    expect(notificationFor(message(), context({ chat: group }), WIDGET_STRINGS)?.title).to.equal('Grace H. in Compilers');
  });

  it('names the room for a system message, which has no sender', () => {
    const group = chat({ kind: 'group', name: 'Compilers', peer: null });
    const notice = message({ kind: 'system', senderId: null, text: 'Build is green' });
    expect(notificationFor(notice, context({ chat: group }), WIDGET_STRINGS)).to.deep.include({ title: 'Compilers', body: 'Build is green' });
  });

  it('stays silent for the visitor’s own message, a deleted one, a muted room, the room in view and an unknown room', () => {
    expect(notificationFor(message({ senderId: 1 }), context(), WIDGET_STRINGS)).to.equal(undefined);
    expect(notificationFor(message({ deleted: true, text: '' }), context(), WIDGET_STRINGS)).to.equal(undefined);
    expect(notificationFor(message(), context({ chat: chat({ muted: true }) }), WIDGET_STRINGS)).to.equal(undefined);
    expect(notificationFor(message(), context({ inView: 7 }), WIDGET_STRINGS)).to.equal(undefined);
    expect(notificationFor(message(), context({ chat: undefined }), WIDGET_STRINGS)).to.equal(undefined);
  });

  it('speaks in a muted room for a message that mentions the visitor, and only for that', () => {
    const muted = context({ chat: chat({ muted: true }) });
    expect(notificationFor(message({ text: '@ada lunch?', mentions: [1] }), muted, WIDGET_STRINGS)?.body).to.equal('@ada lunch?');
    expect(notificationFor(message({ text: '@bob lunch?', mentions: [5] }), muted, WIDGET_STRINGS)).to.equal(undefined);
  });

  it('says what a message of files alone holds', () => {
    const file = { id: 1, name: 'plan.pdf', type: 'application/pdf' as const, size: 5, width: null, height: null, thumbnail: false };
    expect(notificationFor(message({ text: '', attachments: [file] }), context(), WIDGET_STRINGS)?.body).to.equal('📎 plan.pdf');
    expect(notificationFor(message({ text: '', attachments: [file, { ...file, id: 2 }] }), context(), WIDGET_STRINGS)?.body).to.equal('📎 2 files');
  });

  it('stays silent for messages from before the page loaded, and speaks for any in a room that came later', () => {
    expect(notificationFor(message({ seq: 2 }), context(), WIDGET_STRINGS)).to.equal(undefined);
    expect(notificationFor(message({ seq: 1 }), context({ loadedSeq: new Map() }), WIDGET_STRINGS)?.tag).to.equal('7');
  });

  it('shows the room in view again once it is not in view', () => {
    expect(notificationFor(message(), context({ inView: 8 }), WIDGET_STRINGS)?.tag).to.equal('7');
  });
});

describe('excerpt', () => {
  it('puts the text on one line and cuts a long one at a word, with an ellipsis', () => {
    expect(excerpt('  two\n\nlines  ')).to.equal('two lines');
    const long = `${'word '.repeat(40)}end`;
    const cut = excerpt(long);
    expect(cut.endsWith('word…')).to.equal(true);
    expect(cut.length).to.be.at.most(121);
  });

  it('keeps markup as the text it is (a notification shows plain text)', () => {
    expect(excerpt('<b>hi</b> &amp;')).to.equal('<b>hi</b> &amp;');
  });
});

describe('the unread title', () => {
  let before = '';
  beforeEach(() => {
    before = document.title;
  });
  afterEach(() => {
    document.title = before;
  });

  it('puts the total in front, and nothing when there is none', () => {
    expect(titleWithUnread('Shop', 3)).to.equal('(3) Shop');
    expect(titleWithUnread('Shop', 0)).to.equal('Shop');
  });

  it('restores the title exactly, and follows a title the host page changed meanwhile', () => {
    document.title = 'Shop — Checkout';
    const title = new UnreadTitle();
    title.show(2);
    expect(document.title).to.equal('(2) Shop — Checkout');
    title.show(5);
    expect(document.title).to.equal('(5) Shop — Checkout');
    title.restore();
    expect(document.title).to.equal('Shop — Checkout');

    title.show(1);
    document.title = 'Order placed';
    title.show(4);
    expect(document.title).to.equal('(4) Order placed');
    title.show(0);
    expect(document.title).to.equal('Order placed');
  });

  it('leaves a title the host set after the count alone when restoring', () => {
    document.title = 'Shop';
    const title = new UnreadTitle();
    title.show(2);
    document.title = 'Cart (1 item)';
    title.restore();
    expect(document.title).to.equal('Cart (1 item)');
  });
});
