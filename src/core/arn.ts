/**
 * @module core/arn — ARN parsing and formatting (IAM User Guide, "IAM identifiers").
 */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;

export function parseArn(text: string): Arn | undefined {
  const match = ARN_PATTERN.exec(text);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition: partition!, service: service!, region: region!, account: account!, resource: resource! };
}

export interface RoleArnParts {
  readonly partition: string;
  readonly account: string;
  readonly path: string;
  readonly name: string;
}

/** `arn:aws:iam::ACCT:role/optional/path/NAME`. */
export function parseRoleArn(text: string): RoleArnParts | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'iam' || arn.region !== '' || !/^\d{12}$/.test(arn.account)) return undefined;
  const match = /^role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/.exec(arn.resource);
  if (!match) return undefined;
  return { partition: arn.partition, account: arn.account, path: match[1]!, name: match[2]! };
}

export function iamArn(account: string, kind: 'user' | 'role' | 'group' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${account}:${kind}${path}${name}`;
}

export function accountRootArn(account: string): string {
  return `arn:aws:iam::${account}:root`;
}

/** The role path is dropped in session ARNs (sts.md §3.3). */
export function assumedRoleArn(account: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

export function federatedUserArn(account: string, name: string): string {
  return `arn:aws:sts::${account}:federated-user/${name}`;
}
