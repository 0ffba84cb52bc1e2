/**
 * @module config/settings — deployment settings from the environment (the only reader of process.env).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, formatPath } from './config-error.js';
import { loadWebIdentitySettings, type WebIdentitySettings } from './web-identity-settings.js';

export interface Settings {
  readonly configDir: string;
  readonly port: number;
  readonly host: string;
  /** Port of the S3-compatible demo service (`S3_PORT`, default 8081; `off` disables it; 0 = ephemeral). */
  readonly s3Port: number | undefined;
  /** Address of the S3-compatible listener (`S3_HOST`, default 127.0.0.1). */
  readonly s3Host: string;
  readonly publicUrl: string;
  readonly redisUrl: string | undefined;
  /** Namespace of every Redis key (default `rg:`). */
  readonly redisPrefix: string;
  readonly masterKey: Buffer;
  /** True when the master key is the built-in development key. */
  readonly developmentKey: boolean;
  readonly production: boolean;
  readonly logLevel: string;
  /** Regions accepted in SigV4 credential scopes; empty = any. */
  readonly allowedRegions: readonly string[];
  readonly trustProxy: boolean;
  /** Clients allowed to call the token introspection endpoint (RFC 7662 §2.1 requires authentication). */
  readonly introspectionClients: ReadonlyMap<string, string>;
  /** SAML SP settings (README "SAML 2.0 single sign-on"). */
  readonly saml: SamlSettings;
  /** Built-in web identity providers and the development simulators (config/web-identity-settings.ts). */
  readonly webIdentity: WebIdentitySettings;
}

export interface SamlSettings {
  /** Our SP entity id: the Audience every assertion must name. */
  readonly spEntityId: string;
  /** PEM files of the SP signing (AuthnRequests) and encryption (assertions) key pairs. */
  readonly signingKeyFile: string;
  readonly signingCertFile: string;
  readonly encryptionKeyFile: string;
  readonly encryptionCertFile: string;
  /** True when the SP keys are the development ones under certs/. */
  readonly developmentKeys: boolean;
  /** The built-in corporate directory IdP (`/idp/saml`): on by default except with NODE_ENV=production. */
  readonly builtinIdp: boolean;
  readonly builtinIdpKeyFile: string;
  readonly builtinIdpCertFile: string;
  /** Extra trust anchors (PEM file) for `metadataUrl` fetches, for IdPs behind a private CA. */
  readonly metadataCaFile?: string;
  /** Bounds of the `metadataUrl` refresh interval, seconds. */
  readonly metadataRefreshMinSeconds: number;
  readonly metadataRefreshMaxSeconds: number;
}

const envSchema = z.object({
  ROLEGATE_CONFIG: z.string().default('config'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  S3_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(8081),
  S3_HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  ROLEGATE_REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 characters of letters, digits and _.:-').default('rg:'),
  ROLEGATE_MASTER_KEY: z.string().optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLEGATE_ALLOWED_REGIONS: z.string().default(''),
  ROLEGATE_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  ROLEGATE_INTROSPECTION_CLIENTS: z
    .string()
    .regex(/^([\w.-]{1,64}:[^,\s]{16,256})(,[\w.-]{1,64}:[^,\s]{16,256})*$/, 'must be id:secret[,id:secret…] with secrets of at least 16 characters')
    .optional(),
  ROLEGATE_SAML_SP_ENTITY_ID: z.string().min(1).max(1024).optional(),
  ROLEGATE_SAML_SIGNING_KEY_FILE: z.string().optional(),
  ROLEGATE_SAML_SIGNING_CERT_FILE: z.string().optional(),
  ROLEGATE_SAML_ENCRYPTION_KEY_FILE: z.string().optional(),
  ROLEGATE_SAML_ENCRYPTION_CERT_FILE: z.string().optional(),
  ROLEGATE_BUILTIN_IDP: z.enum(['on', 'off']).optional(),
  ROLEGATE_BUILTIN_IDP_KEY_FILE: z.string().optional(),
  ROLEGATE_BUILTIN_IDP_CERT_FILE: z.string().optional(),
  ROLEGATE_SAML_METADATA_CA_FILE: z.string().optional(),
  ROLEGATE_SAML_METADATA_REFRESH_MIN_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
  ROLEGATE_SAML_METADATA_REFRESH_MAX_SECONDS: z.coerce.number().int().min(60).max(7 * 86400).default(86400),
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
    s3Port: e.S3_PORT === 'off' ? undefined : e.S3_PORT,
    s3Host: e.S3_HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.ROLEGATE_REDIS_PREFIX,
    masterKey,
    developmentKey: e.ROLEGATE_MASTER_KEY === undefined,
    production,
    logLevel: e.LOG_LEVEL,
    allowedRegions: e.ROLEGATE_ALLOWED_REGIONS.split(',').map((r) => r.trim()).filter(Boolean),
    trustProxy: e.ROLEGATE_TRUST_PROXY === 'true',
    // Development default: one demo client. In production there is none unless configured.
    introspectionClients: new Map(
      (e.ROLEGATE_INTROSPECTION_CLIENTS ?? (production ? '' : 'demo-app:demo-app-introspection-secret'))
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)] as [string, string]),
    ),
    saml: {
      spEntityId: e.ROLEGATE_SAML_SP_ENTITY_ID ?? 'urn:amazon:webservices',
      signingKeyFile: resolve(e.ROLEGATE_SAML_SIGNING_KEY_FILE ?? 'certs/sp-signing.key'),
      signingCertFile: resolve(e.ROLEGATE_SAML_SIGNING_CERT_FILE ?? 'certs/sp-signing.crt'),
      encryptionKeyFile: resolve(e.ROLEGATE_SAML_ENCRYPTION_KEY_FILE ?? 'certs/sp-encryption.key'),
      encryptionCertFile: resolve(e.ROLEGATE_SAML_ENCRYPTION_CERT_FILE ?? 'certs/sp-encryption.crt'),
      developmentKeys: e.ROLEGATE_SAML_SIGNING_KEY_FILE === undefined || e.ROLEGATE_SAML_ENCRYPTION_KEY_FILE === undefined,
      builtinIdp: e.ROLEGATE_BUILTIN_IDP ? e.ROLEGATE_BUILTIN_IDP === 'on' : !production,
      builtinIdpKeyFile: resolve(e.ROLEGATE_BUILTIN_IDP_KEY_FILE ?? 'certs/dev-idp-signing.key'),
      builtinIdpCertFile: resolve(e.ROLEGATE_BUILTIN_IDP_CERT_FILE ?? 'certs/dev-idp-signing.crt'),
      ...(e.ROLEGATE_SAML_METADATA_CA_FILE ? { metadataCaFile: resolve(e.ROLEGATE_SAML_METADATA_CA_FILE) } : {}),
      metadataRefreshMinSeconds: e.ROLEGATE_SAML_METADATA_REFRESH_MIN_SECONDS,
      metadataRefreshMaxSeconds: Math.max(e.ROLEGATE_SAML_METADATA_REFRESH_MAX_SECONDS, e.ROLEGATE_SAML_METADATA_REFRESH_MIN_SECONDS),
    },
    webIdentity: loadWebIdentitySettings(env),
  };
}
