/**
 * @module oidc/token-exchange — OAuth 2.0 Token Exchange (RFC 8693) for apps without an AWS SDK.
 *
 * `POST /oauth2/token` with `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`,
 * `subject_token` (an ID token, or a Facebook / Login with Amazon access token with
 * `subject_token_type=urn:ietf:params:oauth:token-type:access_token` and `provider_id`), and the role
 * as `audience` or `resource` (a role ARN). Without a role, the provider's mapping rules pick it
 * (src/oidc/mapping.ts). The verified token goes through the same validator and the same core
 * assume-role use case as AssumeRoleWithWebIdentity. Answers JSON: the temporary credentials and
 * their expiry, or an OAuth error (RFC 6749 §5.2, RFC 8693 §2.2.2).
 */
import { assumeRole, type RequestEnvironment, type StsServices } from '../core/index.js';
import { BridgeError, toBridgeError, type ErrorCode } from '../errors.js';
import { allowedRoles, resolveMapping } from './mapping.js';
import type { WebIdentityCheck } from './web-identity.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const JWT = 'urn:ietf:params:oauth:token-type:jwt';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
/** The issued token type: AWS temporary credentials (the `access_token` member carries the session token). */
export const ISSUED_TOKEN_TYPE = 'urn:rolegate:params:oauth:token-type:aws-credentials';

export interface TokenExchangeResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** Catalog code for logs (errors only). */
  readonly errorCode?: ErrorCode;
  readonly errorDetail?: string;
}

interface OAuthWire {
  readonly error: string;
  readonly status: number;
}

/** Catalog code → OAuth error. Anything not listed is a server_error (500). */
const OAUTH_ERRORS: Partial<Record<ErrorCode, OAuthWire>> = {
  INVALID_IDENTITY_TOKEN: { error: 'invalid_grant', status: 400 },
  EXPIRED_IDENTITY_TOKEN: { error: 'invalid_grant', status: 400 },
  IDP_REJECTED_CLAIM: { error: 'invalid_grant', status: 400 },
  IDP_COMMUNICATION: { error: 'temporarily_unavailable', status: 503 },
  ACCESS_DENIED: { error: 'invalid_target', status: 400 },
  VALIDATION: { error: 'invalid_request', status: 400 },
  MISSING_PARAMETER: { error: 'invalid_request', status: 400 },
  MALFORMED_POLICY: { error: 'invalid_request', status: 400 },
  PACKED_POLICY_TOO_LARGE: { error: 'invalid_request', status: 400 },
  INVALID_ACTION: { error: 'unsupported_grant_type', status: 400 },
  REQUEST_TOO_LARGE: { error: 'invalid_request', status: 413 },
  STORE_UNAVAILABLE: { error: 'temporarily_unavailable', status: 503 },
  THROTTLED: { error: 'temporarily_unavailable', status: 503 },
};

export function oauthErrorResponse(thrown: unknown): TokenExchangeResponse {
  const error = toBridgeError(thrown);
  const wire = OAUTH_ERRORS[error.code] ?? { error: 'server_error', status: 500 };
  const description = wire.error === 'server_error' ? 'An internal error occurred.' : error.message;
  return { status: wire.status, body: { error: wire.error, error_description: description }, errorCode: error.code, ...(error.detail ? { errorDetail: error.detail } : {}) };
}

const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;

export function createTokenExchange(deps: { readonly services: StsServices; readonly check: WebIdentityCheck }) {
  return async function exchange(form: URLSearchParams, env: RequestEnvironment): Promise<TokenExchangeResponse> {
    try {
      const one = (name: string): string | undefined => {
        const values = form.getAll(name);
        if (values.length > 1) throw new BridgeError('VALIDATION', { message: `${name} must be given once` });
        return values[0];
      };
      if (one('grant_type') !== TOKEN_EXCHANGE_GRANT) throw new BridgeError('INVALID_ACTION', { message: `grant_type must be ${TOKEN_EXCHANGE_GRANT}` });
      const subjectToken = one('subject_token');
      const subjectTokenType = one('subject_token_type');
      if (!subjectToken) throw new BridgeError('MISSING_PARAMETER', { message: 'subject_token is required' });
      if (!subjectTokenType || ![ID_TOKEN, JWT, ACCESS_TOKEN].includes(subjectTokenType)) {
        throw new BridgeError('VALIDATION', { message: `subject_token_type must be ${ID_TOKEN}, ${JWT} or ${ACCESS_TOKEN}` });
      }
      if (one('actor_token') !== undefined) throw new BridgeError('VALIDATION', { message: 'actor_token (delegation) is not supported' });
      const providerId = one('provider_id');
      if (subjectTokenType === ACCESS_TOKEN && !providerId) throw new BridgeError('VALIDATION', { message: 'provider_id (graph.facebook.com or www.amazon.com) is required for access tokens' });
      if (subjectTokenType !== ACCESS_TOKEN && providerId) throw new BridgeError('VALIDATION', { message: 'provider_id is only for access tokens' });
      const audience = one('audience');
      const resource = one('resource');
      if (audience && resource && audience !== resource) throw new BridgeError('VALIDATION', { message: 'audience and resource name different roles' });
      const named = audience ?? resource;
      if (named !== undefined && !ROLE_ARN.test(named)) throw new BridgeError('ACCESS_DENIED', { message: 'The audience/resource must be a role ARN.' });
      const duration = one('requested_duration_seconds');
      const durationSeconds = duration === undefined ? undefined : /^\d{3,5}$/.test(duration) ? Number(duration) : NaN;
      if (Number.isNaN(durationSeconds)) throw new BridgeError('VALIDATION', { message: 'requested_duration_seconds must be an integer' });

      // The role decides which account's OIDC providers apply; with no role, the provider's mapping rules pick it.
      const verified = await deps.check({ token: subjectToken, ...(named ? { roleArn: named } : {}), ...(providerId ? { providerId } : {}) });
      let roleArn = named;
      if (verified.mapping) {
        if (roleArn === undefined) {
          const outcome = resolveMapping(verified.mapping, verified.claims);
          if (outcome.kind === 'role') roleArn = outcome.roleArn;
          else if (outcome.kind === 'none') throw new BridgeError('ACCESS_DENIED', { message: 'No mapping rule gives this identity a role.' });
          else if (outcome.kind === 'ambiguous') throw new BridgeError('ACCESS_DENIED', { message: 'Several mapping rules match with different roles and this provider denies ambiguous mappings.' });
          else throw new BridgeError('ACCESS_DENIED', { message: `Several roles are available; name one as audience: ${outcome.roleArns.join(' ')}` });
        } else if (verified.mapping.rules.length > 0 && !allowedRoles(verified.mapping, verified.claims).includes(roleArn)) {
          throw new BridgeError('ACCESS_DENIED', { message: 'The mapping rules do not give this identity that role.' });
        }
      }
      if (roleArn === undefined) throw new BridgeError('MISSING_PARAMETER', { message: 'audience or resource (the role ARN) is required' });
      const roleSessionName = sessionNameOf(one('role_session_name') ?? verified.subject);
      const result = await assumeRole(deps.services, {
        roleArn,
        roleSessionName,
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        ...(verified.tags.length > 0 ? { tags: verified.tags } : {}),
        ...(verified.transitiveTagKeys.length > 0 ? { transitiveTagKeys: verified.transitiveTagKeys } : {}),
        ...(verified.sourceIdentity !== undefined ? { sourceIdentity: verified.sourceIdentity } : {}),
        source: {
          kind: 'federated',
          provider: verified.provider,
          action: 'sts:AssumeRoleWithWebIdentity',
          context: verified.context,
          persistentContext: verified.persistentContext,
          loginId: verified.loginId,
        },
        env,
      });
      const expiresIn = Math.max(0, Math.floor((result.credentials.expiration.getTime() - env.nowMs) / 1000));
      return {
        status: 200,
        body: {
          access_token: result.credentials.sessionToken,
          issued_token_type: ISSUED_TOKEN_TYPE,
          token_type: 'N_A',
          expires_in: expiresIn,
          credentials: {
            AccessKeyId: result.credentials.accessKeyId,
            SecretAccessKey: result.credentials.secretAccessKey,
            SessionToken: result.credentials.sessionToken,
            Expiration: result.credentials.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          },
          assumed_role_user: { arn: result.arn, assumed_role_id: result.assumedRoleId },
          subject: verified.subject,
          provider: verified.responseProvider,
          audience: verified.audience,
        },
      };
    } catch (error) {
      return oauthErrorResponse(error);
    }
  };
}

/** A RoleSessionName from free text: the allowed characters only, 2..64 long. */
function sessionNameOf(text: string): string {
  const cleaned = text.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}
