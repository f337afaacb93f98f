// Who may come in: phases, the socket origin check, per-address caps and the body limit, without any socket.

import { describe, expect, it } from 'vitest';
import { AdmissionPolicy } from '../../src/http/admission-policy.js';
import { OriginPolicy } from '../../src/http/cors.js';
import type { HttpResponse } from '../../src/transport/http-handler.js';

function open(options: { allowedOrigins?: string[]; maxConnectionsPerIp?: number } = {}): AdmissionPolicy {
  const admission = new AdmissionPolicy({
    origins: new OriginPolicy(options.allowedOrigins ?? []),
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? 10,
    maxBodyBytes: 100,
    maxUploadBytes: 1000,
  });
  admission.open();
  return admission;
}

/** The error code of a refusal (JSON `{"error":{"code"}}`), or undefined when admitted. */
/** Without shared limits every answer is given at once, never as a promise. */
function synchronous(answer: HttpResponse | undefined | Promise<HttpResponse | undefined>): HttpResponse | undefined {
  if (answer instanceof Promise) throw new Error('admission answered with a promise without shared limits');
  return answer;
}

function codeOf(response: HttpResponse | undefined): string | undefined {
  if (response === undefined) return undefined;
  const body: unknown = JSON.parse(String(response.body));
  if (typeof body !== 'object' || body === null || !('error' in body)) throw new Error(`Not an error: ${String(response.body)}`);
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

const FROM_A = { address: '203.0.113.7', origin: undefined, host: 'chat.example' };

describe('admission phases', () => {
  it('refuses sockets with 503 while starting, but serves HTTP requests', () => {
    const admission = new AdmissionPolicy({ origins: new OriginPolicy([]), maxConnectionsPerIp: 10, maxBodyBytes: 100, maxUploadBytes: 1000 });
    expect(admission.phase).toBe('starting');
    const refusal = synchronous(admission.admitSocket(FROM_A));
    expect(refusal?.status).toBe(503);
    expect(codeOf(refusal)).toBe('unavailable');
    expect(String(refusal?.body)).toContain('starting');
    expect(admission.refuseRequest()).toBeUndefined();
    expect(admission.connectionsOf(FROM_A.address)).toBe(0);
  });

  it('admits once open', () => {
    expect(open().admitSocket(FROM_A)).toBeUndefined();
  });

  it('refuses sockets and requests alike once stopping', () => {
    const admission = open();
    admission.stop();
    admission.open();
    expect(admission.phase).toBe('stopping');
    const refusal = synchronous(admission.admitSocket(FROM_A));
    expect(refusal?.status).toBe(503);
    expect(String(refusal?.body)).toContain('shutting down');
    expect(codeOf(admission.refuseRequest())).toBe('unavailable');
  });
});

describe('socket origins', () => {
  const admission = open({ allowedOrigins: ['https://shop.example'] });

  it('admits an allowed origin, a same-origin page and a client that sends no Origin', () => {
    expect(admission.admitSocket({ ...FROM_A, origin: 'https://shop.example' })).toBeUndefined();
    expect(admission.admitSocket({ ...FROM_A, origin: 'https://chat.example' })).toBeUndefined();
    expect(admission.admitSocket({ ...FROM_A, origin: undefined })).toBeUndefined();
  });

  it('refuses any other origin with 403, without counting it', () => {
    const before = admission.connectionsOf('198.51.100.9');
    const refusal = synchronous(admission.admitSocket({ address: '198.51.100.9', origin: 'https://evil.example', host: 'chat.example' }));
    expect(refusal?.status).toBe(403);
    expect(codeOf(refusal)).toBe('origin_not_allowed');
    expect(admission.connectionsOf('198.51.100.9')).toBe(before);
  });
});

describe('connections per address', () => {
  it('refuses the socket over the cap with 429 and Retry-After, per address, and admits again after a leave', () => {
    const admission = open({ maxConnectionsPerIp: 2 });
    expect(admission.admitSocket(FROM_A)).toBeUndefined();
    expect(admission.admitSocket(FROM_A)).toBeUndefined();
    const refusal = synchronous(admission.admitSocket(FROM_A));
    expect(refusal?.status).toBe(429);
    expect(codeOf(refusal)).toBe('too_many_connections');
    expect(refusal?.headers['retry-after']).toBe('5');
    expect(admission.admitSocket({ ...FROM_A, address: '198.51.100.1' })).toBeUndefined();

    admission.leave(FROM_A.address);
    expect(admission.connectionsOf(FROM_A.address)).toBe(1);
    expect(admission.admitSocket(FROM_A)).toBeUndefined();
  });

  it('forgets an address whose last socket left', () => {
    const admission = open();
    synchronous(admission.admitSocket(FROM_A));
    admission.leave(FROM_A.address);
    admission.leave(FROM_A.address);
    expect(admission.connectionsOf(FROM_A.address)).toBe(0);
    expect(admission.admitSocket(FROM_A)).toBeUndefined();
    expect(admission.connectionsOf(FROM_A.address)).toBe(1);
  });
});

describe('request bodies', () => {
  it('reads a body up to the limit and refuses one past it with 413', () => {
    const admission = open();
    expect(admission.refuseBody(100, '/api/v1/me')).toBeUndefined();
    const refusal = admission.refuseBody(101, '/api/v1/me');
    expect(refusal?.status).toBe(413);
    expect(codeOf(refusal)).toBe('frame_too_large');
  });

  it('reads an upload up to the upload limit and refuses one past it with attachment_too_large', () => {
    const admission = open();
    expect(admission.refuseBody(1000, '/api/v1/attachments')).toBeUndefined();
    const refusal = admission.refuseBody(1001, '/api/v1/attachments');
    expect(refusal?.status).toBe(413);
    expect(codeOf(refusal)).toBe('attachment_too_large');
    // The upload limit is for the upload route alone.
    expect(codeOf(admission.refuseBody(101, '/api/v1/attachments/1/file'))).toBe('frame_too_large');
  });
});
