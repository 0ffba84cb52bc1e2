/**
 * @module core/directory-types — the IAM directory model: accounts, users, groups, roles, policies.
 */
import type { NamedPolicy } from '../policy/index.js';
import type { Bucket } from './resources/types.js';

export interface Account {
  readonly id: string;
  readonly alias: string;
}

export interface AccessKey {
  readonly id: string;
  readonly secret: string;
  readonly status: 'Active' | 'Inactive';
}

export interface MfaDevice {
  readonly serial: string;
  /** Base32 TOTP seed. */
  readonly seed: string;
}

export interface User {
  readonly account: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** `AIDA…`, stable across restarts. */
  readonly uniqueId: string;
  readonly groups: readonly string[];
  readonly accessKeys: readonly AccessKey[];
  readonly password?: string;
  readonly passwordHash?: string;
  readonly mfaDevices: readonly MfaDevice[];
  readonly inlinePolicies: readonly NamedPolicy[];
  readonly managedPolicyArns: readonly string[];
  readonly boundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Group {
  readonly account: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly inlinePolicies: readonly NamedPolicy[];
  readonly managedPolicyArns: readonly string[];
}

export interface Role {
  readonly account: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** `AROA…`, stable across restarts. */
  readonly uniqueId: string;
  readonly description?: string;
  readonly trustPolicy: NamedPolicy;
  readonly inlinePolicies: readonly NamedPolicy[];
  readonly managedPolicyArns: readonly string[];
  readonly boundaryArn?: string;
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ManagedPolicy {
  readonly arn: string;
  readonly name: string;
  /** Owning account id, or `aws` for AWS managed policies. */
  readonly account: string;
  readonly policy: NamedPolicy;
}

/** An IAM instance profile: the container that hands one role to EC2 instances. */
export interface InstanceProfile {
  readonly account: string;
  readonly name: string;
  readonly path: string;
  /** `arn:aws:iam::ACCT:instance-profile/PATH/NAME`. */
  readonly arn: string;
  /** `AIPA…`, stable across restarts. */
  readonly uniqueId: string;
  readonly roleName: string;
  readonly roleArn: string;
}

/** A simulated EC2 instance. */
export interface Instance {
  readonly account: string;
  /** `i-` + 8 or 17 hex digits; also the role session name of its instance-profile credentials. */
  readonly id: string;
  /** `arn:aws:ec2:REGION:ACCT:instance/ID`. */
  readonly arn: string;
  /** The `Name` tag. */
  readonly name: string;
  readonly instanceType: string;
  readonly region: string;
  readonly availabilityZone: string;
  /** Name of the instance profile of the same account, when the instance has one. */
  readonly instanceProfile?: string;
  /** EC2 `HttpTokens`: `required` = IMDSv2 only. */
  readonly httpTokens: 'required' | 'optional';
  readonly tags: Readonly<Record<string, string>>;
}

/** One ordered attribute → role mapping rule of a SAML provider. */
export interface SamlMappingRule {
  readonly attribute: string;
  readonly op: 'equals' | 'contains' | 'startsWith' | 'matches';
  readonly value: string;
  /** Role ARN granted when the rule matches (in the provider's account). */
  readonly role: string;
}

/** A SAML identity provider trusted by one account (`arn:aws:iam::ACCT:saml-provider/NAME`). */
export interface SamlProvider {
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  /** The IdP's entity id: the Issuer of its responses. */
  readonly entityId: string;
  readonly ssoUrl?: string;
  readonly sloUrl?: string;
  /** Pinned PEM certificates (several for rollover). KeyInfo in messages is never trusted. */
  readonly signingCerts: readonly string[];
  readonly allowIdpInitiated: boolean;
  readonly wantResponseSigned: boolean;
  readonly wantAssertionSigned: boolean;
  readonly allowSha1: boolean;
  readonly clockSkewMs: number;
  readonly useRoleAttribute: boolean;
  readonly roleMapping: readonly SamlMappingRule[];
  readonly onMultipleRoles: 'ask' | 'deny' | 'default';
  readonly defaultRole?: string;
}

export interface DirectoryData {
  readonly accounts: readonly Account[];
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly roles: readonly Role[];
  readonly managedPolicies: readonly ManagedPolicy[];
  readonly samlProviders?: readonly SamlProvider[];
  readonly instanceProfiles?: readonly InstanceProfile[];
  readonly instances?: readonly Instance[];
  /** Simulated S3 buckets (core/resources), keyed by their globally unique names. */
  readonly buckets?: readonly Bucket[];
}
