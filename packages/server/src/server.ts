// The composition root: store, accounts, the uWS transport, chat core and HTTP routes, started and stopped together.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { AttachmentService } from './attachments/attachment-service.js';
import { attachmentsDirOf } from './attachments/attachments-dir.js';
import { FolderStorage } from './attachments/folder-storage.js';
import { loadImageSupport } from './attachments/image-pipeline.js';
import { LinkSigner } from './attachments/signed-links.js';
import { UnsentSweeper } from './attachments/unsent-sweeper.js';
import { Accounts } from './auth/accounts.js';
import { HostIdentities } from './auth/host-identities.js';
import { loadJwtKeys } from './auth/jwt-keys.js';
import { JwtVerifier } from './auth/jwt-verifier.js';
import { ChatService } from './chat/chat-service.js';
import { connectBroker, openFanout, openSharedLimits } from './cluster/open-fanout.js';
import { configWarnings, type Config } from './config.js';
import { adminRoutes } from './http/admin-routes.js';
import { attachmentRoutes } from './http/attachment-routes.js';
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
import { emailRoutes } from './http/email-routes.js';
import { emailAddressOf } from './config.js';
import { DigestScanner } from './email/digest-scanner.js';
import { EmailAccounts } from './email/email-accounts.js';
import { smtpMailer } from './email/mailer.js';
import { EmailWorker } from './email/send-worker.js';
import { Metrics } from './metrics.js';
import { loadWordFilter } from './moderation/load-word-filter.js';
import { checkDatabaseLocation, checkSecret, checkSharedSecret, checkStaticDir, openStore } from './preflight.js';
import { resolveSecret } from './secret.js';
import type { Store } from './store/contract/store.js';
import { SERVER_VERSION } from './version.js';
import { WebhookWorker } from './webhooks/delivery-worker.js';
import { createUwsTransport, loadUws } from './ws/uws-adapter.js';

const MAX_BODY_BYTES = 64 * 1024;
/** Sent and given-up e-mails are kept this long (without their bodies) for anyone looking into a delivery. */
const EMAIL_RETENTION_MS = 7 * 24 * 3_600_000;
/** An unsubscribe link keeps working this long: people unsubscribe from old e-mails too. */
const UNSUBSCRIBE_TTL_MS = 90 * 24 * 3_600_000;
/** How often uploads that no message took are looked for; the grace period is the setting. */
const UNSENT_SWEEP_MS = 5 * 60_000;

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
 * The built widget's folder: the installed @ichat/widget, a dependency, so it travels with an npm install of the
 * server (in the workspace it is the linked sibling package); else `../widget/dist` beside this package's build, for a
 * copy of the server that cannot resolve packages. Empty when neither is there: the API still works, the pages 404.
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
  checkSharedSecret(config.secret, config.database);
  const jwtKeys = loadJwtKeys(config);
  const wordFilter = loadWordFilter(config);
  loadUws(config.allowUwsFallback);
  const images = await loadImageSupport();
  for (const warning of configWarnings(config)) logger.warn(warning);
  if (secretWarning !== undefined) logger.warn(secretWarning);
  const broker = await connectBroker(config.brokerUrl, config.brokerPrefix);
  const sharedLimits = await openSharedLimits(broker);
  if (images.problem !== undefined) logger.warn(images.problem);
  const store = await openStore(config.database, {
    backgroundCheckpoints: {
      onError: (message) => logger.error({ error: message }, 'Database checkpoints are failing'),
      onResumed: () => logger.info('Database checkpoints resumed'),
    },
    backgroundSearchIndex: {
      onError: (message) => logger.error({ error: message }, 'Indexing messages for search is failing'),
    },
    onWriteState: (state, reason) => {
      if (state === 'ok') logger.info({ reason }, 'Database writes resumed');
      else if (state === 'full') logger.error({ reason }, 'Database writes refused: the disk is full');
      else logger.fatal({ reason }, 'Database writes refused until restart: the log could not be flushed to disk');
    },
  });
  const metrics = new Metrics();
  const sharedUnavailable = (limit: string): void => {
    metrics.sharedLimitsUnavailable.inc({ limit });
    logger.warn({ limit }, 'The shared limit counts cannot be reached: this node counts alone');
  };
  const origins = new OriginPolicy(config.allowedOrigins);
  if (origins.allowsAny) {
    logger.warn('ICHAT_ALLOWED_ORIGINS is not set: any website may embed this server and call its API');
  }
  const secret = resolveSecret(config.secret, config.database);
  const attachments = new AttachmentService(store, new FolderStorage(attachmentsDirOf(config)), images.pipeline, new LinkSigner(secret), {
    maxBytes: config.maxAttachmentBytes,
    linkTtlMs: config.attachmentLinkTtlSeconds * 1000,
  });
  const unsentSweeper = new UnsentSweeper((before, limit) => attachments.sweep(before, limit), {
    graceMs: config.attachmentGraceMinutes * 60_000,
    intervalMs: UNSENT_SWEEP_MS,
    onError: (error) => logger.error({ err: error }, 'Unsent uploads could not be removed'),
  });
  const accounts = new Accounts(store, {
    secret,
    tokenTtlMs: config.tokenTtlHours * 3_600_000,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMs: config.loginWindowSeconds * 1000,
    registrationsPerHour: config.registrationsPerHour,
    passwordAuth: config.passwordAuth,
    ...(sharedLimits === undefined ? {} : { shared: sharedLimits, sharedUnavailable }),
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
  const fanout = await openFanout(broker, transport.broker, store, {
    held: () => metrics.reorderHolds.inc(),
    repaired: (count) => {
      metrics.gapRepairs.inc();
      metrics.gapRepairedMessages.inc(count);
    },
    latency: (seconds) => metrics.brokerLatency.observe(seconds),
    state: (state) => {
      if (state === 'reconnecting') logger.warn('The broker connection is lost; reconnecting (gaps are filled from the database)');
      else if (state === 'connected') logger.info('The broker connection is back');
    },
    error: (cause) => logger.error({ err: cause }, 'Cluster fan-out failed to read or subscribe'),
  });
  if (broker !== undefined) logger.info({ broker: broker.client.kind, node: fanout.nodeId }, 'Cluster fan-out is on');
  const chat = new ChatService(
    store,
    accounts,
    fanout,
    {
      maxFrameBytes: config.maxFrameBytes,
      authTimeoutMs: config.authTimeoutMs,
      presenceGraceMs: config.presenceGraceMs,
      unverifiedMayOnlyRead: config.unverifiedAccounts === 'read',
      framesPerSecond: config.framesPerSecond,
      messagesPerSecond: config.messagesPerSecond,
      messageBurst: config.messageBurst,
      commitDelayMs: config.commitDelayMs,
      userLimits: {
        createGroup: config.roomsPerHour,
        strangerChat: config.strangerChatsPerHour,
        report: config.reportsPerHour,
      },
      wordFilter,
      attachments,
      ...(sharedLimits === undefined ? {} : { sharedLimits, sharedUnavailable }),
      reactions: config.reactions,
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
  const emailOn = config.smtpUrl !== '';
  // The links in e-mails need the address people reach this server at; the listening one is known only once it
  // listens, so it is read through a function.
  let listeningUrl = '';
  const publicUrl = (): string => (config.publicUrl === '' ? listeningUrl : config.publicUrl);
  if (emailOn && config.publicUrl === '') {
    logger.warn('ICHAT_PUBLIC_URL is not set: links in e-mails point to the address this server listens on');
  }
  const emailAccounts = new EmailAccounts(store, {
    enabled: emailOn,
    secret,
    publicUrl,
    linkTtlMs: config.emailLinkTtlMinutes * 60_000,
    perHour: config.passwordResetsPerHour,
  });
  let emailWorker: EmailWorker | undefined;
  const router = new Router({
    handlers: {
      ...authRoutes(accounts, {
        passwordAccountCreated: async (userId) => {
          if (!emailOn) return;
          try {
            const user = await store.users.findById(userId);
            if (user !== undefined) await emailAccounts.sendVerification(user, undefined, Date.now());
          } catch (error) {
            // The account exists and works; its owner can ask for the link again.
            logger.warn({ err: error, userId }, 'The verification e-mail of a new account could not be queued');
          }
        },
        registered: (user) => chat.announceRegistration(user),
        revoked: (hash) => chat.revokeToken(hash),
        profileChanged: (user) => chat.announceProfile(user),
      }),
      ...profileRoutes(store, { profileChanged: (user) => chat.announceProfile(user) }),
      ...adminRoutes(store.stats),
      ...healthRoutes(store, metrics, SERVER_VERSION, () => emailWorker?.state ?? 'off', () => fanout.state),
      ...emailRoutes(emailAccounts, store, {
        revoked: (hash) => chat.revokeToken(hash),
        userChanged: (user) => chat.refreshUser(user),
      }),
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
      ...attachmentRoutes(attachments, { unverifiedMayOnlyRead: config.unverifiedAccounts === 'read' }),
    },
    authenticate: (token) => accounts.resolve(token, Date.now()),
    authenticateApiKey: async (key) => (await authenticateApiKey(store.apiKeys, key, Date.now())) !== undefined,
    origins,
    serveStatic: staticFiles(config.staticDir === '' ? defaultStaticDir() : config.staticDir),
    answered: (status) => metrics.httpRequests.inc({ status: String(status) }),
  });
  const admission = new AdmissionPolicy({
    origins,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    maxBodyBytes: MAX_BODY_BYTES,
    maxUploadBytes: config.maxAttachmentBytes,
    ...(sharedLimits === undefined ? {} : { shared: sharedLimits, sharedUnavailable: () => sharedUnavailable('connections') }),
  });
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
  unsentSweeper.start();
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listener.port}`;
  listeningUrl = url;
  let digests: DigestScanner | undefined;
  if (emailOn) {
    const from = emailAddressOf(config.emailFrom) ?? config.emailFrom;
    emailWorker = new EmailWorker(
      store.email,
      smtpMailer(config.smtpUrl, config.emailFrom),
      {
        baseMs: config.emailRetryBaseMs,
        maxMs: config.emailRetryMaxMs,
        giveUpMs: config.emailGiveUpHours * 3_600_000,
        retentionMs: EMAIL_RETENTION_MS,
        messageIdDomain: from.slice(from.indexOf('@') + 1),
      },
      {
        outcome: (outcome) => metrics.emails.inc({ outcome }),
        error: (cause) => logger.error({ err: cause }, 'The e-mail outbox could not be read or written'),
        state: (state, reason) => {
          if (state === 'failing') logger.warn({ reason }, 'The SMTP server is not taking e-mail; it stays queued and is retried');
          else logger.info('The SMTP server takes e-mail again');
        },
      },
    );
    digests = new DigestScanner(
      store.email,
      { isOnline: (userId) => Promise.resolve(chat.isOnline(userId)) },
      // A muted room sends no e-mail: its news is counted as covered, so unmuting does not mail old messages.
      (userId, roomId) => store.rooms.isMuted(roomId, userId),
      {
        offlineDelayMs: config.emailOfflineDelaySeconds * 1000,
        unreadDelayMs: config.emailUnreadDelaySeconds * 1000,
        hostUsers: config.emailHostUsers,
        publicUrl: publicUrl(),
        chatUrl: config.emailChatUrl === '' ? publicUrl() : config.emailChatUrl,
        secret,
        unsubscribeTtlMs: UNSUBSCRIBE_TTL_MS,
      },
      { error: (cause) => logger.error({ err: cause }, 'Missed-message e-mails could not be decided') },
    );
    metrics.watchEmailQueue(() => store.email.pendingCount());
    emailWorker.start();
    digests.start();
    logger.info({ smtp: new URL(config.smtpUrl).host, from: config.emailFrom }, 'E-mail is on');
  } else {
    logger.info('E-mail is off: ICHAT_SMTP_URL is not set (no missed-message, verification or password reset e-mails)');
  }
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
        await digests?.stop();
        await emailWorker?.stop();
        await webhooks.stop();
        await sharedLimits?.close(true);
        await fanout.close();
        await unsentSweeper.stop();
        await store.close();
        logger.info('iChat server stopped');
      })();
      return closing;
    },
  };
}
