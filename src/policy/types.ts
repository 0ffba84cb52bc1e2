/**
 * @module policy/types — the public contract of the pure policy engine.
 *
 * The engine parses IAM JSON policy documents and evaluates requests with the AWS evaluation
 * logic (IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic").
 * It does no I/O and never reads the clock: the time comes in the request context
 * (`aws:CurrentTime`, `aws:EpochTime`).
 */

/** Which role a document plays; it decides which elements are allowed (e.g. Principal only in resource/trust). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

/** A parsed, validated policy document. Opaque to callers outside `policy/`; keep the original text for display. */
export interface PolicyDocument {
  readonly kind: PolicyKind;
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
  /** The source JSON text as given (for display and for DecodeAuthorizationMessage). */
  readonly source: string;
}

export type Effect = 'Allow' | 'Deny';

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser';

export interface PrincipalBlock {
  /** `'*'` alone (Principal: "*"), or the listed values per principal type. */
  readonly wildcard: boolean;
  readonly entries: Readonly<Partial<Record<PrincipalType, readonly string[]>>>;
}

export interface ConditionClause {
  /** Operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operatorText: string;
  /** Condition key as written (keys compare case-insensitively). */
  readonly key: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionClause[];
}

/** A policy with a stable, human-readable identity used in explanations. */
export interface NamedPolicy {
  /** e.g. `arn:aws:iam::111111111111:policy/ProductionAppAccess`, `role/UpdateAPP#trust`, `user/alice#inline/Dev`. */
  readonly id: string;
  readonly document: PolicyDocument;
}

/**
 * Condition-context values. Keys are condition-key names (compared case-insensitively, including
 * the tag-key part of `aws:RequestTag/…`, `aws:PrincipalTag/…`, `aws:ResourceTag/…`). Single-valued
 * keys are strings; multi-valued keys (e.g. `aws:TagKeys`, `saml:edupersonaffiliation`) are arrays.
 * Numbers, booleans and dates are given in their AWS string form ("true", "3600", ISO-8601).
 */
export type ContextValue = string | readonly string[];
export type RequestContextValues = Readonly<Record<string, ContextValue>>;

/**
 * Who makes the request.
 * - `root`: the account root user.
 * - `user`: an IAM user (long-term keys, or GetSessionToken credentials of that user).
 * - `assumed-role`: a role session (arn = `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`, roleArn = the role's IAM ARN).
 * - `federated-user`: GetFederationToken session (arn = `arn:aws:sts::ACCT:federated-user/NAME`, userArn = the calling IAM user).
 * - `federated`: an external identity from a SAML or OIDC provider, used only for trust evaluation
 *   (`federatedProvider` = provider ARN, or `accounts.google.com` / `graph.facebook.com` / `www.amazon.com`).
 * - `service`: an AWS service principal (`service` = e.g. `ec2.amazonaws.com`).
 * - `anonymous`: unauthenticated.
 */
export type PrincipalKind = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'federated' | 'service' | 'anonymous';

export interface PrincipalContext {
  readonly kind: PrincipalKind;
  /** Owning account id (12 digits); empty for anonymous/service/federated-from-outside. */
  readonly account: string;
  /** The principal's own ARN (session ARN for sessions). Empty for anonymous. */
  readonly arn: string;
  /** For `assumed-role`: the role's IAM ARN (with path), e.g. `arn:aws:iam::222222222222:role/UpdateAPP`. */
  readonly roleArn?: string;
  /** For `federated-user`: the IAM user that called GetFederationToken. */
  readonly userArn?: string;
  /** For `federated`: provider ARN or built-in provider name. */
  readonly federatedProvider?: string;
  /** For `service`: the service principal name. */
  readonly service?: string;
}

export interface AuthorizationRequest {
  readonly principal: PrincipalContext;
  /** e.g. `sts:AssumeRole`, `s3:GetObject`. */
  readonly action: string;
  /** Resource ARN (`*` when the action has no resource). */
  readonly resource: string;
  /** Account that owns the resource; cross-account evaluation applies when it differs from principal.account. */
  readonly resourceAccount?: string;
  readonly context: RequestContextValues;
}

export interface PolicySet {
  /** Identity-based policies of the principal (user + its groups, or the role for a role session). */
  readonly identity: readonly NamedPolicy[];
  /** The resource-based policy (bucket policy, or the role's trust policy). */
  readonly resource?: NamedPolicy;
  /** Permissions boundary of the user or role, if any. */
  readonly boundary?: NamedPolicy;
  /**
   * Session policies (inline `Policy` + `PolicyArns`) of a role or federated-user session.
   * `undefined` = no session policy was passed. For `federated-user` principals an absent session
   * policy means no permissions (IAM User Guide, "Policy evaluation logic", step 7).
   */
  readonly session?: readonly NamedPolicy[];
  /**
   * True for role trust policies: the resource policy must always explicitly allow the principal
   * (an identity-policy Allow alone is never enough), and an allow that names only the account
   * (`"AWS": "111111111111"` / `arn:aws:iam::111111111111:root`) delegates to that account's identity
   * policies rather than granting by itself.
   */
  readonly resourcePolicyRequired?: boolean;
}

export type PolicyRole = 'identity' | 'resource' | 'boundary' | 'session';

export type EvalDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface StatementRef {
  readonly policyId: string;
  readonly policyRole: PolicyRole;
  readonly statementIndex: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
}

export type StatementElement =
  | 'Action'
  | 'NotAction'
  | 'Resource'
  | 'NotResource'
  | 'Principal'
  | 'NotPrincipal'
  | 'Condition';

/** Why one statement did not apply. */
export interface ElementMismatch {
  readonly element: StatementElement;
  /** For Condition: operator as written and key. */
  readonly operator?: string;
  readonly key?: string;
  /** Policy values of the failing element/condition. */
  readonly expected: readonly string[];
  /** Request value seen (null = key absent). */
  readonly actual: ContextValue | null;
  /** Readable sentence, e.g. `Condition StringEquals sts:ExternalId: expected one of ["Audit-7f3c9e"], got "wrong"`. */
  readonly message: string;
}

export interface NearMiss extends StatementRef {
  readonly mismatches: readonly ElementMismatch[];
}

/** Per policy role, what it said: `allow`, `deny`, `none` (no applicable statement) or `absent` (no such policy). */
export type RoleVerdict = 'allow' | 'deny' | 'none' | 'absent';

export interface Decision {
  readonly decision: EvalDecision;
  readonly allowed: boolean;
  /** The statements that determined the decision (the Deny statements for ExplicitDeny, the Allow statements that were needed for Allow). */
  readonly determining: readonly StatementRef[];
  /** Every statement that matched, allow or deny. */
  readonly matched: readonly StatementRef[];
  /** For ImplicitDeny: the statement that came closest, and what failed. */
  readonly nearestMiss?: NearMiss;
  /** Condition keys referenced by evaluated statements but absent from the context. */
  readonly missingContextKeys: readonly string[];
  readonly verdicts: Readonly<Record<PolicyRole, RoleVerdict>>;
  /** One or two readable sentences explaining the decision. */
  readonly summary: string;
}
