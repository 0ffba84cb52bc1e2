/**
 * @module compose — builds a complete rolegate from settings: store, keys, core, adapters, app.
 *
 * Used by `main.ts` and by tests that want the real composition with their own settings.
 */
import { pino, type Logger } from 'pino';
import { createApp } from './app.js';
import { composeSaml, withSamlMetadata } from './compose-saml.js';
import { composeWebIdentity } from './compose-web-identity.js';
import { loadDirectoryData, type Settings } from './config/index.js';
import { createDirectory, createPooledRandom, createStsServices, type Clock, type KeyValueStore, type StsServices } from './core/index.js';
import { adminRouter, createHttpMetrics, downstreamRouter, verifyEndpoint } from './http/index.js';
import { composeConsole } from './compose-console.js';
import { createMemoryStore, createRedisStore } from './store/index.js';
import { createStsHandler } from './sts/index.js';
import { createExplainHandler, createIamHandler } from './iam/index.js';
import { checkVendingSettings, loadVendingSettings, type VendingSettings } from './config/index.js';
import { createVendingApp, type HttpMetrics } from './http/index.js';
import { createVending, type Vending } from './vending/index.js';
import { createObjectStore, MAX_OBJECT_SIZE, type ObjectStore } from './core/index.js';
import { createS3App } from './http/index.js';
import { createS3Handler } from './s3/index.js';

export interface Rolegate {
  readonly app: ReturnType<typeof createApp>;
  readonly store: KeyValueStore;
  readonly services: StsServices;
  readonly logger: Logger;
  /** Credential vending (IMDS, container credentials); `listInstanceSessions()` is the console's read. */
  readonly vending: Vending;
  /** The S3-compatible demo service (its listener is in `listeners` unless `S3_PORT=off`); tests listen on `s3.app` themselves. */
  readonly s3: S3Service;
  /** Listeners besides the main one (the IMDS/container listener and pinned per-instance ones); main.ts starts them. */
  readonly listeners: readonly ExtraListener[];
  close(): Promise<void>;
}

export interface ExtraListener {
  readonly name: string;
  readonly app: ReturnType<typeof createVendingApp>;
  /** 0 = ephemeral. */
  readonly port: number;
  readonly host: string;
}

export interface ComposeOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly store?: KeyValueStore;
  /** Vending listener settings (main.ts reads them from the environment; default: `loadVendingSettings({})`). */
  readonly vending?: VendingSettings;
}

/** Never logged: secrets that could appear in structured fields. */
export const LOG_REDACTIONS = ['*.secretAccessKey', '*.sessionToken', '*.password', '*.authorization', '*.SAMLResponse', '*.token', 'req.headers'];

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'rolegate' }, redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } });
}

export async function composeRolegate(settings: Settings, overrides: ComposeOverrides = {}): Promise<Rolegate> {
  const logger = overrides.logger ?? createLogger(settings.logLevel);
  const clock: Clock = overrides.clock ?? { now: () => Date.now() };
  const directoryData = loadDirectoryData(settings.configDir);
  const directory = createDirectory(await withSamlMetadata(directoryData, settings));
  const store = overrides.store ?? (await openStore(settings, clock, logger));
  if (settings.developmentKey) {
    logger.warn('ROLEGATE_MASTER_KEY is not set: using the built-in DEVELOPMENT key. Never use this outside development.');
  }
  const services = createStsServices({
    directory,
    store,
    clock,
    random: createPooledRandom(),
    keys: { master: settings.masterKey },
    issuer: settings.publicUrl,
    onAuditError: (error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'audit event lost'),
  });
  // Revocations published by any instance clear this instance's session cache at once; without
  // the feed (store down at start-up) the cache's one-second bound still holds.
  const stopRevocationFeed = await services.resolver.start().catch((error: unknown) => {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'revocation feed unavailable; relying on the 1 s session cache bound');
    return async () => undefined;
  });
  const metrics = createHttpMetrics();
  const saml = composeSaml(settings, services, store, clock, logger);
  const webIdentity = composeWebIdentity(settings, services, clock, logger, saml.console);
  const sts = createStsHandler({ services, allowedRegions: settings.allowedRegions, extraActions: [...saml.stsActions, ...webIdentity.stsActions] });
  const iam = createIamHandler({ services, groups: directoryData.groups, allowedRegions: settings.allowedRegions });
  const explain = createExplainHandler({ services, allowedRegions: settings.allowedRegions });
  const { vending, listeners } = composeVending(services, store, metrics, logger, overrides.vending ?? loadVendingSettings({}));
  const objects = createObjectStore({ store, clock: services.clock, random: services.random });
  const consoleRouters = composeConsole({
    console: saml.console,
    publicUrl: settings.publicUrl,
    signInOptions: [...saml.signInOptions, ...webIdentity.signInOptions],
    signOutRedirect: saml.signOutRedirect,
    ...(saml.idpInitiatedUrl ? { idpInitiatedUrl: saml.idpInitiatedUrl } : {}),
    objects,
    listInstances: (account) => vending.listInstanceSessions(account),
  });
  const verify = verifyEndpoint(services);
  const routers = [
    downstreamRouter({ services, introspectionClients: settings.introspectionClients, verify }),
    adminRouter({ services }),
    ...saml.routers,
    ...webIdentity.routers,
    ...consoleRouters,
  ];
  const app = createApp({ logger, store, metrics, sts, iam, explain, verify, trustProxy: settings.trustProxy, routers });
  const s3 = composeS3(services, objects, metrics, logger, settings);
  if (settings.s3Port !== undefined) listeners.push({ name: 's3', app: s3.app, port: settings.s3Port, host: settings.s3Host });
  return {
    app,
    store,
    services,
    logger,
    vending,
    s3,
    listeners,
    close: async () => {
      saml.close();
      await stopRevocationFeed();
      await store.close();
    },
  };
}

export interface S3Service {
  readonly app: ReturnType<typeof createS3App>;
  readonly objects: ObjectStore;
}

/** The object limit plus room for aws-chunked framing (chunk headers and signatures, trailers). */
const S3_MAX_BODY_BYTES = MAX_OBJECT_SIZE + Math.ceil(MAX_OBJECT_SIZE / 64) + 64 * 1024;

function composeS3(services: StsServices, objects: ObjectStore, metrics: HttpMetrics, logger: Logger, settings: Settings): S3Service {
  const adapter = createS3Handler({ services, objects, allowedRegions: settings.allowedRegions });
  return { app: createS3App({ logger, metrics, s3: adapter, maxBodyBytes: S3_MAX_BODY_BYTES, trustProxy: settings.trustProxy }), objects };
}

function composeVending(services: StsServices, store: KeyValueStore, metrics: HttpMetrics, logger: Logger, settings: VendingSettings): { vending: Vending; listeners: ExtraListener[] } {
  checkVendingSettings(settings, services.directory);
  const vending = createVending({
    services,
    store,
    options: {
      ...(settings.defaultInstance ? { defaultInstance: settings.defaultInstance } : {}),
      allowedHosts: [...settings.extraAllowedHosts, settings.imdsHost],
      sessionSeconds: settings.sessionSeconds,
    },
    onBackgroundError: (error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'vending bookkeeping failed'),
  });
  const listeners: ExtraListener[] = [];
  if (settings.imdsPort !== undefined) {
    listeners.push({ name: 'imds', app: createVendingApp({ logger, metrics, handler: vending.handler() }), port: settings.imdsPort, host: settings.imdsHost });
  }
  for (const pinned of settings.pinnedListeners) {
    const app = createVendingApp({ logger, metrics, handler: vending.handler({ pinnedInstance: pinned.instanceId }) });
    listeners.push({ name: `imds ${pinned.instanceId}`, app, port: pinned.port, host: settings.imdsHost });
  }
  return { vending, listeners };
}

async function openStore(settings: Settings, clock: Clock, logger: Logger): Promise<KeyValueStore> {
  if (!settings.redisUrl) {
    logger.warn(
      '*** REDIS_URL is not set: using the IN-MEMORY store. Sessions are lost on restart and not shared between instances. For development only. ***',
    );
    return createMemoryStore({ clock });
  }
  const store = await createRedisStore({ url: settings.redisUrl, prefix: settings.redisPrefix, logger });
  const policy = await store.evictionPolicy().catch(() => 'unknown');
  if (policy !== 'noeviction') {
    logger.warn({ maxmemoryPolicy: policy }, 'Redis maxmemory-policy is not "noeviction": an evicted revocation or replay marker could bring a credential back. Set maxmemory-policy noeviction.');
  }
  return store;
}
