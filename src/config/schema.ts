/**
 * @module config/schema — the shape of the files under `config/`, validated with zod.
 *
 * One file per account (`config/accounts/*.json`) describes its alias, IAM users, groups, roles and
 * customer managed policies. Policy documents are kept as JSON objects here and parsed by the
 * policy engine at load time, so a malformed policy stops start-up with its file and path.
 */
import { z } from 'zod';
import { samlProviderSchema } from './saml-schema.js';
import { instanceProfileSchema, instanceSchema } from './instance-schema.js';
import { bucketSchema } from './bucket-schema.js';
import { oidcProviderSchema } from './oidc-schema.js';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit account id');
const iamName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be 1-64 characters of letters, digits and _+=,.@-');
const iamPath = z
  .string()
  .regex(/^\/([\x21-\x7e]*\/)?$/, 'must start and end with "/"')
  .max(512)
  .default('/');
const tagMap = z.record(
  z.string().min(1).max(128).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'invalid tag key'),
  z.string().max(256),
);
const policyDocument = z.record(z.string(), z.unknown());
const inlinePolicies = z.record(iamName, policyDocument).default({});
const policyArn = z.string().regex(/^arn:aws:iam::(\d{12}|aws):policy\/([\x21-\x7e]*\/)?[\w+=,.@-]+$/, 'must be a policy ARN');

export const accessKeySchema = z.strictObject({
  id: z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'must be AKIA followed by 16 upper-case letters or digits'),
  secret: z.string().regex(/^[A-Za-z0-9+/]{40}$/, 'must be 40 base64 characters'),
  status: z.enum(['Active', 'Inactive']).default('Active'),
});

export const mfaDeviceSchema = z.strictObject({
  serial: z.string().regex(/^arn:aws:iam::\d{12}:mfa\/[\w+=,.@-]+$/, 'must be an MFA device ARN'),
  /** Base32 TOTP seed (RFC 6238, SHA-1, 6 digits, 30 s). */
  seed: z.string().regex(/^[A-Z2-7]{16,}=*$/, 'must be a base32 TOTP seed of at least 16 characters'),
});

export const userSchema = z.strictObject({
  name: iamName,
  path: iamPath,
  groups: z.array(iamName).default([]),
  accessKeys: z.array(accessKeySchema).max(2).default([]),
  /** Console password (demo configuration only; prefer `passwordHash`). */
  password: z.string().min(8).optional(),
  /** scrypt hash as `scrypt$N$r$p$saltB64$hashB64`. */
  passwordHash: z.string().startsWith('scrypt$').optional(),
  mfaDevices: z.array(mfaDeviceSchema).default([]),
  inlinePolicies,
  managedPolicies: z.array(policyArn).max(20).default([]),
  permissionsBoundary: policyArn.optional(),
  tags: tagMap.default({}),
});

export const groupSchema = z.strictObject({
  name: iamName,
  path: iamPath,
  inlinePolicies,
  managedPolicies: z.array(policyArn).max(20).default([]),
});

export const roleSchema = z.strictObject({
  name: iamName,
  path: iamPath,
  description: z.string().max(1000).optional(),
  trustPolicy: policyDocument,
  inlinePolicies,
  managedPolicies: z.array(policyArn).max(20).default([]),
  permissionsBoundary: policyArn.optional(),
  /** 1 to 12 hours (IAM MaxSessionDuration). */
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  tags: tagMap.default({}),
});

export const managedPolicySchema = z.strictObject({
  name: iamName,
  path: iamPath,
  description: z.string().max(1000).optional(),
  document: policyDocument,
});

export const accountFileSchema = z.strictObject({
  id: accountId,
  alias: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'must be 3-63 lower-case letters, digits and single hyphens'),
  users: z.array(userSchema).default([]),
  groups: z.array(groupSchema).default([]),
  roles: z.array(roleSchema).default([]),
  policies: z.array(managedPolicySchema).default([]),
  /** SAML identity providers this account trusts (`arn:aws:iam::ACCOUNT:saml-provider/NAME`). */
  samlProviders: z.array(samlProviderSchema).default([]),
  /** Instance profiles (each hands one role of this account to EC2 instances; the role must trust ec2.amazonaws.com). */
  instanceProfiles: z.array(instanceProfileSchema).default([]),
  /** Simulated EC2 instances (config/instance-schema.ts). */
  instances: z.array(instanceSchema).default([]),
  /** Simulated S3 buckets owned by this account (config/bucket-schema.ts). */
  buckets: z.array(bucketSchema).default([]),
  /** OpenID Connect providers this account trusts (`arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH`; config/oidc-schema.ts). */
  oidcProviders: z.array(oidcProviderSchema).default([]),
});

/** AWS managed policies shipped with rolegate (`arn:aws:iam::aws:policy/NAME`). */
export const awsManagedPoliciesFileSchema = z.strictObject({
  policies: z.array(managedPolicySchema),
});

export type AccountFile = z.infer<typeof accountFileSchema>;
export type UserConfig = z.infer<typeof userSchema>;
export type GroupConfig = z.infer<typeof groupSchema>;
export type RoleConfig = z.infer<typeof roleSchema>;
export type ManagedPolicyConfig = z.infer<typeof managedPolicySchema>;
export type AccessKeyConfig = z.infer<typeof accessKeySchema>;
export type MfaDeviceConfig = z.infer<typeof mfaDeviceSchema>;
