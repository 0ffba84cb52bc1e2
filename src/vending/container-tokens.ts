/**
 * @module vending/container-tokens — authorization tokens of the container-credentials endpoint.
 *
 * A token is bound to one role and one role session name, and is signed (HMAC-SHA256) with a key
 * derived from the server master key: `rgct1.<base64url claims>.<base64url mac>`. It is issued by
 * an operator action (`npm run container-token`, which holds the same master key) and verified
 * without a store lookup, so it works with the in-memory store and across gateway instances alike;
 * the store holds nothing for it, except a revocation marker (`ctok:revoked:<id>`) if one is
 * revoked before it expires. Claims are not secret (role ARN, session name, times); the token as
 * a whole is, like `AWS_CONTAINER_AUTHORIZATION_TOKEN` on ECS.
 *
 * The container's sessions are minted for the service principal `ecs-tasks.amazonaws.com`: the
 * role's trust policy must allow it (checked when the token is issued and again at every minting).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BridgeError } from '../errors.js';
import { checkName, parseRoleArn, type Clock, type Directory, type KeyMaterial, type KeyValueStore, type RandomSource, type StsServices } from '../core/index.js';
import type { ContextValue, PrincipalContext } from '../policy/index.js';

export const CONTAINER_SERVICE_PRINCIPAL = 'ecs-tasks.amazonaws.com';
const PREFIX = 'rgct1';
const MAX_TOKEN_LENGTH = 2048;
export const CONTAINER_TOKEN_MAX_TTL_SECONDS = 7 * 24 * 3600;

export interface ContainerTokenClaims {
  /** Token id (also the `loginId` suffix of its sessions: `container:<jti>`). */
  readonly jti: string;
  readonly role: string;
  readonly session: string;
  /** Epoch seconds. */
  readonly iat: number;
  readonly exp: number;
}

function signingKey(keys: KeyMaterial): Buffer {
  return createHmac('sha256', keys.master).update('rolegate container credentials token v1').digest();
}

function mac(keys: KeyMaterial, payload: string): Buffer {
  return createHmac('sha256', signingKey(keys)).update(`${PREFIX}.${payload}`).digest();
}

export function signContainerToken(keys: KeyMaterial, claims: ContainerTokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}.${payload}.${mac(keys, payload).toString('base64url')}`;
}

const invalid = (detail: string) => new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The authorization token is invalid.', detail });

/** Verifies the signature and expiry; throws INVALID_CLIENT_TOKEN / EXPIRED_TOKEN. */
export function verifyContainerToken(keys: KeyMaterial, token: string, nowMs: number): ContainerTokenClaims {
  if (token.length > MAX_TOKEN_LENGTH) throw invalid('token too long');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1]!) || !/^[A-Za-z0-9_-]+$/.test(parts[2]!)) {
    throw invalid('malformed token');
  }
  const expected = mac(keys, parts[1]!);
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('bad signature');
  let claims: Partial<ContainerTokenClaims>;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Partial<ContainerTokenClaims>;
  } catch {
    throw invalid('unreadable claims');
  }
  if (typeof claims.jti !== 'string' || typeof claims.role !== 'string' || typeof claims.session !== 'string' || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') {
    throw invalid('incomplete claims');
  }
  if (nowMs >= claims.exp * 1000) {
    throw new BridgeError('EXPIRED_TOKEN', { message: 'The authorization token has expired.', detail: `token ${claims.jti} expired` });
  }
  return claims as ContainerTokenClaims;
}

const revokedKey = (jti: string) => `ctok:revoked:${jti}`;

export async function isContainerTokenRevoked(store: KeyValueStore, claims: ContainerTokenClaims): Promise<boolean> {
  return (await store.get(revokedKey(claims.jti))) !== null;
}

/** Stops a token from minting again (its already-issued sessions are revoked by login `container:<jti>`). */
export async function revokeContainerToken(store: KeyValueStore, claims: ContainerTokenClaims): Promise<void> {
  await store.set(revokedKey(claims.jti), '1', { expiresAtMs: claims.exp * 1000 });
}

export interface IssueContainerTokenDependencies {
  readonly directory: Directory;
  readonly keys: KeyMaterial;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** The core's trust evaluation (`StsServices.evaluateTrust`, i.e. `evaluateTrustPolicy`). */
  readonly evaluateTrust: StsServices['evaluateTrust'];
}

export interface IssuedContainerToken {
  readonly token: string;
  readonly claims: ContainerTokenClaims;
}

/** An operator action: a token for one role session, refused when the role does not trust containers. */
export function issueContainerToken(
  deps: IssueContainerTokenDependencies,
  request: { roleArn: string; sessionName: string; ttlSeconds: number },
): IssuedContainerToken {
  checkName('roleSessionName', request.sessionName, 2, 64);
  if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds < 900 || request.ttlSeconds > CONTAINER_TOKEN_MAX_TTL_SECONDS) {
    throw new BridgeError('VALIDATION', { message: `The token lifetime must be 900 to ${CONTAINER_TOKEN_MAX_TTL_SECONDS} seconds.` });
  }
  if (!parseRoleArn(request.roleArn)) throw new BridgeError('VALIDATION', { message: `${request.roleArn.slice(0, 256)} is not a role ARN.` });
  const role = deps.directory.roleByArn(request.roleArn);
  if (!role) throw new BridgeError('NOT_FOUND', { message: `No role ${request.roleArn.slice(0, 256)}.` });
  const nowMs = deps.clock.now();
  const context: Record<string, ContextValue> = {
    'sts:RoleSessionName': request.sessionName,
    'aws:CurrentTime': new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
  };
  for (const [key, value] of Object.entries(role.tags)) context[`aws:ResourceTag/${key}`] = value;
  const principal: PrincipalContext = { kind: 'service', account: '', arn: CONTAINER_SERVICE_PRINCIPAL, service: CONTAINER_SERVICE_PRINCIPAL };
  const trust = deps.evaluateTrust(principal, 'sts:AssumeRole', role, context);
  if (!trust.allowed) {
    throw new BridgeError('ACCESS_DENIED', {
      message: `Role ${request.roleArn} does not trust the service principal ${CONTAINER_SERVICE_PRINCIPAL} (sts:AssumeRole): ${trust.summary}`,
    });
  }
  const iat = Math.floor(nowMs / 1000);
  const claims: ContainerTokenClaims = {
    jti: deps.random.bytes(16).toString('base64url'),
    role: request.roleArn,
    session: request.sessionName,
    iat,
    exp: iat + request.ttlSeconds,
  };
  return { token: signContainerToken(deps.keys, claims), claims };
}
