/**
 * @module core/revocation — taking credentials back: by session, principal, role or login.
 *
 * Markers live in the store with the lifetime of the longest session they can affect; a session
 * is revoked when a marker that concerns it is at or after its issue time (the same effect as
 * AWS's `AWSRevokeOlderSessions` deny on `aws:TokenIssueTime`, but for any scope). Every revocation
 * is published so every gateway instance drops its cached sessions at once.
 */
import { BridgeError } from '../errors.js';
import { sha256Hex } from './credential-codec.js';
import type { KeyValueStore } from './ports.js';
import type { Session } from './session.js';

export type RevocationTarget =
  | { readonly scope: 'session'; readonly accessKeyId: string }
  | { readonly scope: 'principal'; readonly principalArn: string }
  | { readonly scope: 'role'; readonly roleArn: string }
  | { readonly scope: 'login'; readonly loginId: string };

export const REVOCATION_CHANNEL = 'revocations';
/** Longest credential lifetime (GetFederationToken/GetSessionToken 36 h) plus the expired-record grace. */
const MARKER_LIFETIME_MS = (36 + 2) * 60 * 60 * 1000;

function markerKey(target: RevocationTarget): string {
  switch (target.scope) {
    case 'session':
      return `rev:sess:${target.accessKeyId}`;
    case 'principal':
      return `rev:principal:${sha256Hex(target.principalArn)}`;
    case 'role':
      return `rev:role:${sha256Hex(target.roleArn)}`;
    case 'login':
      return `rev:login:${sha256Hex(target.loginId)}`;
  }
}

/** The markers that can revoke a session, with what each one means. */
export function markersFor(session: Session): Array<{ key: string; reason: string }> {
  const principals = new Set([session.arn, session.issuedBy, session.userArn, session.origin].filter((p): p is string => !!p));
  return [
    { key: markerKey({ scope: 'session', accessKeyId: session.accessKeyId }), reason: 'the session was revoked' },
    ...[...principals].map((arn) => ({ key: markerKey({ scope: 'principal', principalArn: arn }), reason: `sessions of ${arn} were revoked` })),
    ...(session.roleArn ? [{ key: markerKey({ scope: 'role', roleArn: session.roleArn }), reason: `sessions of role ${session.roleArn} issued before the revocation were revoked` }] : []),
    ...(session.loginId ? [{ key: markerKey({ scope: 'login', loginId: session.loginId }), reason: 'the sign-in this session came from was ended' }] : []),
  ];
}

export interface RevocationStatus {
  readonly revoked: boolean;
  readonly reason?: string;
}

export async function revocationStatus(store: KeyValueStore, session: Session): Promise<RevocationStatus> {
  const markers = markersFor(session);
  const values = await Promise.all(markers.map((m) => store.get(m.key)));
  for (let i = 0; i < markers.length; i++) {
    const value = values[i];
    if (value !== null && value !== undefined && Number(value) >= session.issuedAt) return { revoked: true, reason: markers[i]!.reason };
  }
  return { revoked: false };
}

export async function writeRevocation(store: KeyValueStore, target: RevocationTarget, atMs: number, sessionExpiresAt?: number): Promise<void> {
  const expiresAtMs = target.scope === 'session' && sessionExpiresAt ? sessionExpiresAt + 2 * 60 * 60 * 1000 : atMs + MARKER_LIFETIME_MS;
  await store.set(markerKey(target), String(atMs), { expiresAtMs });
  await store.publish(REVOCATION_CHANNEL, JSON.stringify({ scope: target.scope, at: atMs }));
}

export function describeTarget(target: RevocationTarget): string {
  switch (target.scope) {
    case 'session':
      return `session ${target.accessKeyId}`;
    case 'principal':
      return `sessions of ${target.principalArn}`;
    case 'role':
      return `sessions of role ${target.roleArn}`;
    case 'login':
      return `sessions of login ${target.loginId}`;
  }
}

export function validateTarget(target: RevocationTarget): void {
  const value = target.scope === 'session' ? target.accessKeyId : target.scope === 'principal' ? target.principalArn : target.scope === 'role' ? target.roleArn : target.loginId;
  if (typeof value !== 'string' || value.length < 1 || value.length > 2048) {
    throw new BridgeError('VALIDATION', { message: `A ${target.scope} revocation needs a valid target.` });
  }
}
