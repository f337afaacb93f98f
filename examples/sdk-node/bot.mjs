// @ts-check
// A Node.js bot on @ichat/sdk: logs in (creating its account on first run), answers every direct message once, and
// keeps going through server restarts and network cuts — the SDK resumes without gaps or duplicates.
//
//   ICHAT_URL=http://localhost:5000 node examples/sdk-node/bot.mjs

import { createClient, IChatError, memoryStorage } from '@ichat/sdk';
import WebSocket from 'ws';
import { answer } from './answers.mjs';

const url = process.env.ICHAT_URL ?? 'http://localhost:5000';
const email = process.env.BOT_EMAIL ?? 'helper-bot@example.com';
const username = process.env.BOT_USERNAME ?? 'helper-bot';
const password = process.env.BOT_PASSWORD ?? 'helper-bot-password';

/** @param {string} message */
function log(message) {
  console.log(`${new Date().toISOString()} ${message}`);
}

// Node 20 has no global WebSocket: the SDK takes one from `ws`. The outbox lives in memory: a bot that restarts
// starts from the present, and its unsent answers die with it.
const client = createClient({ url, WebSocket, storage: memoryStorage() });

client.on('state', ({ state, reason }) => log(`connection ${state}${reason === undefined ? '' : ` (${reason})`}`));
client.on('resumed', (report) => log(`resumed after ${report.outageMs} ms, ${report.messages.length} missed message(s) recovered`));
client.on('unauthorized', (error) => {
  log(`the server refused the bot's token: ${error.message}`);
  process.exit(1);
});

client.on('message', (message) => {
  const me = client.user;
  if (me === undefined || message.senderId === me.id || message.deleted) return;
  const chat = client.chats.find((candidate) => candidate.roomId === message.roomId);
  // Groups are for people; the bot answers one-to-one chats only.
  if (chat?.kind !== 'direct') return;
  log(`#${message.roomId}/${message.seq} from ${chat.peer?.username ?? message.senderId}: ${JSON.stringify(message.text)}`);
  client
    .send(message.roomId, answer(message.text))
    .then(() => client.markRead(message.roomId, message.seq))
    .catch((/** @type {unknown} */ error) => log(`could not answer #${message.roomId}/${message.seq}: ${String(error)}`));
});

async function signIn() {
  try {
    await client.login({ email, password });
  } catch (error) {
    if (!(error instanceof IChatError && error.code === 'invalid_credentials')) throw error;
    log(`no account for ${email} yet: creating it`);
    await client.register({ email, username, password });
  }
}

await signIn();
await client.whenSynced();
log(`signed in as ${client.user?.username} on ${url}; open a chat with "${username}" and say hello`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    client.close();
    process.exit(0);
  });
}
