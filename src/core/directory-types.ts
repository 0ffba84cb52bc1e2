/**
 * @module core/directory-types — the IAM directory model: accounts, users, groups, roles, policies.
 */
import type { NamedPolicy } from '../policy/index.js';

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

export interface DirectoryData {
  readonly accounts: readonly Account[];
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly roles: readonly Role[];
  readonly managedPolicies: readonly ManagedPolicy[];
}
