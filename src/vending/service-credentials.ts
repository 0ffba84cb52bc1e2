/**
 * @module vending/service-credentials — role credentials for services, minted by the core and
 * rotated well before they expire.
 *
 * Minting: every credential goes through the one assume-role use case with a service source
 * (`ec2.amazonaws.com` for an instance, `ecs-tasks.amazonaws.com` for a container token), so the
 * role's trust policy decides, the session is stored and audited like any other, and it carries a
 * `loginId` (`instance:i-…`, `container:<token id>`) so it can be revoked by login.
 *
 * Rotation (documented in the README): a session lasts `min(ROLEGATE_VENDING_SESSION_SECONDS
 * (6 h), role's maxSessionDuration)`. The cache hands out the current credential while more than
 * 30 minutes of it remain, then mints a fresh one — so a client always receives at least 30
 * minutes (more than the SDKs' own refresh margins: JS 5 min, botocore 15/10 min) and never less
 * than 5. A credential whose session was revoked or is gone from the store is replaced at once.
 * Concurrent requests for the same key share one minting (single flight).
 *
 * The cache lives in process memory only: the store never holds a usable session token.
 */
import { assumeRole, type Clock, type StsServices } from '../core/index.js';

export interface VendedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly sessionArn: string;
}

export interface ServiceCredentialRequest {
  /** Service principal presented to the trust policy. */
  readonly service: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly loginId: string;
  /** Requested lifetime; capped at the role's maximum (and raised to STS's 900 s minimum). */
  readonly durationSeconds: number;
  readonly sourceIp?: string;
}

/** Served credentials keep at least this much lifetime; below it a fresh one is minted. */
export const REFRESH_BEFORE_MS = 30 * 60 * 1000;
/** Hard floor: nothing with less lifetime than this is ever handed out. */
export const MINIMUM_REMAINING_MS = 5 * 60 * 1000;

export async function issueServiceCredentials(services: StsServices, request: ServiceCredentialRequest): Promise<VendedCredentials> {
  const role = services.directory.roleByArn(request.roleArn);
  const max = role?.maxSessionDuration ?? 3600;
  const durationSeconds = Math.max(900, Math.min(request.durationSeconds, max));
  const result = await assumeRole(services, {
    source: { kind: 'service', service: request.service, loginId: request.loginId },
    roleArn: request.roleArn,
    roleSessionName: request.sessionName,
    durationSeconds,
    env: { nowMs: services.clock.now(), ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}) },
  });
  return {
    accessKeyId: result.credentials.accessKeyId,
    secretAccessKey: result.credentials.secretAccessKey,
    sessionToken: result.credentials.sessionToken,
    issuedAt: result.session.issuedAt,
    expiresAt: result.session.expiresAt,
    accountId: result.role.account,
    roleArn: result.role.arn,
    roleName: result.role.name,
    sessionArn: result.arn,
  };
}

export interface CredentialCache {
  /** The current credential for `key`, minting a fresh one when there is none or it is due for rotation. */
  get(key: string, mint: () => Promise<VendedCredentials>): Promise<VendedCredentials>;
  /** The credential currently held for `key`, without minting (for read-only views). */
  peek(key: string): VendedCredentials | undefined;
  forget(key: string): void;
}

export interface CredentialCacheDependencies {
  readonly clock: Clock;
  /** False when the session behind a cached credential was revoked or has disappeared. */
  readonly stillValid: (credentials: VendedCredentials) => Promise<boolean>;
  readonly refreshBeforeMs?: number;
  /** Entries beyond this are pruned (expired first). */
  readonly maxEntries?: number;
}

export function createCredentialCache(deps: CredentialCacheDependencies): CredentialCache {
  const refreshBeforeMs = Math.max(deps.refreshBeforeMs ?? REFRESH_BEFORE_MS, MINIMUM_REMAINING_MS);
  const maxEntries = deps.maxEntries ?? 10_000;
  const current = new Map<string, VendedCredentials>();
  const pending = new Map<string, Promise<VendedCredentials>>();

  const prune = () => {
    if (current.size < maxEntries) return;
    const now = deps.clock.now();
    for (const [key, value] of current) if (value.expiresAt <= now) current.delete(key);
    while (current.size >= maxEntries) {
      const oldest = current.keys().next();
      if (oldest.done) break;
      current.delete(oldest.value);
    }
  };

  async function fresh(key: string, mint: () => Promise<VendedCredentials>): Promise<VendedCredentials> {
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const promise = (async () => {
      const minted = await mint();
      if (minted.expiresAt - deps.clock.now() < MINIMUM_REMAINING_MS) {
        throw new TypeError('minted credentials are already too close to expiry');
      }
      prune();
      current.set(key, minted);
      return minted;
    })().finally(() => pending.delete(key));
    pending.set(key, promise);
    return promise;
  }

  return {
    async get(key, mint) {
      const held = current.get(key);
      if (held && held.expiresAt - deps.clock.now() > refreshBeforeMs && (await deps.stillValid(held))) return held;
      if (held) current.delete(key);
      return fresh(key, mint);
    },
    peek(key) {
      const held = current.get(key);
      return held && held.expiresAt > deps.clock.now() ? held : undefined;
    },
    forget(key) {
      current.delete(key);
    },
  };
}
