import { describe, expect, it } from 'vitest';
import { FrameTemplate, slotsOf } from '../../src/wire/client-frame.js';
import { formatProbe, PROBE_LENGTH, PROBE_PLACEHOLDER, readProbe } from '../../src/wire/probe.js';
import { decodeClientFrame } from '../helpers.js';

describe('probe', () => {
  it('has a placeholder exactly as long as a written probe', () => {
    expect(PROBE_PLACEHOLDER.length).toBe(PROBE_LENGTH);
    expect(formatProbe({ room: 1, seq: 2, sentUs: 3 }).length).toBe(PROBE_LENGTH);
  });

  it('reads back what a frame template wrote, inside JSON as a server relays it', () => {
    const payload = `{"type":"message.send","text":"${PROBE_PLACEHOLDER} padding"}`;
    const template = new FrameTemplate(payload, slotsOf(payload, ['room', 'seq', 'sentUs']), Buffer.from([1, 2, 3, 4]));
    const sent = decodeClientFrame(template.build([199, 123_456, 987_654_321])).payload;
    const relayed = Buffer.from(`{"type":"message","message":${sent.toString()}}`);
    expect(readProbe(relayed)).toEqual({ room: 199, seq: 123_456, sentUs: 987_654_321 });
  });

  it('finds no probe in a frame without one, or with a cut-off one', () => {
    expect(readProbe(Buffer.from('{"type":"presence"}'))).toBeUndefined();
    expect(readProbe(Buffer.from(formatProbe({ room: 1, seq: 1, sentUs: 1 }).slice(0, -1)))).toBeUndefined();
  });
});
