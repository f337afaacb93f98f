// @ts-check
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer } from './answers.mjs';

test('echoes plain messages', () => {
  assert.equal(answer('  hello there '), 'You said: hello there');
});

test('rolls a die with the asked number of sides', () => {
  assert.equal(answer('/roll 20', () => 0.999), '🎲 20 (d20)');
  assert.equal(answer('/roll', () => 0), '🎲 1 (d6)');
  assert.match(answer('/roll 1'), /from 2 to 1000/);
});

test('tells the time in UTC', () => {
  assert.equal(answer('/time', Math.random, new Date('2026-03-01T12:34:56Z')), 'It is 2026-03-01 12:34:56 UTC.');
});

test('lists its commands', () => {
  assert.match(answer('/HELP'), /\/roll/);
});
