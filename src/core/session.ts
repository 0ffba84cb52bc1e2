/**
 * @module core/session — what a temporary credential stands for.
 *
 * A session is stored under its access key id. It holds no usable secret: the secret access key
 * is derived from the server master key and `salt`, and the session token is kept only as a
 * SHA-256 digest (DESIGN.md, "Data in Redis").
 */

export type SessionKind = 'assumed-role' | 'session-token' | 'federated-user';

export interface SessionPolicyRef {
  /** Display id, e.g. `session#inline` or the managed policy ARN. */
  readonly id: string;
  /** Policy JSON text (inline), or empty for a managed ARN (resolved from the directory at use). */
  readonly text?: string;
  readonly arn?: string;
}

export interface MfaInfo {
  /** Epoch ms of the successful MFA check. */
  readonly authTime: number;
  readonly serial: string;
}

export interface Session {
  readonly v: 1;
  readonly kind: SessionKind;
  readonly accessKeyId: string;
  /** base64url salt used to derive the secret access key. */
  readonly salt: string;
  /** hex SHA-256 of the session token. */
  readonly tokenSha256: string;
  /** Account of the principal (the role's account for role sessions). */
  readonly account: string;
  /** Principal ARN: assumed-role / federated-user ARN, or the IAM user ARN for GetSessionToken. */
  readonly arn: string;
  /** `AROA…:session`, `ACCT:name` or the user's `AIDA…` id. */
  readonly userId: string;
  readonly roleArn?: string;
  readonly roleName?: string;
  /** The IAM user behind a GetSessionToken / GetFederationToken session. */
  readonly userArn?: string;
  readonly sessionName: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly sourceIdentity?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly transitiveTagKeys: readonly string[];
  readonly sessionPolicies?: readonly SessionPolicyRef[];
  readonly mfa?: MfaInfo;
  /** True when this session was obtained with role-session credentials (role chaining). */
  readonly chained: boolean;
  /** ARN of the principal that created this session. */
  readonly issuedBy: string;
  /** The long-term identity at the start of a chain of sessions (an IAM user ARN), for revocation by principal. */
  readonly origin?: string;
  /** Federated provider, for sessions from SAML / web identity (`aws:FederatedProvider`). */
  readonly federatedProvider?: string;
  /** Condition keys from the federated login that survive into later requests (saml:sub, …:aud, …). */
  readonly federatedContext?: Readonly<Record<string, string | readonly string[]>>;
  /** Identifier of the upstream login this session derives from (revocation by login). */
  readonly loginId?: string;
}

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}
