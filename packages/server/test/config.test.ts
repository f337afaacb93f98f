// loadConfig: flags over environment over defaults, and typed errors that name the bad option.

import { IChatError } from '@ichat/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, helpText, loadConfig, OPTIONS } from '../src/config.js';

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
