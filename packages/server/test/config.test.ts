// loadConfig: flags over environment over defaults, and typed errors that name the bad option.

import { IChatError } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { configWarnings, DEFAULTS, helpText, loadConfig, OPTIONS } from '../src/config.js';

/** The error loadConfig throws for these inputs; fails if it does not throw an IChatError. */
function configError(flags: Record<string, string | boolean>, env: Record<string, string> = {}): IChatError {
  try {
    loadConfig(flags, env);
  } catch (error) {
    if (error instanceof IChatError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the input');
}

describe('loadConfig', () => {
  it('fills every option from the defaults when nothing is set', () => {
    const { production, ...config } = loadConfig({}, {});
    expect(config).toEqual({ ...DEFAULTS, allowedOrigins: [] });
    expect(production).toBe(false);
  });

  it('reads the environment, and lets flags win over it', () => {
    const config = loadConfig(
      { port: '7000', 'trust-proxy': true },
      { PORT: '6000', HOST: '0.0.0.0', DATABASE_URL: 'sqlite:///./data/x.db', ICHAT_TRUST_PROXY: 'no', ICHAT_MAX_FRAME_BYTES: '4096' },
    );
    expect(config).toMatchObject({ port: 7000, host: '0.0.0.0', database: 'sqlite:///./data/x.db', trustProxy: true, maxFrameBytes: 4096 });
  });

  it('splits allowed origins on commas and drops empty entries', () => {
    const config = loadConfig({}, { ICHAT_ALLOWED_ORIGINS: ' https://a.example ,, https://b.example,' });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it.each([
    ['yes', true],
    ['ON', true],
    ['1', true],
    ['false', false],
    ['0', false],
    ['', false],
  ])('reads the boolean %j as %s', (raw, value) => {
    expect(loadConfig({}, { ICHAT_TRUST_PROXY: raw }).trustProxy).toBe(value);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}, {}))).toBe(true);
  });

  it.each([
    ['a port that is not a number', { port: 'eighty' }, 'port'],
    ['a negative number', { 'messages-per-second': '-1' }, 'messagesPerSecond'],
    ['a fractional number', { 'max-frame-bytes': '1.5' }, 'maxFrameBytes'],
    ['a port over 65535', { port: '70000' }, 'port'],
    ['a frame limit under 1 KiB', { 'max-frame-bytes': '100' }, 'maxFrameBytes'],
    ['a boolean that is neither', { 'trust-proxy': 'maybe' }, 'trustProxy'],
  ])('refuses %s with validation_failed naming the option', (_what, flags, field) => {
    const error = configError(flags);
    expect(error).toMatchObject({ code: 'validation_failed', field });
    expect(error.message).toMatch(/^--[a-z-]+/);
  });

  it.each([
    ['a PostgreSQL URL without a host', { DATABASE_URL: 'postgres:///db' }, 'database', /names no host/],
    ['a postgresql URL that is no URL', { DATABASE_URL: 'postgresql://user@[host/db' }, 'database', /not a valid PostgreSQL URL/],
    ['another scheme', { DATABASE_URL: 'mysql://user@host/db' }, 'database', /scheme "mysql:"/],
    ['a sqlite URL with two slashes', { DATABASE_URL: 'sqlite://data/ichat.db' }, 'database', /three slashes/],
    ['a sqlite URL with no file', { DATABASE_URL: 'sqlite:///' }, 'database', /three slashes/],
    ['an empty database', { DATABASE_URL: '' }, 'database', /must name a database: a SQLite file/],
    ['a database folder', { DATABASE_URL: './data/' }, 'database', /names a folder/],
    ['an empty host', { HOST: ' ' }, 'host', /must not be empty/],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, 'logLevel', /one of fatal, error, warn, info, debug, trace, silent/],
    ['a message burst of 0', { ICHAT_MESSAGE_BURST: '0' }, 'messageBurst', /at least 1/],
    ['0 messages per second', { ICHAT_MESSAGES_PER_SECOND: '0' }, 'messagesPerSecond', /at least 1/],
    ['0 frames per second', { ICHAT_FRAMES_PER_SECOND: '0' }, 'framesPerSecond', /at least 1/],
    ['0 login failures', { ICHAT_LOGIN_MAX_FAILURES: '0' }, 'loginMaxFailures', /at least 1/],
    ['a login window of 0', { ICHAT_LOGIN_WINDOW_SECONDS: '0' }, 'loginWindowSeconds', /at least 1/],
    ['a token TTL of 0', { ICHAT_TOKEN_TTL_HOURS: '0' }, 'tokenTtlHours', /at least 1/],
    ['a token TTL over 100 years', { ICHAT_TOKEN_TTL_HOURS: '876001' }, 'tokenTtlHours', /at most 876000/],
    ['an auth timeout of 0', { ICHAT_AUTH_TIMEOUT_MS: '0' }, 'authTimeoutMs', /at least 1/],
    ['an auth timeout longer than a timer can wait', { ICHAT_AUTH_TIMEOUT_MS: '2147483648' }, 'authTimeoutMs', /at most 2147483647/],
    ['a presence grace longer than a timer can wait', { ICHAT_PRESENCE_GRACE_MS: '2147483648' }, 'presenceGraceMs', /at most/],
    ['a frame limit uWS cannot hold', { ICHAT_MAX_FRAME_BYTES: String(256 * 1024 * 1024 + 1) }, 'maxFrameBytes', /at most/],
    ['a backpressure limit uWS cannot hold', { ICHAT_MAX_BACKPRESSURE_BYTES: String(256 * 1024 * 1024 + 1) }, 'maxBackpressureBytes', /at most/],
    ['a wildcard origin', { ICHAT_ALLOWED_ORIGINS: '*' }, 'allowedOrigins', /leave ICHAT_ALLOWED_ORIGINS unset/],
    ['an origin without a scheme', { ICHAT_ALLOWED_ORIGINS: 'https://a.example,shop.example' }, 'allowedOrigins', /"shop\.example"/],
    ['an origin with a path', { ICHAT_ALLOWED_ORIGINS: 'https://shop.example/chat' }, 'allowedOrigins', /write https:\/\/shop\.example/],
    ['an origin with its default port', { ICHAT_ALLOWED_ORIGINS: 'https://shop.example:443' }, 'allowedOrigins', /write https:\/\/shop\.example/],
    ['a non-web origin', { ICHAT_ALLOWED_ORIGINS: 'ftp://shop.example' }, 'allowedOrigins', /not an http or https origin/],
    ['an SMTP URL of another scheme', { ICHAT_SMTP_URL: 'http://mail.example' }, 'smtpUrl', /smtp:\/\/ or smtps:\/\//],
    ['an SMTP server without a From', { ICHAT_SMTP_URL: 'smtp://mail.example:587' }, 'emailFrom', /required with --smtp-url/],
    ['a From without an address', { ICHAT_SMTP_URL: 'smtp://mail.example', ICHAT_EMAIL_FROM: 'Chat' }, 'emailFrom', /not an address/],
    ['a relative public URL', { ICHAT_PUBLIC_URL: 'chat.example.com' }, 'publicUrl', /absolute URL/],
    ['an unknown unverified-account policy', { ICHAT_UNVERIFIED_ACCOUNTS: 'none' }, 'unverifiedAccounts', /one of chat, read/],
    ['a reset link of 0 minutes', { ICHAT_EMAIL_LINK_TTL_MINUTES: '0' }, 'emailLinkTtlMinutes', /at least 1/],
    ['a broker of an unknown scheme', { ICHAT_BROKER_URL: 'amqp://127.0.0.1:5672' }, 'brokerUrl', /scheme "amqp:".*redis:\/\/, rediss:\/\/ or nats:\/\//],
    ['a broker URL that is no URL', { ICHAT_BROKER_URL: '127.0.0.1:6379' }, 'brokerUrl', /not a URL such as redis:\/\//],
    ['a broker prefix with a dot', { ICHAT_BROKER_PREFIX: 'ichat.prod' }, 'brokerPrefix', /letters, digits, - or _/],
  ])('refuses %s, naming the setting and why', (_what, env, field, why) => {
    const error = configError({}, env);
    expect(error).toMatchObject({ code: 'validation_failed', field });
    const spec = OPTIONS[field as keyof typeof OPTIONS];
    expect(error.message).toMatch(new RegExp(`^--${spec.flag} / ${spec.env} `));
    expect(error.message).toMatch(why);
    expect(error.message).not.toContain('\n');
  });

  it.each([':memory:', 'sqlite:///./data/x.db', 'sqlite:////srv/ichat/ichat.db', 'data/ichat.db', 'C:\\ichat\\ichat.db'])(
    'accepts the database %s',
    (url) => {
      expect(loadConfig({ database: url }, {}).database).toBe(url);
    },
  );

  it.each(['redis://127.0.0.1:6379', 'rediss://:secret@redis.example:6380/0', 'nats://127.0.0.1:4222', ''])('accepts the broker %s', (url) => {
    expect(loadConfig({}, { ICHAT_BROKER_URL: url }).brokerUrl).toBe(url);
  });

  it('accepts origins with a trailing slash and reads log levels in any case', () => {
    const config = loadConfig({}, { ICHAT_ALLOWED_ORIGINS: 'https://shop.example/,http://127.0.0.1:8080', LOG_LEVEL: 'WARN' });
    expect(config.allowedOrigins).toEqual(['https://shop.example/', 'http://127.0.0.1:8080']);
    expect(config.logLevel).toBe('warn');
  });

  it('requires SECRET_KEY when NODE_ENV=production', () => {
    expect(configError({}, { NODE_ENV: 'production' })).toMatchObject({ code: 'validation_failed', field: 'secret' });
    expect(loadConfig({}, { NODE_ENV: 'production', SECRET_KEY: 's3cret' })).toMatchObject({ production: true, secret: 's3cret' });
  });
});

describe('helpText', () => {
  it('lists every option with its flag and environment variable', () => {
    const text = helpText();
    for (const spec of Object.values(OPTIONS)) {
      expect(text).toContain(`--${spec.flag}`);
      expect(text).toContain(spec.env);
    }
    expect(text).toContain('admin grant <email>');
    expect(text).toContain('backup <file>');
  });
});

describe('configWarnings', () => {
  it('has nothing to say about the defaults', () => {
    expect(configWarnings(loadConfig({}, {}))).toEqual([]);
  });

  it('warns when the frame limit undercuts the message rate or burst', () => {
    const warnings = configWarnings(
      loadConfig({ 'messages-per-second': '50', 'message-burst': '50', 'frames-per-second': '20' }, {}),
    );
    expect(warnings).toEqual([
      expect.stringMatching(/^--messages-per-second 50 is over --frames-per-second 20: .* at most 20 messages a second$/),
      expect.stringMatching(/^--message-burst 50 is over the frame burst .* at most 40 messages at once$/),
    ]);
  });

  it('reads the reaction set, and refuses one that is not emoji, empty or too long with one line', () => {
    expect(loadConfig({}, {}).reactions).toEqual(['👍', '❤️', '😂', '😮', '😢', '🙏']);
    expect(loadConfig({ reactions: '🎉, 👍🏽,🇫🇷,👍🏽' }, {}).reactions).toEqual(['🎉', '👍🏽', '🇫🇷']);
    expect(loadConfig({}, { ICHAT_REACTIONS: '👨‍👩‍👧' }).reactions).toEqual(['👨‍👩‍👧']);
    expect(configError({ reactions: '👍,ok' }).message).toBe('--reactions / ICHAT_REACTIONS has "ok", which is not one emoji');
    expect(configError({ reactions: '👍👍' })).toMatchObject({ field: 'reactions' });
    expect(configError({ reactions: ' , ' }).message).toBe('--reactions / ICHAT_REACTIONS must list 1–20 emoji');
    expect(configError({ reactions: Array.from({ length: 21 }, (_, i) => String.fromCodePoint(0x1f600 + i)).join(',') })).toMatchObject({ field: 'reactions' });
  });
});
