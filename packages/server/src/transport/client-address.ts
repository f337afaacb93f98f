// Whose request is this: the peer's address, or the client a trusted reverse proxy names in X-Forwarded-For.

/**
 * The client's address. Behind a trusted proxy it is the last X-Forwarded-For entry, the one our own proxy added:
 * earlier entries are whatever the client claimed, so trusting the first would let anyone pick their address (and
 * slip past per-address limits). Without a trusted proxy, or when the header says nothing usable, it is the peer's.
 * `peerAddress` is only called when needed.
 */
export function clientAddress(forwardedFor: string | undefined, trustProxy: boolean, peerAddress: () => string): string {
  if (trustProxy && forwardedFor !== undefined && forwardedFor !== '') {
    const hops = forwardedFor.split(',');
    const last = hops[hops.length - 1]?.trim();
    if (last !== undefined && last !== '') return last;
  }
  return peerAddress();
}
