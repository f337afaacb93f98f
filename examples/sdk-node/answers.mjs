// @ts-check
// What the bot says: a few commands, and an echo for everything else. Pure, so it is easy to test.

const HELP = [
  'I am the iChat helper bot. Try:',
  '/help — this list',
  '/time — the time on my server (UTC)',
  '/roll [sides] — roll a die (6 sides unless you say otherwise)',
  '/upper <text> — I shout it back',
  'Anything else, I echo.',
].join('\n');

/**
 * The bot's answer to one message.
 * @param {string} text the message as received (plain text)
 * @param {() => number} random a source of numbers in [0, 1), for /roll
 * @param {Date} now
 * @returns {string}
 */
export function answer(text, random = Math.random, now = new Date()) {
  const [command = '', ...rest] = text.trim().split(/\s+/);
  const argument = text.trim().slice(command.length).trim();
  switch (command.toLowerCase()) {
    case '/help':
      return HELP;
    case '/time':
      return `It is ${now.toISOString().replace('T', ' ').slice(0, 19)} UTC.`;
    case '/roll': {
      const sides = Number.parseInt(rest[0] ?? '6', 10);
      if (!Number.isSafeInteger(sides) || sides < 2 || sides > 1000) return 'Give me a number of sides from 2 to 1000.';
      return `🎲 ${1 + Math.floor(random() * sides)} (d${sides})`;
    }
    case '/upper':
      return argument === '' ? 'Shout what? Try /upper hello' : argument.toUpperCase();
    default:
      return `You said: ${text.trim()}`;
  }
}
