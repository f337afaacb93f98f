// The server's readiness signal: the JSON log line with `event: "listening"` and the URL it serves on. Read as
// data through the protocol's schema kit, never by matching the sentence, which is for people and may change.

import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { isFields, object, oneOf, parseWith, string } from '@ichat/protocol';

const ListeningLine = object({ event: oneOf(['listening']), url: string() });

/** The URL a log line announces, when it is the listening event; undefined for every other line. */
export function listeningUrl(line: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  // Most lines are other events: skip them before the schema, which reports a mismatch by throwing.
  if (!isFields(value) || value['event'] !== 'listening') return undefined;
  return parseWith(ListeningLine, value).url;
}

/**
 * Resolves with the URL once `stdout` carries the listening line; rejects when `exited` settles first or after
 * `timeoutMs`, with `describe()` (the output so far) in the message.
 */
export function whenListening(stdout: Readable, exited: Promise<unknown>, timeoutMs: number, describe: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      lines.off('line', onLine);
    };
    const onLine = (line: string): void => {
      const url = listeningUrl(line);
      if (url === undefined || settled) return;
      finish();
      resolve(url);
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      reject(new Error(`ichat-server did not listen within ${timeoutMs} ms:\n${describe()}`));
    }, timeoutMs);
    lines.on('line', onLine);
    void exited.then((code) => {
      if (settled) return;
      finish();
      reject(new Error(`ichat-server exited (${String(code)}) before listening:\n${describe()}`));
    });
  });
}
