/**
 * @module config/vending-settings — deployment settings of the credential-vending listener(s).
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `IMDS_PORT` | `8082` | port of the instance-metadata + container-credentials listener; `off` disables it |
 * | `IMDS_HOST` | `127.0.0.1` | its address: loopback only, the analogue of IMDS's hop limit of 1 |
 * | `ROLEGATE_IMDS_INSTANCE` | first instance with a profile | instance served when a token request names none |
 * | `IMDS_INSTANCE_PORTS` | – | `i-…=8083,i-…=8084`: extra listeners, each pinned to one instance |
 * | `IMDS_ALLOWED_HOSTS` | – | extra `Host` header names accepted (DNS-rebinding guard) |
 * | `ROLEGATE_VENDING_SESSION_SECONDS` | `21600` | lifetime of instance / container sessions, capped at the role's maximum |
 */
import { z } from 'zod';
import type { Directory } from '../core/index.js';
import { ConfigError, formatPath, type ConfigIssue } from './config-error.js';
import { instanceIdPattern } from './instance-schema.js';

export interface PinnedListener {
  readonly instanceId: string;
  readonly port: number;
}

export interface VendingSettings {
  /** Port of the IMDS/container listener; undefined when disabled (`IMDS_PORT=off`). 0 = ephemeral. */
  readonly imdsPort: number | undefined;
  readonly imdsHost: string;
  /** Instance for token requests that do not name one; undefined = first configured instance with a profile. */
  readonly defaultInstance: string | undefined;
  readonly pinnedListeners: readonly PinnedListener[];
  /** Host header names accepted besides the loopback and link-local metadata addresses. */
  readonly extraAllowedHosts: readonly string[];
  /** Requested lifetime of vended sessions (the role's maxSessionDuration caps it). */
  readonly sessionSeconds: number;
}

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  IMDS_PORT: z.union([z.literal('off'), port]).default(8082),
  IMDS_HOST: z.string().min(1).default('127.0.0.1'),
  ROLEGATE_IMDS_INSTANCE: z.string().regex(instanceIdPattern, 'must be an instance id (i-…)').optional(),
  IMDS_INSTANCE_PORTS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const pinned: PinnedListener[] = [];
      for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
        const match = /^(i-[0-9a-f]{8}(?:[0-9a-f]{9})?)=(\d{1,5})$/.exec(part);
        if (!match || Number(match[2]) > 65535) {
          ctx.addIssue({ code: 'custom', message: `"${part.slice(0, 64)}" is not i-INSTANCE=PORT` });
          return z.NEVER;
        }
        pinned.push({ instanceId: match[1]!, port: Number(match[2]) });
      }
      return pinned;
    }),
  IMDS_ALLOWED_HOSTS: z.string().default(''),
  ROLEGATE_VENDING_SESSION_SECONDS: z.coerce.number().int().min(3600).max(43200).default(21600),
});

export function loadVendingSettings(env: NodeJS.ProcessEnv): VendingSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ file: 'environment', path: formatPath(i.path), message: i.message })));
  }
  const e = parsed.data;
  return {
    imdsPort: e.IMDS_PORT === 'off' ? undefined : e.IMDS_PORT,
    imdsHost: e.IMDS_HOST,
    defaultInstance: e.ROLEGATE_IMDS_INSTANCE,
    pinnedListeners: e.IMDS_INSTANCE_PORTS,
    extraAllowedHosts: e.IMDS_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    sessionSeconds: e.ROLEGATE_VENDING_SESSION_SECONDS,
  };
}

/** Every instance named in the settings must exist in the configuration. */
export function checkVendingSettings(settings: VendingSettings, directory: Directory): void {
  const issues: ConfigIssue[] = [];
  if (settings.defaultInstance !== undefined && !directory.instance(settings.defaultInstance)) {
    issues.push({ file: 'environment', path: 'ROLEGATE_IMDS_INSTANCE', message: `unknown instance "${settings.defaultInstance}"` });
  }
  const ports = new Set<number>();
  for (const pinned of settings.pinnedListeners) {
    if (!directory.instance(pinned.instanceId)) {
      issues.push({ file: 'environment', path: 'IMDS_INSTANCE_PORTS', message: `unknown instance "${pinned.instanceId}"` });
    }
    if (pinned.port !== 0 && (ports.has(pinned.port) || pinned.port === settings.imdsPort)) {
      issues.push({ file: 'environment', path: 'IMDS_INSTANCE_PORTS', message: `port ${pinned.port} is used twice` });
    }
    ports.add(pinned.port);
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
