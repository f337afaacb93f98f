// The composition root: store, accounts, the uWS transport, chat core and HTTP routes, started and stopped together.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { Accounts } from './auth/accounts.js';
import { HostIdentities } from './auth/host-identities.js';
import { loadJwtKeys } from './auth/jwt-keys.js';
import { JwtVerifier } from './auth/jwt-verifier.js';
import { ChatService } from './chat/chat-service.js';
import { configWarnings, type Config } from './config.js';
import { adminRoutes } from './http/admin-routes.js';
import { AdmissionPolicy } from './http/admission-policy.js';
import { authRoutes } from './http/auth-routes.js';
import { moderationRoutes } from './http/moderation-routes.js';
import { profileRoutes } from './http/profile-routes.js';
import { OriginPolicy } from './http/cors.js';
import { healthRoutes } from './http/health-routes.js';
import { openApiRoutes } from './http/openapi-routes.js';
import { serverRoutes } from './http/server-routes.js';
import { authenticateApiKey } from './auth/api-keys.js';
import { Router } from './http/router.js';
import { staticFiles } from './http/static-routes.js';
import { webhookRoutes } from './http/webhook-routes.js';
import { Metrics } from './metrics.js';
import { loadWordFilter } from './moderation/load-word-filter.js';
import { checkDatabaseLocation, checkSecret, checkStaticDir, openStore } from './preflight.js';
import { resolveSecret } from './secret.js';
import type { Store } from './store/contract/store.js';
import { SERVER_VERSION } from './version.js';
import { WebhookWorker } from './webhooks/delivery-worker.js';
import { createUwsTransport, loadUws } from './ws/uws-adapter.js';

const MAX_BODY_BYTES = 64 * 1024;

/** A running server. */
export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  readonly store: Store;
  /** Graceful stop: no new connections, pending messages committed and acked, sockets closed with 1001, DB closed. */
  close(): Promise<void>;
}

/**
 * The built widget's folder: an installed @ichat/widget if there is one, else the sibling package in this
 * repository (the server does not depend on the widget, so a headless deployment needs neither).
 */
function defaultStaticDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@ichat/widget/package.json')), 'dist');
  } catch {
    const sibling = fileURLToPath(new URL('../../widget/dist', import.meta.url));
    return existsSync(sibling) ? sibling : '';
  }
}

/**
 * Starts a server with the given configuration.
 *
 * @example
 * ```ts
 * const server = await startServer(loadConfig({ port: '0', database: ':memory:' }, {}));
 * console.log(server.url);
 * await server.close();
 * ```
 */
export async function startServer(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  // Everything that can refuse the start does so before the database or secret.key is created.
  checkDatabaseLocation(config.database);
  checkStaticDir(config.staticDir);
  const secretWarning = checkSecret(config.secret, config.production);
  const jwtKeys = loadJwtKeys(config);
  const wordFilter = loadWordFilter(config);
  loadUws(config.allowUwsFallback);
  for (const warning of configWarnings(config)) logger.warn(warning);
  if (secretWarning !== undefined) logger.warn(secretWarning);
  const store = await openStore(config.database, {
    backgroundCheckpoints: {
      onError: (message) => logger.error({ error: message }, 'Database checkpoints are failing'),
      onResumed: () => logger.info('Database checkpoints resumed'),
    },
    onWriteState: (state, reason) => {
      if (state === 'ok') logger.info({ reason }, 'Database writes resumed');
      else if (state === 'full') logger.error({ reason }, 'Database writes refused: the disk is full');
      else logger.fatal({ reason }, 'Database writes refused until restart: the log could not be flushed to disk');
    },
  });
  const metrics = new Metrics();
  const origins = new OriginPolicy(config.allowedOrigins);
  if (origins.allowsAny) {
    logger.warn('ICHAT_ALLOWED_ORIGINS is not set: any website may embed this server and call its API');
  }
  const accounts = new Accounts(store, {
    secret: resolveSecret(config.secret, config.database),
    tokenTtlMs: config.tokenTtlHours * 3_600_000,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMs: config.loginWindowSeconds * 1000,
    registrationsPerHour: config.registrationsPerHour,
    passwordAuth: config.passwordAuth,
    ...(jwtKeys === undefined
      ? {}
      : {
          hostSignIn: {
            verifier: new JwtVerifier({
              keys: jwtKeys,
              issuer: config.jwtIssuer,
              audience: config.jwtAudience,
              maxLifetimeMs: config.jwtMaxLifetimeSeconds * 1000,
            }),
            identities: new HostIdentities(store),
            sessionTtlMs: config.jwtSessionTtlSeconds * 1000,
          },
        }),
  });

  // One direction: the transport (its broker) first, the chat core over it, the routes over the core, then listening
  // with the core and the routes as the transport's handlers.
  const transport = createUwsTransport({
    host: config.host,
    port: config.port,
    allowFallback: config.allowUwsFallback,
    trustProxy: config.trustProxy,
    maxFrameBytes: config.maxFrameBytes,
    maxBackpressureBytes: config.maxBackpressureBytes,
    onListenRetry: () => logger.warn({ host: config.host, port: config.port }, 'port not available yet; retrying'),
  });
  const chat = new ChatService(
    store,
    accounts,
    transport.broker,
    {
      maxFrameBytes: config.maxFrameBytes,
      authTimeoutMs: config.authTimeoutMs,
      presenceGraceMs: config.presenceGraceMs,
      framesPerSecond: config.framesPerSecond,
      messagesPerSecond: config.messagesPerSecond,
      messageBurst: config.messageBurst,
      userLimits: {
        createGroup: config.roomsPerHour,
        strangerChat: config.strangerChatsPerHour,
        report: config.reportsPerHour,
      },
      wordFilter,
    },
    {
      connections: (delta) => metrics.connections.inc(delta),
      messagesStored: (count) => metrics.messages.inc(count),
      commit: (size, seconds) => {
        metrics.commitBatch.observe(size);
        metrics.commitSeconds.observe(seconds);
      },
      error: (code, cause) => {
        metrics.errors.inc({ code });
        if (cause !== undefined) logger.error({ err: cause }, 'request failed');
      },
    },
  );
  const router = new Router({
    handlers: {
      ...authRoutes(accounts, {
        registered: (user) => chat.announceRegistration(user),
        revoked: (hash) => chat.revokeToken(hash),
        profileChanged: (user) => chat.announceProfile(user),
      }),
      ...profileRoutes(store, { profileChanged: (user) => chat.announceProfile(user) }),
      ...adminRoutes(store.stats),
      ...healthRoutes(store, metrics, SERVER_VERSION),
      ...openApiRoutes(SERVER_VERSION),
      ...serverRoutes({
        store,
        accounts,
        chat,
        identities: new HostIdentities(store),
        issuer: config.jwtIssuer,
        registered: (user) => chat.announceRegistration(user),
      }),
      ...webhookRoutes(store.webhooks),
      ...moderationRoutes(store, chat),
    },
    authenticate: (token) => accounts.resolve(token, Date.now()),
    authenticateApiKey: async (key) => (await authenticateApiKey(store.apiKeys, key, Date.now())) !== undefined,
    origins,
    serveStatic: staticFiles(config.staticDir === '' ? defaultStaticDir() : config.staticDir),
    answered: (status) => metrics.httpRequests.inc({ status: String(status) }),
  });
  const admission = new AdmissionPolicy({ origins, maxConnectionsPerIp: config.maxConnectionsPerIp, maxBodyBytes: MAX_BODY_BYTES });
  const listener = await transport.listen({ socket: chat, http: (request) => router.handle(request), admission });
  admission.open();
  const webhooks = new WebhookWorker(
    store.webhooks,
    {
      timeoutMs: config.webhookTimeoutMs,
      concurrency: config.webhookConcurrency,
      endpointConcurrency: config.webhookEndpointConcurrency,
      baseMs: config.webhookRetryBaseMs,
      maxMs: config.webhookRetryMaxMs,
      giveUpMs: config.webhookGiveUpSeconds * 1000,
      retentionMs: config.webhookRetentionHours * 3_600_000,
    },
    {
      outcome: (outcome) => metrics.webhookDeliveries.inc({ outcome }),
      error: (cause) => logger.error({ err: cause }, 'Webhook deliveries could not be read or recorded'),
    },
  );
  metrics.watchWebhookQueue(() => store.webhooks.pendingCount());
  webhooks.start();
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listener.port}`;
  // `event: 'listening'` is the machine-readable readiness signal: tools (the test kit, process managers) key on it
  // rather than on the sentence, which is for people and may be reworded.
  logger.info({ event: 'listening', url, version: SERVER_VERSION }, 'iChat server listening');

  let closing: Promise<void> | undefined;
  return {
    port: listener.port,
    url,
    store,
    close: () => {
      closing ??= (async () => {
        admission.stop();
        listener.stopListening();
        await chat.shutdown();
        await webhooks.stop();
        await store.close();
        logger.info('iChat server stopped');
      })();
      return closing;
    },
  };
}
