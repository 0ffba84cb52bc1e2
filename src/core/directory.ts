/**
 * @module core/directory — read-only lookups over the IAM directory loaded from configuration.
 */
import type { NamedPolicy } from '../policy/index.js';
import type { Bucket } from './resources/types.js';
import type { AccessKey, Account, DirectoryData, Group, Instance, InstanceProfile, ManagedPolicy, MfaDevice, Role, SamlProvider, User } from './directory-types.js';

/** An instance with the profile and role it carries (the role is absent when it has no profile). */
export interface InstanceRole {
  readonly instance: Instance;
  readonly profile?: InstanceProfile;
  readonly role?: Role;
}

export interface Directory {
  readonly accounts: readonly Account[];
  account(idOrAlias: string): Account | undefined;
  userByAccessKey(accessKeyId: string): { user: User; key: AccessKey } | undefined;
  userByName(account: string, name: string): User | undefined;
  userByArn(arn: string): User | undefined;
  roleByArn(arn: string): Role | undefined;
  roleByName(account: string, name: string): Role | undefined;
  rolesOf(account: string): readonly Role[];
  usersOf(account: string): readonly User[];
  managedPolicy(arn: string): ManagedPolicy | undefined;
  mfaDevice(serial: string): { user: User; device: MfaDevice } | undefined;
  /** Identity policies of a user: its inline and managed policies, then those of its groups. */
  userPolicies(user: User): NamedPolicy[];
  /** Identity policies of a role: inline then managed. */
  rolePolicies(role: Role): NamedPolicy[];
  boundary(arn: string | undefined): NamedPolicy | undefined;
  /** Simulated EC2 instances of every account, in configuration order. */
  readonly instances: readonly Instance[];
  instance(id: string): Instance | undefined;
  instancesOf(account: string): readonly Instance[];
  instanceProfile(account: string, name: string): InstanceProfile | undefined;
  /** The instance, its instance profile and that profile's role. */
  instanceRole(instanceId: string): InstanceRole | undefined;
  /** Simulated S3 buckets of every account, in configuration order. */
  readonly buckets: readonly Bucket[];
  /** A bucket by its (globally unique) name. */
  bucket(name: string): Bucket | undefined;
  /** The buckets an account owns (what its ListBuckets shows). */
  bucketsOf(account: string): readonly Bucket[];
  /** Every configured SAML provider, all accounts. */
  readonly samlProviders: readonly SamlProvider[];
  samlProvider(arn: string): SamlProvider | undefined;
}

export function createDirectory(data: DirectoryData): Directory {
  const accountsById = new Map(data.accounts.map((a) => [a.id, a]));
  const accountsByAlias = new Map(data.accounts.map((a) => [a.alias, a]));
  const usersByKey = new Map<string, { user: User; key: AccessKey }>();
  const usersByArn = new Map<string, User>();
  const usersByName = new Map<string, User>();
  const mfaBySerial = new Map<string, { user: User; device: MfaDevice }>();
  for (const user of data.users) {
    usersByArn.set(user.arn, user);
    usersByName.set(`${user.account}/${user.name}`, user);
    for (const key of user.accessKeys) usersByKey.set(key.id, { user, key });
    for (const device of user.mfaDevices) mfaBySerial.set(device.serial, { user, device });
  }
  const groupsByName = new Map<string, Group>(data.groups.map((g) => [`${g.account}/${g.name}`, g]));
  const rolesByArn = new Map(data.roles.map((r) => [r.arn, r]));
  // IAM role names are unique per account regardless of path.
  const rolesByName = new Map(data.roles.map((r) => [`${r.account}/${r.name}`, r]));
  const policiesByArn = new Map(data.managedPolicies.map((p) => [p.arn, p]));
  const instances = data.instances ?? [];
  const buckets = data.buckets ?? [];
  const bucketsByName = new Map(buckets.map((b) => [b.name, b]));
  const instancesById = new Map(instances.map((i) => [i.id, i]));
  const profilesByName = new Map((data.instanceProfiles ?? []).map((p) => [`${p.account}/${p.name}`, p]));
  const samlByArn = new Map((data.samlProviders ?? []).map((p) => [p.arn, p]));

  const managed = (arns: readonly string[]): NamedPolicy[] =>
    arns.flatMap((arn) => {
      const policy = policiesByArn.get(arn);
      return policy ? [policy.policy] : [];
    });

  return {
    accounts: data.accounts,
    account: (idOrAlias) => accountsById.get(idOrAlias) ?? accountsByAlias.get(idOrAlias),
    userByAccessKey: (id) => usersByKey.get(id),
    userByName: (account, name) => usersByName.get(`${account}/${name}`),
    userByArn: (arn) => usersByArn.get(arn),
    roleByArn: (arn) => rolesByArn.get(arn),
    roleByName: (account, name) => rolesByName.get(`${account}/${name}`),
    rolesOf: (account) => data.roles.filter((r) => r.account === account),
    usersOf: (account) => data.users.filter((u) => u.account === account),
    managedPolicy: (arn) => policiesByArn.get(arn),
    mfaDevice: (serial) => mfaBySerial.get(serial),
    userPolicies(user) {
      const own = [...user.inlinePolicies, ...managed(user.managedPolicyArns)];
      const fromGroups = user.groups.flatMap((name) => {
        const group = groupsByName.get(`${user.account}/${name}`);
        return group ? [...group.inlinePolicies, ...managed(group.managedPolicyArns)] : [];
      });
      return [...own, ...fromGroups];
    },
    rolePolicies: (role) => [...role.inlinePolicies, ...managed(role.managedPolicyArns)],
    boundary: (arn) => (arn ? policiesByArn.get(arn)?.policy : undefined),
    buckets,
    bucket: (name) => bucketsByName.get(name),
    bucketsOf: (account) => buckets.filter((b) => b.account === account),
    instances,
    instance: (id) => instancesById.get(id),
    instancesOf: (account) => instances.filter((i) => i.account === account),
    instanceProfile: (account, name) => profilesByName.get(`${account}/${name}`),
    instanceRole(instanceId) {
      const instance = instancesById.get(instanceId);
      if (!instance) return undefined;
      const profile = instance.instanceProfile ? profilesByName.get(`${instance.account}/${instance.instanceProfile}`) : undefined;
      const role = profile ? rolesByName.get(`${profile.account}/${profile.roleName}`) : undefined;
      return { instance, ...(profile ? { profile } : {}), ...(role ? { role } : {}) };
    },
    samlProviders: data.samlProviders ?? [],
    samlProvider: (arn) => samlByArn.get(arn),
  };

}
