// The HTTP calls the admin dashboard makes: log in, who am I and the statistics series through the SDK, and the
// webhooks overview and the moderation routes through the protocol's route table.

import { createClient, memoryStorage } from '@ichat/sdk';
import {
  errorOfAnswer,
  IChatError,
  parseAnswer,
  routePath,
  ROUTES,
  type AuthResult,
  type Me,
  type ModerationActionBody,
  type ModerationEntry,
  type Report,
  type RouteSpec,
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
 * One call of an administrators' route the SDK has no method for (it is for chat clients), made from the route table,
 * with the answer validated like every other.
 *
 * @throws {IChatError} the server's error (`unauthorized`, `forbidden`, `bad_request`, …); `unavailable` when the
 * server could not be reached; `cancelled` when `signal` aborts it.
 */
async function adminCall<Result>(
  server: string,
  token: string,
  spec: RouteSpec<unknown, Result>,
  options: { body?: object; signal?: AbortSignal | undefined } = {},
): Promise<Result> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(routePath(spec), server), {
      method: spec.method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw new IChatError('cancelled', 'Request was cancelled', { cause: error });
    throw new IChatError('unavailable', 'Could not reach the server', { cause: error });
  }
  const value: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorOfAnswer(value) ?? new IChatError('unavailable', `Server answered ${response.status}`);
  return parseAnswer(spec, value);
}

/** Webhook endpoints and the latest deliveries. @throws {IChatError} `unauthorized`, `forbidden`, `unavailable`. */
export function fetchWebhooks(server: string, token: string, signal?: AbortSignal): Promise<WebhooksResult> {
  return adminCall(server, token, ROUTES.adminWebhooks, { signal });
}

/** The report queue and the moderation log, read together for the moderation view. */
export async function fetchModeration(server: string, token: string, signal?: AbortSignal): Promise<{ reports: Report[]; entries: ModerationEntry[] }> {
  const [{ reports }, { entries }] = await Promise.all([
    adminCall(server, token, ROUTES.adminReports, { signal }),
    adminCall(server, token, ROUTES.adminModerationLog, { signal }),
  ]);
  return { reports, entries };
}

/** Takes a moderation action; answers its log entry. @throws {IChatError} `not_found`, `forbidden`, `validation_failed`. */
export async function moderate(server: string, token: string, body: ModerationActionBody): Promise<ModerationEntry> {
  return (await adminCall(server, token, ROUTES.adminModerate, { body })).entry;
}
