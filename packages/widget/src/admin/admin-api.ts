// The HTTP calls the admin dashboard makes: log in, who am I and the statistics series through the SDK, and the
// webhooks overview through the protocol's route table.

import { createClient, memoryStorage } from '@ichat/sdk';
import {
  errorOfAnswer,
  IChatError,
  parseAnswer,
  routePath,
  ROUTES,
  type AuthResult,
  type Me,
  type StatsQuery,
  type StatsResult,
  type WebhooksResult,
} from '@ichat/protocol';

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

/** One statistics series for the dashboard. @throws {IChatError} `unauthorized`, `forbidden`, `cancelled`. */
export function fetchStats(server: string, token: string, query: StatsQuery, signal?: AbortSignal): Promise<StatsResult> {
  return httpClient(server, token).stats(query, signal === undefined ? {} : { signal });
}

/** Revokes the token; a failure to reach the server is ignored (the token is forgotten here either way). */
export async function logoutAdmin(server: string, token: string): Promise<void> {
  await httpClient(server, token).logout().catch(() => undefined);
}

/**
 * Webhook endpoints and the latest deliveries. The SDK is for chat clients and has no call for this administrators'
 * page, so it is made here, from the route table, with the answer validated like every other.
 *
 * @throws {IChatError} `unauthorized`, `forbidden`, `unavailable` (the server could not be reached).
 */
export async function fetchWebhooks(server: string, token: string, signal?: AbortSignal): Promise<WebhooksResult> {
  let response: Response;
  try {
    response = await fetch(new URL(routePath(ROUTES.adminWebhooks), server), {
      headers: { authorization: `Bearer ${token}` },
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted === true) throw new IChatError('cancelled', 'Request was cancelled', { cause: error });
    throw new IChatError('unavailable', 'Could not reach the server', { cause: error });
  }
  const value: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorOfAnswer(value) ?? new IChatError('unavailable', `Server answered ${response.status}`);
  return parseAnswer(ROUTES.adminWebhooks, value);
}
