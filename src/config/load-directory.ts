/**
 * @module config/load-directory — reads `config/` into the core's directory model, validating everything.
 *
 * Every mistake is collected (not just the first) and reported with file, path and reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ZodType } from 'zod';
import { isBridgeError } from '../errors.js';
import { iamArn, stableUniqueId, type Account, type DirectoryData, type Group, type ManagedPolicy, type Role, type User } from '../core/index.js';
import { parsePolicy, type NamedPolicy, type PolicyKind } from '../policy/index.js';
import { ConfigError, formatPath, type ConfigIssue } from './config-error.js';
import { accountFileSchema, awsManagedPoliciesFileSchema, type AccountFile } from './schema.js';
import { buildSamlProviders, type ConfiguredSamlProvider } from './saml-providers.js';
import { loadInstances } from './load-instances.js';
import { loadBuckets } from './load-buckets.js';

export function loadDirectoryData(configDir: string): DirectoryData {
  const issues: ConfigIssue[] = [];
  const display = (file: string) => relative(process.cwd(), file) || file;

  function readJson<T>(file: string, schema: ZodType<T>): T | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      issues.push({ file: display(file), path: '', message: `cannot read JSON: ${(error as Error).message}` });
      return undefined;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push({ file: display(file), path: formatPath(issue.path), message: issue.message });
      return undefined;
    }
    return result.data;
  }

  function policy(file: string, path: string, id: string, document: unknown, kind: PolicyKind): NamedPolicy | undefined {
    try {
      return { id, document: parsePolicy(JSON.stringify(document), kind) };
    } catch (error) {
      if (!isBridgeError(error)) throw error;
      issues.push({ file: display(file), path, message: error.message });
      return undefined;
    }
  }

  const accounts: Account[] = [];
  const users: User[] = [];
  const groups: Group[] = [];
  const roles: Role[] = [];
  const managedPolicies: ManagedPolicy[] = [];
  const samlProviders: ConfiguredSamlProvider[] = [];
  const references: Array<{ file: string; path: string; arn: string }> = [];

  const awsFile = join(configDir, 'aws-managed-policies.json');
  const aws = readJson(awsFile, awsManagedPoliciesFileSchema);
  aws?.policies.forEach((p, i) => {
    const arn = `arn:aws:iam::aws:policy${p.path}${p.name}`;
    const named = policy(awsFile, `policies[${i}].document`, arn, p.document, 'identity');
    if (named) managedPolicies.push({ arn, name: p.name, account: 'aws', policy: named });
  });

  const accountDir = join(configDir, 'accounts');
  let files: string[] = [];
  try {
    files = readdirSync(accountDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    issues.push({ file: display(accountDir), path: '', message: 'directory not found' });
  }
  if (files.length === 0 && issues.length === 0) issues.push({ file: display(accountDir), path: '', message: 'no account files' });

  const parsedAccounts: Array<{ file: string; data: AccountFile }> = [];
  for (const name of files) {
    const file = join(accountDir, name);
    const data = readJson(file, accountFileSchema);
    if (data) parsedAccounts.push({ file, data });
  }

  for (const { file, data } of parsedAccounts) {
    const id = data.id;
    accounts.push({ id, alias: data.alias });
    data.policies.forEach((p, i) => {
      const arn = iamArn(id, 'policy', p.path, p.name);
      const named = policy(file, `policies[${i}].document`, arn, p.document, 'identity');
      if (named) managedPolicies.push({ arn, name: p.name, account: id, policy: named });
    });
    const inline = (owner: string, path: string, docs: Record<string, Record<string, unknown>>) =>
      Object.entries(docs).flatMap(([policyName, doc]) => {
        const named = policy(file, `${path}.${policyName}`, `${owner}#inline/${policyName}`, doc, 'identity');
        return named ? [named] : [];
      });
    const refs = (path: string, arns: readonly string[]) => arns.forEach((arn, i) => references.push({ file, path: `${path}[${i}]`, arn }));

    data.groups.forEach((g, i) => {
      const arn = iamArn(id, 'group', g.path, g.name);
      refs(`groups[${i}].managedPolicies`, g.managedPolicies);
      groups.push({ account: id, name: g.name, path: g.path, arn, inlinePolicies: inline(arn, `groups[${i}].inlinePolicies`, g.inlinePolicies), managedPolicyArns: g.managedPolicies });
    });
    data.users.forEach((u, i) => {
      const arn = iamArn(id, 'user', u.path, u.name);
      refs(`users[${i}].managedPolicies`, u.managedPolicies);
      if (u.permissionsBoundary) refs(`users[${i}].permissionsBoundary`, [u.permissionsBoundary]);
      u.groups.forEach((g, j) => {
        if (!data.groups.some((group) => group.name === g)) issues.push({ file: display(file), path: `users[${i}].groups[${j}]`, message: `unknown group "${g}"` });
      });
      u.mfaDevices.forEach((d, j) => {
        if (!d.serial.startsWith(`arn:aws:iam::${id}:mfa/`)) issues.push({ file: display(file), path: `users[${i}].mfaDevices[${j}].serial`, message: `must belong to account ${id}` });
      });
      users.push({
        account: id, name: u.name, path: u.path, arn, uniqueId: stableUniqueId('AIDA', arn), groups: u.groups, accessKeys: u.accessKeys,
        ...(u.password ? { password: u.password } : {}), ...(u.passwordHash ? { passwordHash: u.passwordHash } : {}),
        mfaDevices: u.mfaDevices, inlinePolicies: inline(arn, `users[${i}].inlinePolicies`, u.inlinePolicies), managedPolicyArns: u.managedPolicies,
        ...(u.permissionsBoundary ? { boundaryArn: u.permissionsBoundary } : {}), tags: u.tags,
      });
    });
    data.roles.forEach((r, i) => {
      const arn = iamArn(id, 'role', r.path, r.name);
      refs(`roles[${i}].managedPolicies`, r.managedPolicies);
      if (r.permissionsBoundary) refs(`roles[${i}].permissionsBoundary`, [r.permissionsBoundary]);
      const trust = policy(file, `roles[${i}].trustPolicy`, `${arn}#trust`, r.trustPolicy, 'trust');
      if (!trust) return;
      roles.push({
        account: id, name: r.name, path: r.path, arn, uniqueId: stableUniqueId('AROA', arn), ...(r.description ? { description: r.description } : {}),
        trustPolicy: trust, inlinePolicies: inline(arn, `roles[${i}].inlinePolicies`, r.inlinePolicies), managedPolicyArns: r.managedPolicies,
        ...(r.permissionsBoundary ? { boundaryArn: r.permissionsBoundary } : {}), maxSessionDuration: r.maxSessionDuration, tags: r.tags,
      });
    });
  }

  for (const { file, data } of parsedAccounts) {
    samlProviders.push(...buildSamlProviders(configDir, display(file), data.id, data.samlProviders, issues));
  }
  checkUnique(issues, samlProviders.map((p) => ({ file: p.account, path: 'samlProviders', value: p.arn })), 'SAML provider');
  checkUnique(issues, parsedAccounts.map(({ file, data }) => ({ file: display(file), path: 'id', value: data.id })), 'account id');
  checkUnique(issues, parsedAccounts.map(({ file, data }) => ({ file: display(file), path: 'alias', value: data.alias })), 'account alias');
  checkUnique(
    issues,
    parsedAccounts.flatMap(({ file, data }) => data.users.flatMap((u, i) => u.accessKeys.map((k, j) => ({ file: display(file), path: `users[${i}].accessKeys[${j}].id`, value: k.id })))),
    'access key id',
  );
  checkUnique(issues, parsedAccounts.flatMap(({ file, data }) => data.roles.map((r, i) => ({ file: display(file), path: `roles[${i}].name`, value: `${data.id}/${r.name}` }))), 'role name');
  checkUnique(issues, parsedAccounts.flatMap(({ file, data }) => data.users.map((u, i) => ({ file: display(file), path: `users[${i}].name`, value: `${data.id}/${u.name}` }))), 'user name');
  const known = new Set(managedPolicies.map((p) => p.arn));
  for (const ref of references) {
    if (!known.has(ref.arn)) issues.push({ file: display(ref.file), path: ref.path, message: `unknown managed policy ${ref.arn}` });
  }
  const fleet = loadInstances(
    parsedAccounts.map(({ file, data }) => ({ file: display(file), account: data.id, instances: data.instances, instanceProfiles: data.instanceProfiles })),
    roles,
    issues,
  );
  const buckets = loadBuckets(parsedAccounts.map(({ file, data }) => ({ file: display(file), account: data.id, buckets: data.buckets })), issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return { accounts, users, groups, roles, managedPolicies, samlProviders, ...fleet, buckets };
}

function checkUnique(issues: ConfigIssue[], items: Array<{ file: string; path: string; value: string }>, what: string): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.value);
    if (first) issues.push({ file: item.file, path: item.path, message: `duplicate ${what} "${item.value}" (first defined in ${first})` });
    else seen.set(item.value, item.file);
  }
}
