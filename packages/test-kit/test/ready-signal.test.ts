// The readiness signal is read as data: only a JSON line with `event: "listening"` and a string URL counts.

import { describe, expect, it } from 'vitest';
import { listeningUrl } from '../src/ready-signal.js';

describe('listeningUrl', () => {
  it('reads the URL of the listening event, whatever else the line carries', () => {
    const line = '{"level":30,"time":1,"event":"listening","url":"http://127.0.0.1:5000","msg":"iChat server listening"}';
    expect(listeningUrl(line)).toBe('http://127.0.0.1:5000');
  });

  it('ignores other lines, sentences that merely look alike, and non-JSON output', () => {
    expect(listeningUrl('{"level":30,"msg":"iChat server listening","url":"http://127.0.0.1:5000"}')).toBeUndefined();
    expect(listeningUrl('{"event":"closing"}')).toBeUndefined();
    expect(listeningUrl('iChat server listening on http://127.0.0.1:5000')).toBeUndefined();
    expect(listeningUrl('[1,2]')).toBeUndefined();
  });

  it('rejects a listening event without a URL instead of reporting a server with no address', () => {
    expect(() => listeningUrl('{"event":"listening","url":5000}')).toThrow(/url/);
  });
});
