// A minimal chat UI on @ichat/sdk alone: the SDK keeps the chat list, delivery order and the outbox; this file only
// draws what it says. Text is always set with textContent, never as HTML.

import { createClient, IChatError, type Chat, type Message, type OutboxEntry } from '@ichat/sdk';

const server = new URLSearchParams(location.search).get('server') ?? 'http://localhost:5000';
const tokenKey = `sdk-example-token:${server}`;
const savedToken = localStorage.getItem(tokenKey);
const client = createClient(savedToken === null ? { url: server } : { url: server, token: savedToken });

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing`);
  return found;
}

const status = element('status', HTMLParagraphElement);
const authForm = element('auth', HTMLFormElement);
const authError = element('auth-error', HTMLParagraphElement);
const chatSection = element('chat', HTMLElement);
const chatList = element('chats', HTMLUListElement);
const openForm = element('open', HTMLFormElement);
const roomTitle = element('room-title', HTMLHeadingElement);
const messageList = element('messages', HTMLOListElement);
const composer = element('composer', HTMLFormElement);
const logoutButton = element('logout', HTMLButtonElement);

let currentRoom: number | undefined;
const shown = new Map<number, Message[]>();

function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

function chatName(chat: Chat): string {
  return chat.name ?? chat.peer?.username ?? 'Chat';
}

function renderChats(chats: readonly Chat[]): void {
  chatList.replaceChildren(
    ...chats.map((chat) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = chat.unread > 0 ? `${chatName(chat)} (${chat.unread})` : chatName(chat);
      button.className = chat.unread > 0 ? 'unread' : '';
      button.addEventListener('click', () => void openRoom(chat));
      item.append(button);
      return item;
    }),
  );
}

function renderMessages(): void {
  if (currentRoom === undefined) return;
  const me = client.user?.id;
  const stored = shown.get(currentRoom) ?? [];
  const pending = client.pending.filter((p: OutboxEntry) => p.roomId === currentRoom);
  messageList.replaceChildren(
    ...stored.map((message) => {
      const item = document.createElement('li');
      item.className = message.senderId === me ? 'mine' : '';
      item.textContent = message.deleted ? '(deleted)' : message.text;
      return item;
    }),
    ...pending.map((entry) => {
      const item = document.createElement('li');
      item.className = 'mine pending';
      item.textContent = `${entry.text} (sending…)`;
      return item;
    }),
  );
  messageList.scrollTop = messageList.scrollHeight;
}

async function openRoom(chat: Chat): Promise<void> {
  currentRoom = chat.roomId;
  roomTitle.textContent = chatName(chat);
  composer.hidden = false;
  const page = await client.history(chat.roomId, { limit: 50 });
  shown.set(chat.roomId, page.messages);
  renderMessages();
  if (chat.lastSeq > chat.readSeq) await client.markRead(chat.roomId);
}

function showSignedIn(signedIn: boolean): void {
  authForm.hidden = signedIn;
  chatSection.hidden = !signedIn;
}

client.on('state', ({ state }) => {
  status.textContent = state === 'open' ? `Connected as ${client.user?.username ?? '…'}` : `Connection: ${state}`;
});
client.on('chats', renderChats);
client.on('outbox', renderMessages);
client.on('message', (message) => {
  const list = shown.get(message.roomId);
  if (list === undefined) return;
  // The SDK delivers each message once, in seq order; history and live events meet without overlap checks here
  // because a page fetched on open may already hold it.
  if (!list.some((m) => m.seq === message.seq)) list.push(message);
  if (message.roomId === currentRoom) {
    renderMessages();
    void client.markRead(message.roomId, message.seq);
  }
});
client.on('message.updated', (message) => {
  const list = shown.get(message.roomId);
  const index = list?.findIndex((m) => m.seq === message.seq) ?? -1;
  if (list !== undefined && index >= 0) list[index] = message;
  renderMessages();
});
client.on('unauthorized', () => {
  localStorage.removeItem(tokenKey);
  showSignedIn(false);
});

authForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const action = event.submitter instanceof HTMLButtonElement ? event.submitter.value : 'login';
  const email = field(authForm, 'email');
  const password = field(authForm, 'password');
  const attempt =
    action === 'register'
      ? client.register({ email, username: field(authForm, 'username'), password })
      : client.login({ email, password });
  attempt.then(
    (result) => {
      localStorage.setItem(tokenKey, result.token);
      authError.textContent = '';
      showSignedIn(true);
    },
    (error: unknown) => {
      authError.textContent = error instanceof IChatError ? error.message : String(error);
    },
  );
});

openForm.addEventListener('submit', (event) => {
  event.preventDefault();
  client.openDirect(field(openForm, 'with')).then(
    (chat) => {
      openForm.reset();
      void openRoom(chat);
    },
    (error: unknown) => {
      status.textContent = error instanceof IChatError ? error.message : String(error);
    },
  );
});

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = field(composer, 'text');
  if (currentRoom === undefined || text.trim() === '') return;
  composer.reset();
  // Resolves after the server stored it; until then the outbox shows it as pending, also while offline.
  client.send(currentRoom, text).catch((error: unknown) => {
    status.textContent = error instanceof IChatError ? error.message : String(error);
  });
});

logoutButton.addEventListener('click', () => {
  void client.logout().finally(() => {
    localStorage.removeItem(tokenKey);
    shown.clear();
    currentRoom = undefined;
    showSignedIn(false);
  });
});

showSignedIn(localStorage.getItem(tokenKey) !== null);
