/**
 * @module config/load-instances — instances and instance profiles of every account, validated.
 *
 * Checks, each reported with file, path and reason: a profile names a role of its own account; an
 * instance names a profile of its own account; instance ids are unique across all accounts and
 * profile names within an account; and the profile's role trusts the service principal
 * `ec2.amazonaws.com` for `sts:AssumeRole` — decided by the policy engine with the same trust
 * evaluation the assume-role use case applies when an instance asks for credentials (for each
 * instance, with its id as `sts:RoleSessionName`). A profile the role does not trust is refused at
 * start-up instead of failing on the first metadata request.
 */
import { createHash } from 'node:crypto';
import { evaluateTrustPolicy, type Instance, type InstanceProfile, type Role } from '../core/index.js';
import type { ContextValue, PrincipalContext } from '../policy/index.js';
import type { ConfigIssue } from './config-error.js';
import type { InstanceConfig, InstanceProfileConfig } from './instance-schema.js';

/** The service principal that instance profiles hand their role to. */
export const EC2_SERVICE_PRINCIPAL = 'ec2.amazonaws.com';

export interface AccountFleet {
  /** File name as shown in error messages. */
  readonly file: string;
  readonly account: string;
  readonly instances: readonly InstanceConfig[];
  readonly instanceProfiles: readonly InstanceProfileConfig[];
}

export interface LoadedFleet {
  readonly instances: Instance[];
  readonly instanceProfiles: InstanceProfile[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AIPA` + 17 base32 characters of SHA-256 over the ARN (stable across restarts, like AROA/AIDA ids). */
function profileUniqueId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let out = 'AIPA';
  for (let i = 0; i < 17; i++) out += BASE32[digest[i]! & 31];
  return out;
}

const ec2Principal: PrincipalContext = { kind: 'service', account: '', arn: EC2_SERVICE_PRINCIPAL, service: EC2_SERVICE_PRINCIPAL };

/**
 * Why the role does not trust EC2 (for `sts:AssumeRole`), or undefined when it does. Without a
 * session name, a refusal that hinges on `sts:RoleSessionName` is left to the per-instance check.
 */
export function ec2TrustProblem(role: Role, sessionName: string | undefined, nowMs: number): string | undefined {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
  };
  if (sessionName !== undefined) context['sts:RoleSessionName'] = sessionName;
  for (const [key, value] of Object.entries(role.tags)) context[`aws:ResourceTag/${key}`] = value;
  const decision = evaluateTrustPolicy(ec2Principal, 'sts:AssumeRole', role, context);
  if (decision.allowed) return undefined;
  if (sessionName === undefined && decision.decision !== 'ExplicitDeny' && decision.missingContextKeys.includes('sts:RoleSessionName')) return undefined;
  return `role "${role.name}" does not trust the service principal ${EC2_SERVICE_PRINCIPAL} (sts:AssumeRole): ${decision.summary}`;
}

export function loadInstances(accounts: readonly AccountFleet[], roles: readonly Role[], issues: ConfigIssue[], nowMs: number = Date.now()): LoadedFleet {
  const instances: Instance[] = [];
  const instanceProfiles: InstanceProfile[] = [];
  const rolesByName = new Map(roles.map((r) => [`${r.account}/${r.name}`, r]));
  const instanceIds = new Map<string, string>();

  for (const { file, account, instances: instanceConfigs, instanceProfiles: profileConfigs } of accounts) {
    const profiles = new Map<string, { profile: InstanceProfile; role: Role | undefined; index: number; trusted: boolean }>();
    profileConfigs.forEach((p, i) => {
      if (profiles.has(p.name)) {
        issues.push({ file, path: `instanceProfiles[${i}].name`, message: `duplicate instance profile name "${p.name}"` });
        return;
      }
      const role = rolesByName.get(`${account}/${p.role}`);
      let trusted = false;
      if (!role) {
        issues.push({ file, path: `instanceProfiles[${i}].role`, message: `unknown role "${p.role}" (an instance profile names a role of its own account)` });
      } else {
        const problem = ec2TrustProblem(role, undefined, nowMs);
        if (problem) issues.push({ file, path: `instanceProfiles[${i}].role`, message: problem });
        trusted = problem === undefined;
      }
      const arn = `arn:aws:iam::${account}:instance-profile${p.path}${p.name}`;
      const profile: InstanceProfile = {
        account,
        name: p.name,
        path: p.path,
        arn,
        uniqueId: profileUniqueId(arn),
        roleName: p.role,
        roleArn: role?.arn ?? `arn:aws:iam::${account}:role/${p.role}`,
      };
      profiles.set(p.name, { profile, role, index: i, trusted });
      instanceProfiles.push(profile);
    });

    instanceConfigs.forEach((c, j) => {
      const first = instanceIds.get(c.id);
      if (first) issues.push({ file, path: `instances[${j}].id`, message: `duplicate instance id "${c.id}" (first defined in ${first})` });
      else instanceIds.set(c.id, file);
      if (c.instanceProfile !== undefined) {
        const entry = profiles.get(c.instanceProfile);
        if (!entry) {
          issues.push({ file, path: `instances[${j}].instanceProfile`, message: `unknown instance profile "${c.instanceProfile}" (an instance uses a profile of its own account)` });
        } else if (entry.role && entry.trusted) {
          // The session name is the instance id; a trust condition on it must hold too.
          const problem = ec2TrustProblem(entry.role, c.id, nowMs);
          if (problem) issues.push({ file, path: `instances[${j}].instanceProfile`, message: problem });
        }
      }
      const availabilityZone = c.availabilityZone ?? `${c.region}a`;
      if (!availabilityZone.startsWith(c.region)) {
        issues.push({ file, path: `instances[${j}].availabilityZone`, message: `must be in region ${c.region}` });
      }
      instances.push({
        account,
        id: c.id,
        arn: `arn:aws:ec2:${c.region}:${account}:instance/${c.id}`,
        name: c.name,
        instanceType: c.instanceType,
        region: c.region,
        availabilityZone,
        ...(c.instanceProfile !== undefined ? { instanceProfile: c.instanceProfile } : {}),
        httpTokens: c.metadataOptions.httpTokens,
        tags: { Name: c.name, ...c.tags },
      });
    });
  }
  return { instances, instanceProfiles };
}
