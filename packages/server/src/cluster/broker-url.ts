// Reads ICHAT_BROKER_URL: which broker carries frames between nodes, and why a value names none this server can use.

/** The brokers a cluster can fan out through. */
export type BrokerKind = 'redis' | 'nats';

/** The broker a valid, non-empty URL names (see {@link brokerUrlProblem}). */
export function brokerKindOf(url: string): BrokerKind {
  return url.trim().toLowerCase().startsWith('nats:') ? 'nats' : 'redis';
}

/**
 * Why `url` names no broker, or undefined when it names one (or is empty: one node, in-process fan-out). Pure: whether
 * the broker answers is checked when the server starts.
 */
export function brokerUrlProblem(url: string): string | undefined {
  const value = url.trim();
  if (value === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'is not a URL such as redis://127.0.0.1:6379 or nats://127.0.0.1:4222';
  }
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'redis' && scheme !== 'rediss' && scheme !== 'nats') {
    return `has the scheme "${scheme}:", which this server does not use: use redis://, rediss:// or nats://`;
  }
  return parsed.hostname === '' ? 'names no host' : undefined;
}

/** Why a subject prefix cannot be used, or undefined. */
export function brokerPrefixProblem(prefix: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,64}$/.test(prefix) ? undefined : 'must be 1 to 64 letters, digits, - or _';
}
