// The error and close codes the docs name are the protocol's: every mention exists in ERROR_CODES with the status
// given, and protocol.md's two code tables list exactly what codes.ts defines.

import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, ERROR_CODES, isErrorCode } from '@ichat/protocol';
import { closeCodeRows, errorCodeMentions, errorCodeRows } from '../src/protocol/code-mentions.js';
import { docFiles, readRepoFile } from '../src/repo.js';

describe('error codes in the docs', () => {
  it.each(docFiles())('%s names only codes from ERROR_CODES, with their status', (file) => {
    const problems = errorCodeMentions(readRepoFile(file)).flatMap((mention) => {
      const at = `${file}:${mention.line}`;
      if (!isErrorCode(mention.code)) return [`${at}: "${mention.code}" is not in ERROR_CODES`];
      const status = ERROR_CODES[mention.code].status;
      if (mention.status !== undefined && mention.status !== status) {
        return [`${at}: ${mention.code} is ${status}, not ${mention.status}`];
      }
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("protocol.md's error-code table has every code of ERROR_CODES, with its status and retryability", () => {
    const rows = errorCodeRows(readRepoFile('docs/protocol.md'));
    expect(rows.map((row) => row.code)).toEqual(Object.keys(ERROR_CODES));
    for (const row of rows) {
      expect({ code: row.code, status: row.status, retryable: row.retryable }).toEqual({ code: row.code, ...ERROR_CODES[row.code as keyof typeof ERROR_CODES] });
    }
  });

  it("protocol.md's close-code table has every code of CLOSE_CODES, under its name", () => {
    const rows = closeCodeRows(readRepoFile('docs/protocol.md'));
    expect(Object.fromEntries(rows.map((row) => [row.name, row.code]))).toEqual(CLOSE_CODES);
  });
});
