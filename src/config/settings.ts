/**
 * @module config/settings — deployment settings from the environment (the only reader of process.env).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, formatPath } from './config-error.js';

export interface Settings {
  readonly configDir: string;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly redisUrl: string | undefined;
  readonly masterKey: Buffer;
  /** True when the master key is the built-in development key. */
  readonly developmentKey: boolean;
  readonly production: boolean;
  readonly logLevel: string;
  /** Regions accepted in SigV4 credential scopes; empty = any. */
  readonly allowedRegions: readonly string[];
  readonly trustProxy: boolean;
}

const envSchema = z.object({
  ROLEGATE_CONFIG: z.string().default('config'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  ROLEGATE_MASTER_KEY: z.string().optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLEGATE_ALLOWED_REGIONS: z.string().default(''),
  ROLEGATE_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

/**
 * Development master key: fixed so that sessions stored in Redis survive a restart on a laptop.
 * Production refuses to start without `ROLEGATE_MASTER_KEY`.
 */
const DEVELOPMENT_MASTER_KEY = createHash('sha256').update('rolegate development master key — not for production').digest();

function parseMasterKey(text: string): Buffer | undefined {
  const key = /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length >= 32 ? key : undefined;
}

export function loadSettings(env: NodeJS.ProcessEnv): Settings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ file: 'environment', path: formatPath(i.path), message: i.message })));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  let masterKey: Buffer = DEVELOPMENT_MASTER_KEY;
  if (e.ROLEGATE_MASTER_KEY !== undefined) {
    const key = parseMasterKey(e.ROLEGATE_MASTER_KEY);
    if (!key) throw new ConfigError([{ file: 'environment', path: 'ROLEGATE_MASTER_KEY', message: 'must be at least 32 bytes, hex or base64' }]);
    masterKey = key;
  } else if (production) {
    throw new ConfigError([{ file: 'environment', path: 'ROLEGATE_MASTER_KEY', message: 'is required when NODE_ENV=production' }]);
  }
  return {
    configDir: resolve(e.ROLEGATE_CONFIG),
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    redisUrl: e.REDIS_URL,
    masterKey,
    developmentKey: e.ROLEGATE_MASTER_KEY === undefined,
    production,
    logLevel: e.LOG_LEVEL,
    allowedRegions: e.ROLEGATE_ALLOWED_REGIONS.split(',').map((r) => r.trim()).filter(Boolean),
    trustProxy: e.ROLEGATE_TRUST_PROXY === 'true',
  };
}
