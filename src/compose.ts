/**
 * @module compose — builds a complete rolegate from settings: store, keys, core, adapters, app.
 *
 * Used by `main.ts` and by tests that want the real composition with their own settings.
 */
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { createApp } from './app.js';
import { loadDirectoryData, type Settings } from './config/index.js';
import { createDirectory, createStsServices, type Clock, type KeyValueStore, type StsServices } from './core/index.js';
import { createHttpMetrics } from './http/index.js';
import { createMemoryStore, createRedisStore } from './store/index.js';
import { createStsHandler } from './sts/index.js';

export interface Rolegate {
  readonly app: ReturnType<typeof createApp>;
  readonly store: KeyValueStore;
  readonly services: StsServices;
  readonly logger: Logger;
  close(): Promise<void>;
}

export interface ComposeOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly store?: KeyValueStore;
}

/** Never logged: secrets that could appear in structured fields. */
export const LOG_REDACTIONS = ['*.secretAccessKey', '*.sessionToken', '*.password', '*.authorization', '*.SAMLResponse', '*.token', 'req.headers'];

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'rolegate' }, redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } });
}

export async function composeRolegate(settings: Settings, overrides: ComposeOverrides = {}): Promise<Rolegate> {
  const logger = overrides.logger ?? createLogger(settings.logLevel);
  const clock: Clock = overrides.clock ?? { now: () => Date.now() };
  const directory = createDirectory(loadDirectoryData(settings.configDir));
  const store = overrides.store ?? (await openStore(settings, clock, logger));
  if (settings.developmentKey) {
    logger.warn('ROLEGATE_MASTER_KEY is not set: using the built-in DEVELOPMENT key. Never use this outside development.');
  }
  const services = createStsServices({
    directory,
    store,
    clock,
    random: { bytes: (n) => randomBytes(n) },
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
  const sts = createStsHandler({ services, allowedRegions: settings.allowedRegions });
  const app = createApp({ logger, store, metrics, sts, trustProxy: settings.trustProxy });
  return {
    app,
    store,
    services,
    logger,
    close: async () => {
      await stopRevocationFeed();
      await store.close();
    },
  };
}

async function openStore(settings: Settings, clock: Clock, logger: Logger): Promise<KeyValueStore> {
  if (!settings.redisUrl) {
    logger.warn(
      '*** REDIS_URL is not set: using the IN-MEMORY store. Sessions are lost on restart and not shared between instances. For development only. ***',
    );
    return createMemoryStore({ clock });
  }
  const store = await createRedisStore({ url: settings.redisUrl, logger });
  const policy = await store.evictionPolicy().catch(() => 'unknown');
  if (policy !== 'noeviction') {
    logger.warn({ maxmemoryPolicy: policy }, 'Redis maxmemory-policy is not "noeviction": an evicted revocation or replay marker could bring a credential back. Set maxmemory-policy noeviction.');
  }
  return store;
}
