// Who may come in: refusals while the server starts or stops, the socket origin check, per-address socket caps, body size.

import { ATTACHMENT_ROUTES, IChatError } from '@ichat/protocol';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { Admission, UpgradeRequest } from '../transport/admission.js';
import type { HttpResponse } from '../transport/http-handler.js';
import type { OriginPolicy } from './cors.js';
import { errorResponse } from './responses.js';

/** `starting` until the application is wired to the transport, `stopping` once the shutdown began; both refuse sockets. */
export type AdmissionPhase = 'starting' | 'open' | 'stopping';

export interface AdmissionOptions {
  readonly origins: OriginPolicy;
  /** Open sockets allowed per client address. */
  readonly maxConnectionsPerIp: number;
  /** The largest HTTP request body read. */
  readonly maxBodyBytes: number;
  /** The largest upload body read (the upload route's limit, in place of `maxBodyBytes`). */
  readonly maxUploadBytes: number;
  /**
   * The cluster's socket counts, when a broker is configured: the per-address cap then holds across nodes. When the
   * broker cannot be reached the cap fails open to this node's own count, and `sharedUnavailable` is told.
   */
  readonly shared?: SharedLimits;
  readonly sharedUnavailable?: () => void;
}

const UPLOAD_PATH = ATTACHMENT_ROUTES.uploadAttachment.path;

/** How long a client over the per-address cap is told to wait. */
const RETRY_CONNECTION_MS = 5000;

export class AdmissionPolicy implements Admission {
  readonly #options: AdmissionOptions;
  /** Open sockets per client address; an address with none has no entry. */
  readonly #perAddress = new Map<string, number>();
  #phase: AdmissionPhase = 'starting';

  constructor(options: AdmissionOptions) {
    this.#options = options;
  }

  get phase(): AdmissionPhase {
    return this.#phase;
  }

  /** The application is ready for sockets. */
  open(): void {
    if (this.#phase === 'starting') this.#phase = 'open';
  }

  /**
   * The shutdown began: no new sockets, and no more requests either, since closing the listening socket leaves
   * keep-alive connections open and their requests must not reach a closed store.
   */
  stop(): void {
    this.#phase = 'stopping';
  }

  /** Open sockets counted for `address`. */
  connectionsOf(address: string): number {
    return this.#perAddress.get(address) ?? 0;
  }

  refuseRequest(): HttpResponse | undefined {
    return this.#phase === 'stopping' ? errorResponse(shuttingDown()) : undefined;
  }

  refuseBody(bytes: number, path: string): HttpResponse | undefined {
    if (path === UPLOAD_PATH) {
      // Refused while it arrives, so nothing of an upload over the limit is held, let alone stored.
      if (bytes <= this.#options.maxUploadBytes) return undefined;
      return errorResponse(new IChatError('attachment_too_large', `Files may be at most ${this.#options.maxUploadBytes} bytes`));
    }
    if (bytes <= this.#options.maxBodyBytes) return undefined;
    return errorResponse(new IChatError('frame_too_large', 'Request body is too large'));
  }

  admitSocket(upgrade: UpgradeRequest): HttpResponse | undefined | Promise<HttpResponse | undefined> {
    const refusal = this.#socketRefusal(upgrade);
    if (refusal !== undefined) return errorResponse(refusal);
    // Counted here before any await, so concurrent upgrades on this node cannot pass the local cap together.
    this.#perAddress.set(upgrade.address, this.connectionsOf(upgrade.address) + 1);
    const { shared } = this.#options;
    return shared === undefined ? undefined : this.#admitShared(shared, upgrade.address);
  }

  leave(address: string): void {
    const count = this.connectionsOf(address) - 1;
    if (count > 0) this.#perAddress.set(address, count);
    else this.#perAddress.delete(address);
    this.#options.shared?.removeConnection(address);
  }

  async #admitShared(shared: SharedLimits, address: string): Promise<HttpResponse | undefined> {
    try {
      if (await shared.addConnection(address, this.#options.maxConnectionsPerIp)) return undefined;
    } catch {
      this.#options.sharedUnavailable?.();
      return undefined;
    }
    const count = this.connectionsOf(address) - 1;
    if (count > 0) this.#perAddress.set(address, count);
    else this.#perAddress.delete(address);
    return errorResponse(tooManyConnections());
  }

  #socketRefusal({ address, origin, host }: UpgradeRequest): IChatError | undefined {
    if (this.#phase === 'starting') return new IChatError('unavailable', 'Server is starting');
    if (this.#phase === 'stopping') return shuttingDown();
    if (!this.#options.origins.allows(origin, host)) {
      return new IChatError('origin_not_allowed', 'This origin may not open sockets here');
    }
    if (this.connectionsOf(address) >= this.#options.maxConnectionsPerIp) {
      return tooManyConnections();
    }
    return undefined;
  }
}

function tooManyConnections(): IChatError {
  return new IChatError('too_many_connections', 'Too many connections from this address', { retryAfterMs: RETRY_CONNECTION_MS });
}

function shuttingDown(): IChatError {
  return new IChatError('unavailable', 'Server is shutting down');
}
