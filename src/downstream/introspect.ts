/**
 * @module downstream/introspect — OAuth 2.0 Token Introspection (RFC 7662) for session tokens.
 *
 * Inactive, unknown, expired, revoked and malformed tokens all answer `{"active": false}` and
 * nothing else (RFC 7662 §2.2: no hint why).
 */
import type { StsServices } from '../core/index.js';
import { tokenSession } from '../auth/index.js';

export async function introspectToken(services: StsServices, token: string): Promise<Record<string, unknown>> {
  const found = await tokenSession(services, token);
  if (!found) return { active: false };
  const { claims, session } = found;
  return {
    active: true,
    token_type: 'aws_session_token',
    iss: claims.iss,
    sub: session.arn,
    aud: claims.aud,
    iat: claims.iat,
    exp: Math.floor(session.expiresAt / 1000),
    jti: session.accessKeyId,
    username: session.sessionName,
    account: session.account,
    ...(session.roleArn ? { role_arn: session.roleArn } : {}),
    ...(session.sourceIdentity ? { source_identity: session.sourceIdentity } : {}),
    ...(Object.keys(session.tags).length > 0 ? { tags: session.tags } : {}),
  };
}
