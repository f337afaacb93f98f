// The HTTP calls the admin dashboard makes: log in and who am I (through the SDK), and the statistics series.

import { createClient, memoryStorage } from '@ichat/sdk';
import {
  API_PREFIX,
  IChatError,
  parseStatsResult,
  type AuthResult,
  type Me,
  type StatsBucketSize,
  type StatsResult,
  type StatsSeries,
} from '@ichat/sdk/protocol';

async function requestJson(url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw new IChatError('cancelled', 'Request was cancelled');
    throw new IChatError('disconnected', 'Cannot reach the server', { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const wire: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : undefined;
    throw IChatError.fromWire(wire ?? { code: 'internal', message: `Server answered ${response.status}` });
  }
  return body;
}

/** A client for one HTTP call: the SDK's, so its error handling and validation are the same everywhere. */
function httpClient(server: string, token?: string) {
  const base = { url: server, autoConnect: false, storage: memoryStorage() };
  return createClient(token === undefined ? base : { ...base, token });
}

/** Logs in and checks the account is an administrator. @throws {IChatError} `forbidden` for other accounts. */
export async function loginAdmin(server: string, email: string, password: string): Promise<AuthResult> {
  const result = await httpClient(server).login({ email, password });
  if (!result.user.isAdmin) throw new IChatError('forbidden', 'This account is not an administrator');
  return result;
}

/** The token's user. @throws {IChatError} `unauthorized` when the token no longer works. */
export function fetchMe(server: string, token: string): Promise<Me> {
  return httpClient(server, token).me();
}

export interface StatsQuery {
  series: StatsSeries;
  bucket: StatsBucketSize;
  /** ms since the epoch, or 'first' for all time. */
  from: number | 'first';
  to: number;
  tz: string;
}

export async function fetchStats(server: string, token: string, query: StatsQuery, signal?: AbortSignal): Promise<StatsResult> {
  const params = new URLSearchParams({
    bucket: query.bucket,
    from: String(query.from),
    to: String(query.to),
    tz: query.tz,
  });
  const init: RequestInit = { headers: { authorization: `Bearer ${token}` } };
  if (signal !== undefined) init.signal = signal;
  return parseStatsResult(await requestJson(`${server}${API_PREFIX}/admin/stats/${query.series}?${params}`, init));
}
